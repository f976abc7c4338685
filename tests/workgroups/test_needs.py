"""Participants' needs where workgroups and rooms are chosen: counts per workgroup, marks
per person, and a warning when someone who needs step-free access is put in (or chose) a
room marked not step-free. Rooms whose access is not known show "onbekend"."""

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.registration.models import Registration
from app.registration.services import register_participant
from app.workgroups.models import WorkgroupAssignment, WorkgroupOffer


@pytest.fixture()
def day(make_edition, make_location, make_workgroup, make_offer, make_user, auth):
    edition = make_edition()
    location = make_location(edition, "Rotterdam", capacity=50)
    stairs = make_offer(location, make_workgroup(edition, "Armoede", min_size=1), room="Zolder", room_step_free=False)
    lift = make_offer(location, make_workgroup(edition, "Maatjes", min_size=1), room="Zaal 1", room_step_free=True)
    unknown = make_offer(location, make_workgroup(edition, "Participatiewet", min_size=1), room="Kapel")
    people = {}
    for name, first, needs in [
        ("Rolstoel Rita", stairs, dict(needs_step_free=True, diet="glutenvrij")),
        ("Horend Henk", lift, dict(needs_hearing_loop=True)),
        ("Gewoon Gijs", stairs, {}),
    ]:
        people[name] = register_participant(
            location,
            name=name,
            email=f"{name.split()[1].lower()}@example.org",
            consent=True,
            preferences={1: [first.workgroup_id]},
            **needs,
        ).registration
    db.session.commit()
    make_user("organiser@example.org")
    auth.login("organiser@example.org")
    return dict(location=location, stairs=stairs, lift=lift, unknown=unknown, people=people)


def page_of(client, location) -> str:
    response = client.get(f"/beheer/locaties/{location.id}/indeling/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_public_form_asks_the_needs_and_keeps_them(client, day):
    location = day["location"]
    page = client.get(f"/{location.edition.slug}/{location.slug}/aanmelden").get_data(as_text=True)
    assert "Ik heb een plek nodig zonder trappen of drempels" in page and "Ik heb een ringleiding nodig" in page
    assert "Dieet of allergie" in page
    rita = day["people"]["Rolstoel Rita"]
    assert rita.needs_step_free and rita.diet == "glutenvrij" and not rita.needs_hearing_loop


def test_a_choice_for_a_room_with_stairs_is_flagged_before_assignment(client, day):
    page = page_of(client, day["location"])
    assert "Rolstoel Rita heeft een plek zonder trappen nodig en koos Armoede, in zaal Zolder" in page
    assert "Gewoon Gijs heeft" not in page  # no step-free need, no warning


def test_assignment_shows_counts_marks_and_the_room_warning(client, day):
    location, stairs = day["location"], day["stairs"]
    for name, offer in [("Rolstoel Rita", stairs), ("Gewoon Gijs", stairs), ("Horend Henk", day["lift"])]:
        db.session.add(WorkgroupAssignment(registration_id=day["people"][name].id, round=1, offer_id=offer.id))
    db.session.commit()
    page = page_of(client, location)
    assert "Rolstoel Rita heeft een plek zonder trappen nodig, maar Armoede is in zaal Zolder" in page
    section = page[page.index(f'id="offer-{stairs.id}"') : page.index(f'id="offer-{day["lift"].id}"')]
    assert "1× zonder trappen" in section and "1× dieet" in section and "0× ringleiding" in section
    assert "zaal niet geschikt" in section and "dieet: glutenvrij" in section
    lift = page[page.index(f'id="offer-{day["lift"].id}"') :]
    assert "ringleiding" in lift and "zaal niet geschikt" not in lift
    # A room not known yet is "onbekend", never a silent yes.
    unknown = page[page.index(f'id="offer-{day["unknown"].id}"') :]
    assert re.search(r"zonder trappen: onbekend", unknown)


def test_moving_someone_who_needs_step_free_access_into_stairs_warns(client, day):
    location, rita = day["location"], day["people"]["Rolstoel Rita"]
    response = client.post(
        f"/beheer/locaties/{location.id}/indeling/verplaatsen",
        data={"registration_id": rita.id, "offer_id": day["stairs"].id, "lock": "1"},
        follow_redirects=True,
    )
    assert "is niet zonder trappen bereikbaar" in response.get_data(as_text=True)
    response = client.post(
        f"/beheer/locaties/{location.id}/indeling/verplaatsen",
        data={"registration_id": rita.id, "offer_id": day["lift"].id, "lock": "1"},
        follow_redirects=True,
    )
    assert "is verplaatst naar Maatjes" in response.get_data(as_text=True)


def test_the_offer_form_sets_the_room_step_free_answer(client, day):
    offer = day["unknown"]
    form = client.get(f"/beheer/aanbod/{offer.id}/bewerken").get_data(as_text=True)
    assert "Is de zaal zonder trappen of drempels te bereiken?" in form
    values = {
        "workgroup_id": offer.workgroup_id,
        "round": 1,
        "capacity": 20,
        "room": "Kapel",
        "facilitator": "Begeleider",
        "room_step_free": "False",
    }
    assert client.post(f"/beheer/aanbod/{offer.id}/bewerken", data=values).status_code == 302
    db.session.expire_all()
    assert db.session.get(WorkgroupOffer, offer.id).room_step_free is False
    values["room_step_free"] = "None"
    client.post(f"/beheer/aanbod/{offer.id}/bewerken", data=values)
    db.session.expire_all()
    assert db.session.get(WorkgroupOffer, offer.id).room_step_free is None
    location_page = client.get(f"/beheer/locaties/{day['location'].id}").get_data(as_text=True)
    assert "zonder trappen: onbekend" in location_page


def test_needs_are_erased_with_the_edition_data(day):
    from app.registration.services import anonymise_edition

    anonymise_edition(day["location"].edition)
    db.session.commit()
    rita = db.session.scalar(select(Registration).where(Registration.id == day["people"]["Rolstoel Rita"].id))
    assert not rita.needs_step_free and rita.diet == ""
