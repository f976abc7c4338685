"""At the door: the check-in list with everyone, letter and workgroup filters, one-tap
check-in and undo (with and without JavaScript), walk-ins over capacity."""

import re

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.extensions import db
from app.registration import links, services
from app.registration.models import Registration, Source, Status
from app.timeutil import utcnow
from app.workgroups.models import WorkgroupAssignment


@pytest.fixture()
def organiser(auth, make_user):
    make_user("organiser@example.org", Role.ORGANISER)
    auth.login("organiser@example.org")


def door(day, **query) -> str:
    from urllib.parse import urlencode

    return f"/beheer/locaties/{day.id}/inchecken" + (f"?{urlencode(query)}" if query else "")


def names_in_order(page: str, names: list[str]) -> list[str]:
    return sorted((name for name in names if name in page), key=page.index)


def assign(registration, offer):
    db.session.add(WorkgroupAssignment(registration_id=registration.id, round=offer.round, offer_id=offer.id))
    db.session.commit()


def test_everyone_is_listed_at_once_in_dutch_name_order(client, organiser, day, register):
    day.capacity = 10
    db.session.commit()
    names = ["Piet van Aalst", "Els van den Berg", "Anna Bakker", "Jan de Vries", "Émile Zola"]
    for name in reversed(names):
        register(name=name)
    gone = register(name="Weg Gegaan")
    services.cancel_registration(gone)
    db.session.commit()
    page = client.get(door(day)).get_data(as_text=True)
    # Aalst, Bakker, Berg (van den), Vries (de), Zola: particles do not count.
    expected = ["Piet van Aalst", "Anna Bakker", "Els van den Berg", "Jan de Vries", "Émile Zola"]
    assert names_in_order(page, names) == expected
    assert "Weg Gegaan" not in page  # cancelled people are not at the door
    assert page.count("data-door") == 5 and "Iedereen (5)" in page
    assert '"count-present">0</strong> van de 5 aangemelden zijn binnen' in page


def test_letter_bar_filters_by_surname_without_javascript(client, organiser, day, register):
    day.capacity = 10
    db.session.commit()
    for name in ["Els van den Berg", "Anna Bakker", "Jan de Vries", "Bert Visser"]:
        register(name=name)
    page = client.get(door(day)).get_data(as_text=True)
    # Plain links: B and V have people, A has nobody and is not a link.
    assert f'href="{door(day, letter="B")}"' in page and f'href="{door(day, letter="V")}"' in page
    assert f'href="{door(day, letter="A")}"' not in page
    b_page = client.get(door(day, letter="B")).get_data(as_text=True)
    assert names_in_order(b_page, ["Anna Bakker", "Els van den Berg", "Jan de Vries", "Bert Visser"]) == [
        "Anna Bakker",
        "Els van den Berg",
    ]
    assert 'aria-current="page">B</a>' in b_page and "2 van 4 mensen gevonden" in b_page
    # Junk in the letter is ignored, not an error.
    assert client.get(door(day, letter="<script>")).status_code == 200


def test_workgroup_filter_and_search(client, organiser, day, register):
    day.capacity = 10
    db.session.commit()
    anna, bert, cees = (register(name=n) for n in ["Anna Bakker", "Bert Visser", "Cees Smit"])
    offers = sorted(day.workgroup_offers, key=lambda o: (o.round, o.id))
    assign(anna, offers[0])
    assign(bert, offers[1])
    page = client.get(door(day, werkgroep=offers[0].id)).get_data(as_text=True)
    assert "Anna Bakker" in page and "Bert Visser" not in page and "Cees Smit" not in page
    assert "Participatiewet" in page  # the person's workgroup is on the row
    page = client.get(door(day, zoek="VISSER")).get_data(as_text=True)
    assert "Bert Visser" in page and "Anna Bakker" not in page
    page = client.get(door(day, zoek="zoë")).get_data(as_text=True)
    assert "Niemand gevonden" in page
    assert client.get(door(day, werkgroep="99999999999999999999")).status_code == 200


def test_one_tap_returns_to_the_same_filter_and_row_without_javascript(client, organiser, day, register):
    anna = register(name="Anna Bakker")
    response = client.post(
        f"/beheer/aanmeldingen/{anna.id}/aanwezig", data={"letter": "B", "zoek": "anna"}, follow_redirects=False
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/beheer/locaties/{day.id}/inchecken?letter=B&zoek=anna#r{anna.id}")
    db.session.expire_all()
    assert anna.checked_in_at is not None
    page = client.get(door(day, letter="B")).get_data(as_text=True)
    assert '"count-present">1</strong>' in page and "Ongedaan maken" in page
    client.post(f"/beheer/aanmeldingen/{anna.id}/aanwezig", data={"undo": "1"})
    db.session.expire_all()
    assert anna.checked_in_at is None


def test_tap_with_javascript_answers_the_new_row_and_counts(client, organiser, day, register):
    anna = register(name="Anna Bakker")
    answer = client.post(
        f"/beheer/aanmeldingen/{anna.id}/aanwezig", data={"letter": "B"}, headers={"Accept": "application/json"}
    )
    assert answer.status_code == 200
    data = answer.get_json()
    assert data["present"] == 1 and data["confirmed"] == 1 and "Anna Bakker is binnen" in data["message"]
    assert f'id="r{anna.id}"' in data["row"] and "Ongedaan maken" in data["row"]
    assert 'name="letter" value="B"' in data["row"]  # the row keeps the filters for the next tap
    data = client.post(
        f"/beheer/aanmeldingen/{anna.id}/aanwezig", data={"undo": "1"}, headers={"Accept": "application/json"}
    ).get_json()
    assert data["present"] == 0 and "Is binnen" in data["row"]


def test_a_waiting_person_cannot_be_checked_in(client, organiser, day, register):
    for _ in range(3):
        register()
    waiting = register(name="Wim Wacht")
    page = client.get(door(day)).get_data(as_text=True)
    row = re.search(rf'<li id="r{waiting.id}".*?</li>', page, re.S).group(0)
    assert "Wim Wacht" in row and "Is binnen" not in row and "Toelaten boven capaciteit" in row
    answer = client.post(f"/beheer/aanmeldingen/{waiting.id}/aanwezig", headers={"Accept": "application/json"})
    assert answer.status_code == 409 and "wachtlijst" in answer.get_json()["message"]
    db.session.expire_all()
    assert waiting.checked_in_at is None


def test_tapping_needs_the_csrf_token(app, client, organiser, day, register):
    anna = register(name="Anna Bakker")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(f"/beheer/aanmeldingen/{anna.id}/aanwezig")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    db.session.expire_all()
    assert anna.checked_in_at is None


def test_walk_in_on_a_full_day_asks_first_then_counts_over_capacity(client, organiser, day, register):
    for _ in range(3):
        register()
    waiting = register(name="Wim Wacht")
    page = client.post(door(day), data={"name": "Bas Binnenloper", "organisation": "ROSA"}).get_data(as_text=True)
    assert "De dag is vol: alle 3 plaatsen zijn bezet." in page
    assert 'name="admit_over_capacity" value="y"' in page and "Ja, toelaten boven de capaciteit" in page
    assert 'value="Bas Binnenloper"' in page and 'value="ROSA"' in page  # nothing typed is lost
    assert db.session.scalar(select(func.count()).where(Registration.name == "Bas Binnenloper")) == 0

    response = client.post(door(day), data={"name": "Bas Binnenloper", "admit_over_capacity": "y"})
    assert response.status_code == 302
    bas = db.session.scalar(select(Registration).where(Registration.name == "Bas Binnenloper"))
    assert bas.source == Source.WALK_IN and bas.over_capacity and bas.checked_in_at is not None
    page = client.get(door(day)).get_data(as_text=True)
    assert "boven de capaciteit (binnenloper)" in page
    assert "1 binnenlopers, waarvan 1 boven de capaciteit" in page and "3 van 3 plaatsen bezet" in page
    assert '"count-present">1</strong> van de 4 aangemelden' in page
    row = re.search(rf'<li id="r{bas.id}".*?</li>', page, re.S).group(0)
    assert "binnenloper" in row and "boven capaciteit" in row
    # The registrations list and its overview say so too; the waiting list did not move.
    listing = client.get(f"/beheer/locaties/{day.id}/aanmeldingen").get_data(as_text=True)
    assert "boven capaciteit" in listing
    db.session.expire_all()
    assert waiting.status == Status.WAITING and services.waiting_position(waiting) == 1


def test_waiting_person_at_the_door_of_a_full_day_asks_first_then_counts_over_capacity(
    client, organiser, day, register
):
    seated = [register() for _ in range(3)]
    first, wim, last = (register(name=name) for name in ("Eva Eerst", "Wim Wacht", "Lot Laatst"))
    page = client.get(door(day, letter="W")).get_data(as_text=True)
    row = re.search(rf'<li id="r{wim.id}".*?</li>', page, re.S).group(0)
    link = re.search(r'href="([^"]*toelaten=[^"]*)"', row).group(1).replace("&amp;", "&")
    assert "letter=W" in link and link.endswith("#toelaten")

    # The tap asks first, as for a walk-in; nothing has changed yet.
    question = client.get(link).get_data(as_text=True)
    assert "De dag is vol: alle 3 plaatsen zijn bezet." in question
    assert "Wilt u Wim Wacht van de wachtlijst toch toelaten, boven de capaciteit?" in question
    assert f'action="/beheer/aanmeldingen/{wim.id}/toelaten"' in question
    assert 'name="admit_over_capacity" value="y"' in question and "Ja, toelaten boven de capaciteit" in question
    # A post without the confirmation only brings the question back.
    unconfirmed = client.post(f"/beheer/aanmeldingen/{wim.id}/toelaten", data={"letter": "W"})
    assert unconfirmed.status_code == 302 and f"toelaten={wim.id}" in unconfirmed.location
    db.session.expire_all()
    assert wim.status == Status.WAITING and wim.checked_in_at is None

    response = client.post(f"/beheer/aanmeldingen/{wim.id}/toelaten", data={"admit_over_capacity": "y", "letter": "W"})
    assert response.status_code == 302 and response.location.endswith(f"letter=W#r{wim.id}")
    db.session.expire_all()
    assert wim.status == Status.CONFIRMED and wim.over_capacity and wim.checked_in_at is not None
    assert wim.source == Source.ONLINE  # still their own registration, not a walk-in
    page = client.get(door(day)).get_data(as_text=True)
    assert "Wim Wacht is binnen, boven de capaciteit (van de wachtlijst)." in page
    assert "3 van 3 plaatsen bezet" in page and "2 op de wachtlijst" in page
    assert '"count-present">1</strong> van de 4 aangemelden' in page
    row = re.search(rf'<li id="r{wim.id}".*?</li>', page, re.S).group(0)
    assert "boven capaciteit" in row and "wachtlijst" not in row and "Ongedaan maken" in row
    # Nobody else moved: the seats are held by the same three, the queue keeps its order.
    assert all(r.status == Status.CONFIRMED and not r.over_capacity for r in seated)
    assert (services.waiting_position(first), services.waiting_position(last)) == (1, 2)
    # Admitting again is refused with a message, not a second change.
    again = client.post(
        f"/beheer/aanmeldingen/{wim.id}/toelaten", data={"admit_over_capacity": "y"}, follow_redirects=True
    )
    assert "Wim Wacht staat niet op de wachtlijst." in again.get_data(as_text=True)


def test_waiting_person_is_not_admitted_over_capacity_while_a_seat_is_free(client, organiser, day, register):
    for _ in range(3):
        register()
    wim = register(name="Wim Wacht")
    day.capacity = 5  # raised behind the list's back: a seat is free
    db.session.commit()
    page = client.get(door(day, toelaten=wim.id)).get_data(as_text=True)
    assert "Toelaten boven capaciteit" not in page and 'id="toelaten"' not in page
    answer = client.post(
        f"/beheer/aanmeldingen/{wim.id}/toelaten", data={"admit_over_capacity": "y"}, follow_redirects=True
    )
    assert "De dag is niet vol" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert wim.status == Status.WAITING and not wim.over_capacity


def test_walk_in_with_a_seat_needs_no_confirmation(client, organiser, day):
    response = client.post(door(day), data={"name": "Bas Binnenloper"})
    assert response.status_code == 302
    bas = db.session.scalar(select(Registration))
    assert bas.checked_in_at is not None and not bas.over_capacity


@pytest.mark.parametrize(
    "values, message",
    [
        ({"name": ""}, "Vul de naam in."),
        ({"name": "Bas\r\nBcc: x@example.org"}, None),
        ({"name": "Bas\x00"}, None),
        ({"name": "B" * 201}, "Dit is te lang."),
        ({"name": "Bas", "email": "geen-adres"}, "Dit e-mailadres klopt niet."),
        ({"name": "Bas", "organisation_kind_id": "99999999999999999999999"}, None),
        ({"name": "Bas", "organisation_kind_id": "abc"}, None),
        ({"name": "Bas", "organisation": "x" * 201}, "Dit is te lang."),
    ],
)
def test_hostile_walk_in_input_gets_a_message_and_changes_nothing(client, organiser, day, values, message):
    response = client.post(door(day), data=values)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Controleer het formulier" in page
    if message:
        assert message in page
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0


def test_walk_in_with_an_address_already_registered(client, organiser, day, register):
    register(name="Anna Bakker", email="anna@example.org")
    page = client.post(door(day), data={"name": "Anna", "email": "ANNA@example.org"}).get_data(as_text=True)
    assert "Met dit e-mailadres is al iemand aangemeld" in page
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 1


def test_a_coordinator_reaches_only_their_own_door(client, auth, make_user, day, make_location, register):
    other = make_location(day.edition, "Zutphen")
    anna = register(name="Anna Bakker")
    make_user("c@example.org", Role.COORDINATOR, [other])
    auth.login("c@example.org")
    assert client.get(door(day)).status_code == 403
    assert client.post(f"/beheer/aanmeldingen/{anna.id}/aanwezig").status_code == 403
    assert client.post(door(day), data={"name": "Bas"}).status_code == 403
    answer = client.post(f"/beheer/aanmeldingen/{anna.id}/toelaten", data={"admit_over_capacity": "y"})
    assert answer.status_code == 403
    db.session.expire_all()
    assert anna.checked_in_at is None


def _people(day, number):
    now = utcnow()
    offer = min(day.workgroup_offers, key=lambda o: o.id)
    for i in range(number):
        registration = Registration(
            location_day_id=day.id,
            name=f"Persoon van Achternaam{i:04d}",
            email=f"p{i}@example.org",
            email_normalised=f"p{i}@example.org",
            status=Status.CONFIRMED,
            link_nonce=links.new_nonce(),
            waiting_since=now,
            created_at=now,
            checked_in_at=now if i % 2 else None,
            needs_step_free=i % 7 == 0,
            diet="vegetarisch" if i % 5 == 0 else "",
            source=Source.ONLINE,
        )
        db.session.add(registration)
        db.session.flush()
        db.session.add(WorkgroupAssignment(registration_id=registration.id, round=1, offer_id=offer.id))
    db.session.commit()


@pytest.mark.parametrize("query", [{}, {"letter": "A"}, {"zoek": "achternaam01"}])
def test_the_list_is_one_query_for_5_or_200_people(client, organiser, day, count_queries, query):
    def statements_for(number):
        db.session.execute(WorkgroupAssignment.__table__.delete())
        db.session.execute(Registration.__table__.delete())
        db.session.commit()
        _people(day, number)
        db.session.expire_all()
        with count_queries() as statements:
            page = client.get(door(day, **query))
        assert page.status_code == 200
        return statements, page.get_data(as_text=True)

    few, small_page = statements_for(5)
    many, big_page = statements_for(200)
    assert len(few) == len(many), (len(few), len(many))
    assert len([s for s in many if "FROM registration" in s]) == 1  # the list: one query, no per-row ones
    if not query:
        assert "Iedereen (200)" in big_page and big_page.count("data-door") == 200
