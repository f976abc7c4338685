"""Offering workgroups: the rules every offer keeps (round of the programme, minimum at
most the capacity) and one workgroup at several locations in one form."""

import html
import re
from datetime import datetime

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.extensions import db
from app.workgroups import services
from app.workgroups.models import WorkgroupOffer


@pytest.fixture()
def season(make_edition, make_location, make_workgroup, make_user):
    """One workgroup round in the programme, three locations, a Rotterdam coordinator."""
    edition = make_edition()
    locations = {city: make_location(edition, city) for city in ("Rotterdam", "Amsterdam", "Zutphen")}
    workgroup = make_workgroup(edition, "Participatiewet", default_capacity=20, min_size=5)
    make_user("organiser@example.org")
    make_user("coordinator@example.org", role=Role.COORDINATOR, locations=[locations["Rotterdam"]])
    return dict(edition=edition, locations=locations, workgroup=workgroup)


def _offers():
    db.session.expire_all()
    return list(db.session.scalars(select(WorkgroupOffer).order_by(WorkgroupOffer.id)))


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _error_beside(page: str, field_id: str, message: str) -> bool:
    """The message sits in the error paragraph that the field points at."""
    linked = re.search(rf'id="{field_id}"[^>]*aria-describedby="[^"]*{field_id}-error|'
                       rf'aria-describedby="[^"]*{field_id}-error[^>]*id="{field_id}"', page)  # fmt: skip
    return f'id="{field_id}-error">{message}' in page and linked is not None


def _url(season) -> str:
    return f"/beheer/edities/{season['edition'].id}/werkgroepen/aanbieden"


def _row(location, **values) -> dict:
    fields = {"pick": "y", "round": "1", "room": "", "capacity": "", "min_size": "", "facilitator": ""} | values
    return {f"{name}_{location.id}": value for name, value in fields.items() if value is not None}


# --- the single form ----------------------------------------------------------------------


def test_round_two_is_refused_when_the_programme_has_one_workgroup_round(client, auth, season):
    auth.login("organiser@example.org")
    rotterdam = season["locations"]["Rotterdam"]
    response = client.post(
        f"/beheer/locaties/{rotterdam.id}/werkgroepen/nieuw",
        data={"workgroup_id": season["workgroup"].id, "round": "2", "capacity": "10", "room": "Zaal 3"},
    )
    page = _page(response)
    assert _error_beside(page, "round", "Het programma heeft 1 werkgroepronde: kies ronde 1.")
    assert 'value="Zaal 3"' in page  # nothing typed is lost
    assert _offers() == []
    # ... and the public form gets no broken "ronde 2" block.
    form = _page(client.get(f"/{season['edition'].slug}/rotterdam/aanmelden"))
    assert "Ronde 2" not in form and "ronde 2" not in form


def test_round_rule_holds_for_every_path_through_the_service(app, request_context, season):
    rotterdam = season["locations"]["Rotterdam"]
    with pytest.raises(services.WorkgroupError, match="1 werkgroepronde"):
        services.save_offer(WorkgroupOffer(), rotterdam, season["workgroup"], round=2, capacity=10)
    with pytest.raises(services.OfferRowsError):
        services.offer_at_locations(season["workgroup"], [services.OfferRow(rotterdam, round=2)])
    db.session.rollback()
    assert _offers() == []


def test_english_page_explains_the_round_in_english(client, auth, season):
    auth.login("organiser@example.org")
    client.get("/taal/en")
    rotterdam = season["locations"]["Rotterdam"]
    page = _page(
        client.post(
            f"/beheer/locaties/{rotterdam.id}/werkgroepen/nieuw",
            data={"workgroup_id": season["workgroup"].id, "round": "2", "capacity": "10"},
        )
    )
    assert "The programme has 1 workgroup round: choose round 1." in page


def test_minimum_above_the_capacity_is_refused(client, auth, season):
    auth.login("organiser@example.org")
    rotterdam = season["locations"]["Rotterdam"]
    page = _page(
        client.post(
            f"/beheer/locaties/{rotterdam.id}/werkgroepen/nieuw",
            data={"workgroup_id": season["workgroup"].id, "round": "1", "capacity": "8", "min_size": "12"},
        )
    )
    assert _error_beside(page, "min_size", "Het minimum (12) kan niet groter zijn dan de capaciteit (8).")
    assert 'value="12"' in page and 'value="8"' in page
    # The catalogue's own minimum counts when the location sets none.
    page = _page(
        client.post(
            f"/beheer/locaties/{rotterdam.id}/werkgroepen/nieuw",
            data={"workgroup_id": season["workgroup"].id, "round": "1", "capacity": "3"},
        )
    )
    assert "pas door vanaf 5 deelnemers" in page
    assert _offers() == []
    # A minimum within the capacity is kept, and the advice uses it.
    response = client.post(
        f"/beheer/locaties/{rotterdam.id}/werkgroepen/nieuw",
        data={"workgroup_id": season["workgroup"].id, "round": "1", "capacity": "3", "min_size": "2"},
    )
    assert response.status_code == 302
    assert [(o.capacity, o.min_size, o.minimum) for o in _offers()] == [(3, 2, 2)]


def test_catalogue_minimum_above_its_capacity_is_refused(client, auth, season):
    auth.login("organiser@example.org")
    page = _page(
        client.post(
            f"/beheer/edities/{season['edition'].id}/werkgroepen",
            data={"title": "Maatjes naar werk", "default_capacity": "10", "min_size": "15"},
        )
    )
    assert _error_beside(page, "min_size", "Het minimum (15) kan niet groter zijn dan de capaciteit (10).")
    assert 'value="Maatjes naar werk"' in page


# --- several locations at once ----------------------------------------------------------------


def test_one_save_offers_the_workgroup_at_every_ticked_location(client, auth, season):
    auth.login("organiser@example.org")
    rotterdam, amsterdam, zutphen = (season["locations"][c] for c in ("Rotterdam", "Amsterdam", "Zutphen"))
    form = _page(client.get(_url(season) + f"?werkgroep={season['workgroup'].id}"))
    assert "Aanbieden in Rotterdam" in form and "Aanbieden in Zutphen" in form
    wid = season["workgroup"].id
    assert re.search(rf'<option[^>]*selected[^>]*value="{wid}"|<option[^>]*value="{wid}"[^>]*selected', form)
    data = {
        "workgroup_id": season["workgroup"].id,
        **_row(rotterdam, room="Pauluskerk zaal 2", capacity="15", min_size="4", facilitator="Ans"),
        **_row(amsterdam, room="Zaal A"),
        **_row(zutphen, pick=None, room="typed but not ticked", round="7"),
    }
    response = client.post(_url(season), data=data, follow_redirects=True)
    assert "Participatiewet wordt nu aangeboden in: Rotterdam, Amsterdam." in _page(response)
    offers = {o.location_day.city: o for o in _offers()}
    assert set(offers) == {"Rotterdam", "Amsterdam"}
    assert (offers["Rotterdam"].room, offers["Rotterdam"].capacity, offers["Rotterdam"].min_size) == (
        "Pauluskerk zaal 2",
        15,
        4,
    )
    assert offers["Rotterdam"].facilitator == "Ans"
    assert (offers["Amsterdam"].capacity, offers["Amsterdam"].min_size) == (20, None)  # the catalogue's
    public = _page(client.get(f"/{season['edition'].slug}/amsterdam/"))
    assert "Participatiewet" in public


def test_errors_are_shown_per_row_and_nothing_is_saved(client, auth, season, make_offer):
    auth.login("organiser@example.org")
    rotterdam, amsterdam, zutphen = (season["locations"][c] for c in ("Rotterdam", "Amsterdam", "Zutphen"))
    make_offer(zutphen, season["workgroup"], round=1)
    data = {
        "workgroup_id": season["workgroup"].id,
        **_row(rotterdam, room="Zaal 1", capacity="10", min_size="11"),
        **_row(amsterdam, room="Zaal A", round="2"),
        **_row(zutphen, room="Zaal Z"),
    }
    response = client.post(_url(season), data=data)
    page = _page(response)
    assert response.status_code == 400
    assert "Niets is opgeslagen" in page
    assert _error_beside(
        page, f"min_size_{rotterdam.id}", "Het minimum (11) kan niet groter zijn dan de capaciteit (10)."
    )
    assert _error_beside(page, f"round_{amsterdam.id}", "Het programma heeft 1 werkgroepronde: kies ronde 1.")
    assert "Deze werkgroep staat in deze ronde al op het programma." in page
    assert f'href="#round_{amsterdam.id}">Amsterdam, Ronde:' in page  # the summary names the row
    for typed in ('value="Zaal 1"', 'value="Zaal A"', 'value="Zaal Z"', 'value="11"'):
        assert typed in page
    assert len(_offers()) == 1  # only Zutphen's earlier offer: all or nothing


def test_a_ticked_row_without_round_and_no_row_at_all_are_refused(client, auth, season):
    auth.login("organiser@example.org")
    rotterdam = season["locations"]["Rotterdam"]
    page = _page(client.post(_url(season), data={"workgroup_id": season["workgroup"].id}))
    assert "Vink minstens één locatie aan." in page
    page = _page(client.post(_url(season), data={"workgroup_id": season["workgroup"].id, **_row(rotterdam, round="")}))
    assert _error_beside(page, f"round_{rotterdam.id}", "Vul de ronde in.")
    assert _offers() == []


def test_coordinator_gets_and_may_use_only_their_own_locations(client, auth, season):
    auth.login("coordinator@example.org")
    rotterdam, amsterdam = season["locations"]["Rotterdam"], season["locations"]["Amsterdam"]
    form = _page(client.get(_url(season)))
    assert "Aanbieden in Rotterdam" in form and "Amsterdam" not in form
    # A hand-made post naming Amsterdam is refused as a whole, and saves nothing.
    data = {"workgroup_id": season["workgroup"].id, **_row(rotterdam, room="R"), **_row(amsterdam, room="A")}
    response = client.post(_url(season), data=data)
    assert response.status_code == 400
    assert "alleen aanbieden op locaties die u beheert" in _page(response)
    assert _offers() == []
    response = client.post(_url(season), data={"workgroup_id": season["workgroup"].id, **_row(rotterdam, room="R")})
    assert response.status_code == 302
    assert [o.location_day.city for o in _offers()] == ["Rotterdam"]


def test_coordinator_of_another_edition_is_turned_away(client, auth, season, make_edition, make_location, make_user):
    other = make_edition(slug="volgend-jaar", year=2014)
    make_user("elsewhere@example.org", role=Role.COORDINATOR, locations=[make_location(other, "Beilen")])
    auth.login("elsewhere@example.org")
    assert client.get(_url(season)).status_code == 403
    response = client.post(
        _url(season), data={"workgroup_id": season["workgroup"].id, **_row(season["locations"]["Rotterdam"])}
    )
    assert response.status_code == 403
    assert _offers() == []


@pytest.mark.parametrize(
    "hostile",
    [
        {"room": "Zaal\r\n1"},
        {"room": "Zaal\x001"},
        {"capacity": "9" * 40},
        {"capacity": "-3"},
        {"round": "99999999999999999999"},
        {"min_size": "²"},
    ],
)
def test_hostile_input_gets_a_message_and_changes_nothing(client, auth, season, hostile):
    auth.login("organiser@example.org")
    rotterdam = season["locations"]["Rotterdam"]
    data = {"workgroup_id": season["workgroup"].id, **_row(rotterdam, **hostile)}
    response = client.post(_url(season), data=data)
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)
    assert _offers() == []


def test_unknown_workgroup_is_refused(client, auth, season):
    auth.login("organiser@example.org")
    rotterdam = season["locations"]["Rotterdam"]
    response = client.post(_url(season), data={"workgroup_id": "999999", **_row(rotterdam)})
    assert response.status_code == 400
    assert _offers() == []


# --- archived catalogue workgroups ---------------------------------------------------------


@pytest.fixture()
def archived(season, make_workgroup):
    """A second workgroup, taken out of the catalogue."""
    workgroup = make_workgroup(season["edition"], "Oude schuldhulp", default_capacity=20)
    workgroup.archived_at = datetime(2026, 1, 5, 12, 0)
    db.session.commit()
    return workgroup


def _options(page: str) -> list[str]:
    return re.findall(r"<option[^>]*>([^<]*)</option>", page)


def test_archived_workgroup_is_not_offered_in_either_form(client, auth, season, archived):
    auth.login("organiser@example.org")
    rotterdam = season["locations"]["Rotterdam"]
    single = _page(client.get(f"/beheer/locaties/{rotterdam.id}/werkgroepen/nieuw"))
    several = _page(client.get(_url(season)))
    for page in (single, several):
        assert "Participatiewet" in _options(page)
        assert "Oude schuldhulp" not in page
    # Posting its id anyway (an old tab) saves nothing, in either form.
    response = client.post(
        f"/beheer/locaties/{rotterdam.id}/werkgroepen/nieuw",
        data={"workgroup_id": archived.id, "round": "1", "capacity": "10", "room": "Zaal 3"},
    )
    assert 'value="Zaal 3"' in _page(response)
    response = client.post(_url(season), data={"workgroup_id": archived.id, **_row(rotterdam)})
    assert response.status_code == 400
    assert _offers() == []


def test_service_refuses_an_offer_of_an_archived_workgroup(app, request_context, season, archived):
    rotterdam = season["locations"]["Rotterdam"]
    message = "Deze werkgroep is gearchiveerd en kan niet meer worden aangeboden."
    with pytest.raises(services.WorkgroupError, match=message) as refused:
        services.save_offer(WorkgroupOffer(), rotterdam, archived, round=1, capacity=10)
    assert refused.value.field == "workgroup_id"
    with pytest.raises(services.OfferRowsError) as rows:
        services.offer_at_locations(archived, [services.OfferRow(rotterdam, round=1)])
    assert message in rows.value.problems[rotterdam.id][0][1]
    db.session.rollback()
    assert _offers() == []


def test_refusal_of_an_archived_workgroup_is_translated(app, season, archived):
    with app.test_request_context("/?lang=en"):
        with pytest.raises(services.WorkgroupError, match="archived") as refused:
            services.save_offer(WorkgroupOffer(), season["locations"]["Rotterdam"], archived, round=1)
    assert "gearchiveerd" not in str(refused.value)


def test_an_existing_offer_of_a_workgroup_archived_later_can_still_be_edited(
    client, auth, season, archived, make_offer
):
    rotterdam = season["locations"]["Rotterdam"]
    offer = make_offer(rotterdam, archived, room="Zaal 1")
    auth.login("organiser@example.org")
    form = _page(client.get(f"/beheer/aanbod/{offer.id}/bewerken"))
    assert "Oude schuldhulp" in _options(form)
    client.post(
        f"/beheer/aanbod/{offer.id}/bewerken",
        data={"workgroup_id": archived.id, "round": "1", "capacity": "20", "room": "Zaal 9"},
    )
    assert [o.room for o in _offers()] == ["Zaal 9"]
