"""Organiser screens: editing the edition, template, locations, speakers and offers."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.programme.models import LocationDay, ProgrammeItem, Speaker
from app.timeutil import utcnow


@pytest.fixture()
def setup(make_edition, make_location, make_user, auth):
    edition = make_edition()
    rotterdam = make_location(edition, "Rotterdam")
    zutphen = make_location(edition, "Zutphen")
    make_user("organiser@example.org")
    auth.login("organiser@example.org")
    return dict(edition=edition, rotterdam=rotterdam, zutphen=zutphen)


def _error_beside(page: str, field_id: str, message: str) -> bool:
    """The message sits in the error paragraph linked to the field."""
    return f'id="{field_id}-error">{message}' in page and f'aria-describedby="{field_id}-error"' in page


def test_end_before_start_is_refused_beside_the_field(client, setup):
    item = setup["edition"].programme_items[1]
    response = client.post(
        f"/beheer/programma/{item.id}/bewerken",
        data={"kind": "introduction", "title": "Inleiding", "start_time": "11:00", "end_time": "10:00"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _error_beside(page, "end_time", "De eindtijd moet na de begintijd liggen.")
    assert 'value="11:00"' in page  # what was typed stays
    db.session.expire_all()
    assert (item.start_time.hour, item.end_time.hour) == (10, 11)


def _location_form(**overrides):
    data = {
        "city": "Beilen",
        "slug": "beilen",
        "venue": "Dorpshuis",
        "address": "Brink 1, Beilen",
        "date": "2027-01-15",
        "doors_open": "09:30",
        "capacity": "80",
        "registration_opens_at": "2026-12-01T09:00",
        "registration_closes_at": "2027-01-10T23:59",
        "coordinating_organisations": "",
    }
    return data | overrides


@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    [
        ({"capacity": "-5"}, "capacity", "Het aantal plaatsen kan niet negatief zijn."),
        (
            {"registration_closes_at": "2026-11-30T09:00"},
            "registration_closes_at",
            "De inschrijving moet sluiten na het moment van openen.",
        ),
        ({"city": ""}, "city", "Vul de plaats in."),
        ({"venue": "   "}, "venue", "Vul de naam van het gebouw in."),
        ({"date": "31-02-2027"}, "date", "Vul een geldige datum in."),
    ],
)
def test_bad_location_input_changes_nothing(client, setup, overrides, field_id, message):
    location = setup["zutphen"]
    before = (location.city, location.venue, location.capacity, location.registration_closes_at)
    response = client.post(f"/beheer/locaties/{location.id}/bewerken", data=_location_form(**overrides))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _error_beside(page, field_id, message), page[page.find("error-summary") :][:600]
    db.session.expire_all()
    assert (location.city, location.venue, location.capacity, location.registration_closes_at) == before


def test_new_location_is_stored_in_utc_and_shown_in_amsterdam_time(client, setup):
    response = client.post(f"/beheer/edities/{setup['edition'].id}/locaties/nieuw", data=_location_form())
    assert response.status_code == 302
    location = db.session.scalar(select(LocationDay).where(LocationDay.slug == "beilen"))
    assert location.registration_opens_at.hour == 8  # 09:00 in winter is 08:00 UTC
    page = client.get(f"/beheer/locaties/{location.id}/bewerken").get_data(as_text=True)
    assert 'value="2026-12-01T09:00"' in page


def test_empty_speaker_name_is_refused(client, setup):
    location = setup["rotterdam"]
    intro = next(i for i in setup["edition"].programme_items if i.kind == "introduction")
    response = client.post(
        f"/beheer/locaties/{location.id}",
        data={"programme_item_id": intro.id, "speaker_id": 0, "name": " ", "organisation": "", "title": ""},
    )
    page = response.get_data(as_text=True)
    assert "Kies een bestaande spreker of vul de naam van een nieuwe spreker in." in page
    assert db.session.scalar(select(Speaker)) is None


def test_adding_the_same_speaker_at_two_locations_keeps_one_person(client, setup):
    intro = next(i for i in setup["edition"].programme_items if i.kind == "introduction")
    for city in ("rotterdam", "zutphen"):
        response = client.post(
            f"/beheer/locaties/{setup[city].id}",
            data={
                "programme_item_id": intro.id,
                "speaker_id": 0,
                "name": "Hans Bosselaar",
                "organisation": "VU",
                "title": "Bouwplaats",
            },
        )
        assert response.status_code == 302
    speakers = db.session.scalars(select(Speaker)).all()
    assert len(speakers) == 1 and len(speakers[0].contributions) == 2


def test_reordering_moves_an_item_and_every_location_follows(client, setup):
    items = setup["edition"].programme_items
    third = items[2]
    client.post(f"/beheer/programma/{third.id}/verplaatsen", data={"direction": "up"})
    db.session.expire_all()
    titles = [i.title for i in db.session.scalars(select(ProgrammeItem).order_by(ProgrammeItem.position))]
    assert titles[:3] == ["Welkom", "Uit de praktijk", "Inleiding"]
    page = client.get("/groeien-in-kracht/zutphen/").get_data(as_text=True)
    assert page.index("Uit de praktijk") < page.index("Inleiding</h3>")


def test_changing_the_template_changes_every_location_and_their_revision(client, setup):
    item = setup["edition"].programme_items[0]
    revisions = [setup["rotterdam"].revision, setup["zutphen"].revision]
    response = client.post(
        f"/beheer/programma/{item.id}/bewerken",
        data={"kind": "welcome", "title": "Koffie en welkom", "start_time": "09:45", "end_time": "10:15"},
    )
    assert response.status_code == 302
    for city in ("rotterdam", "zutphen"):
        page = client.get(f"/groeien-in-kracht/{city}/").get_data(as_text=True)
        assert "Koffie en welkom" in page and "09:45" in page
    db.session.expire_all()
    assert [setup["rotterdam"].revision, setup["zutphen"].revision] == [r + 1 for r in revisions]


def test_negative_workgroup_capacity_is_refused(client, setup):
    response = client.post(
        f"/beheer/edities/{setup['edition'].id}/werkgroepen",
        data={"title": "Maatjes naar werk", "description": "", "default_capacity": "-1", "min_size": "4"},
    )
    assert "De capaciteit kan niet negatief zijn." in response.get_data(as_text=True)


def test_readiness_marks_what_is_missing(client, setup, make_workgroup, make_offer):
    workgroup = make_workgroup(setup["edition"], "Participatiewet")
    make_offer(setup["rotterdam"], workgroup, room="", capacity=None)
    page = client.get(f"/beheer/edities/{setup['edition'].id}/gereedheid").get_data(as_text=True)
    assert "Geen spreker bij &#39;Inleiding&#39;" in page
    assert "zaal ontbreekt" in page and "capaciteit ontbreekt" in page
    assert "1 werkgroepen, minstens 4 nodig" in page
    assert "0 van 2 locaties zijn klaar" in page


def test_duplicate_offer_in_the_same_round_is_refused(client, setup, make_workgroup, make_offer):
    workgroup = make_workgroup(setup["edition"], "Participatiewet")
    make_offer(setup["rotterdam"], workgroup)
    response = client.post(
        f"/beheer/locaties/{setup['rotterdam'].id}/werkgroepen/nieuw",
        data={"workgroup_id": workgroup.id, "round": "1", "capacity": "10", "room": "B", "facilitator": "C"},
    )
    assert "Deze werkgroep staat in deze ronde al op het programma." in response.get_data(as_text=True)
    assert len(setup["rotterdam"].workgroup_offers) == 1


def _add_people(location, number: int, start: int = 0) -> None:
    """Confirmed people (and every third one waiting) with an address, in one insert."""
    from app.registration.models import Registration, Source, Status

    now = utcnow()
    db.session.execute(
        Registration.__table__.insert(),
        [
            dict(
                location_day_id=location.id,
                name=f"Deelnemer {i}",
                email=f"p{i}@example.org",
                email_normalised=f"p{i}@example.org",
                organisation="",
                municipality="",
                needs="",
                diet="",
                language="nl",
                status=Status.WAITING if i % 3 == 0 else Status.CONFIRMED,
                source=Source.ONLINE,
                link_nonce=f"n{i}",
                created_at=now,
                waiting_since=now,
                updated_at=now,
                revision=0,
                needs_step_free=False,
                needs_hearing_loop=False,
                over_capacity=False,
            )  # fmt: skip
            for i in range(start, start + number)
        ],
    )
    db.session.commit()


def test_item_edit_form_counts_the_audience_without_loading_it(client, setup, count_queries):
    """The form says how many people a time change would reach (confirmed and waiting, every
    location): counted in the database, so the page does not slow down with the edition."""
    item = setup["edition"].programme_items[0]

    def form_statements() -> tuple[str, int]:
        db.session.expire_all()
        with count_queries() as statements:
            page = client.get(f"/beheer/programma/{item.id}/bewerken").get_data(as_text=True)
        assert not [s for s in statements if "registration.name" in s]  # nobody is loaded to be counted
        return page, len(statements)

    _add_people(setup["rotterdam"], 3)
    _add_people(setup["zutphen"], 3, start=3)
    page, few = form_statements()
    assert "dan krijgen 6 deelnemers" in page
    _add_people(setup["rotterdam"], 600, start=6)
    page, many = form_statements()
    assert "dan krijgen 606 deelnemers" in page
    assert many == few
