"""An edition's life through the organiser pages: draft, preview, publish, archive."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.programme.models import Edition, LocationDay, State
from app.timeutil import utcnow


@pytest.fixture()
def organiser(make_user, auth):
    make_user("organiser@example.org")
    auth.login("organiser@example.org")


@pytest.fixture()
def draft(make_edition, make_location, make_workgroup, make_offer):
    """A draft edition with a ready day (Rotterdam) and a day that lacks speakers and groups."""
    edition = make_edition(slug="samen-sterk", state=State.DRAFT, year=2027)
    rotterdam = make_location(edition, "Rotterdam", state=State.DRAFT)
    zutphen = make_location(edition, "Zutphen", state=State.DRAFT)
    return dict(edition=edition, rotterdam=rotterdam, zutphen=zutphen)


def _make_ready(location, make_workgroup, make_offer):
    """Four workgroups with rooms and facilitators and seats for everyone, a speaker on
    every slot that takes one, and an evaluation form with a question."""
    from app.evaluation.models import EvaluationForm, EvaluationQuestion, QuestionKind
    from app.programme import services

    edition = location.edition
    seats = -(-location.capacity // 4)
    for number in range(4):
        make_offer(location, make_workgroup(edition, f"{location.city} {number}"), capacity=seats)
    for item in edition.programme_items:
        if item.kind in ("introduction", "practice"):
            services.assign_speaker(location, item, services.find_or_create_speaker(edition, "Anna"), "")
    if db.session.scalar(select(EvaluationForm).where(EvaluationForm.edition_id == edition.id)) is None:
        form = EvaluationForm(edition_id=edition.id)
        form.questions.append(EvaluationQuestion(position=1, kind=QuestionKind.MARK, text="Rapportcijfer"))
        db.session.add(form)
    db.session.commit()


def test_new_edition_form_makes_a_draft_the_public_cannot_see(client, organiser, auth):
    response = client.post(
        "/beheer/edities/nieuw",
        data={"name": "Alliantiedagen 2027", "slug": "samen-sterk", "theme": "Samen sterk", "year": "2027"},
    )
    assert response.status_code == 302
    edition = db.session.scalar(select(Edition).where(Edition.slug == "samen-sterk"))
    assert edition.state == State.DRAFT
    page = client.get("/samen-sterk/").get_data(as_text=True)
    assert "Concept" in page  # the organiser sees it, marked
    auth.logout()
    assert client.get("/samen-sterk/").status_code == 404
    assert client.get("/samen-sterk/agenda.ics").status_code == 404


def test_draft_day_hidden_everywhere_public_and_registration_refused(client, draft, make_edition, make_location):
    location = draft["rotterdam"]
    for url in ("/samen-sterk/", "/samen-sterk/rotterdam/", "/samen-sterk/rotterdam/aanmelden",
                "/samen-sterk/rotterdam/agenda.ics", "/samen-sterk/terugblik/"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    # The preview link shows the public page as it will look, with the banner, and still refuses a registration.
    assert client.get(f"/samen-sterk/voorbeeld/{location.edition.preview_token}").status_code == 302
    page = client.get("/samen-sterk/rotterdam/").get_data(as_text=True)
    assert "Concept" in page and "Rotterdam" in page
    form = client.get("/samen-sterk/rotterdam/aanmelden").get_data(as_text=True)
    assert "Aanmelden kan nog niet" in form
    assert client.get("/samen-sterk/voorbeeld/wrong-token").status_code == 404
    # A draft day in a published edition stays out of the edition page and its calendar feed.
    other = make_edition(slug="open-editie")
    make_location(other, "Beilen")
    make_location(other, "Almere", state=State.DRAFT)
    client2 = client.application.test_client()
    page = client2.get("/open-editie/").get_data(as_text=True)
    assert "Beilen" in page and "Almere" not in page
    assert b"Almere" not in client2.get("/open-editie/agenda.ics").data
    assert client2.get("/open-editie/almere/").status_code == 404


def test_publishing_a_day_names_what_is_missing_then_publishes(client, organiser, draft, make_workgroup, make_offer):
    zutphen = draft["zutphen"]
    response = client.post(f"/beheer/locaties/{zutphen.id}/publiceren", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Zutphen is nog niet klaar om te publiceren." in page
    assert "Geen spreker bij" in page and "werkgroepen, minstens 4 nodig" in page
    db.session.expire_all()
    assert zutphen.state == State.DRAFT
    _make_ready(zutphen, make_workgroup, make_offer)
    page = client.post(f"/beheer/locaties/{zutphen.id}/publiceren", follow_redirects=True).get_data(as_text=True)
    assert "Ze wordt openbaar zodra de editie is gepubliceerd." in page
    db.session.expire_all()
    assert zutphen.state == State.PUBLISHED
    # Publishing the edition: it goes public with the ready day; Rotterdam (not ready) stays a draft.
    page = client.post(f"/beheer/edities/{draft['edition'].id}/publiceren", follow_redirects=True).get_data(
        as_text=True
    )
    assert "De editie is gepubliceerd." in page and "Rotterdam blijft concept" in page
    anonymous = client.application.test_client()
    public = anonymous.get("/samen-sterk/").get_data(as_text=True)
    assert "Zutphen" in public and "Rotterdam" not in public


def test_a_day_in_the_past_or_closing_after_the_day_is_not_published(client, organiser, draft):
    rotterdam = draft["rotterdam"]
    rotterdam.date = date.today() - timedelta(days=3)
    rotterdam.registration_closes_at = utcnow() + timedelta(days=40)
    db.session.commit()
    page = client.post(f"/beheer/locaties/{rotterdam.id}/publiceren", follow_redirects=True).get_data(as_text=True)
    assert "De dag moet in de toekomst liggen." in page
    assert "De inschrijving moet uiterlijk op de dag zelf sluiten." in page


def test_location_form_refuses_seats_below_the_confirmed_count(client, organiser, make_edition, make_location):
    from app.registration.services import register_participant

    edition = make_edition()
    location = make_location(edition, "Rotterdam", capacity=5)
    for number in range(3):
        register_participant(location, name=f"P{number}", email=f"p{number}@example.org", consent=True)
    db.session.commit()
    data = {
        "city": "Rotterdam", "slug": "rotterdam", "venue": "Zaal", "address": "Straat 1",
        "date": location.date.isoformat(), "doors_open": "09:30", "capacity": "2",
        "registration_opens_at": "2026-01-01T09:00", "registration_closes_at": location.date.isoformat() + "T08:00",
    }  # fmt: skip
    page = client.post(f"/beheer/locaties/{location.id}/bewerken", data=data).get_data(as_text=True)
    assert "Er zijn al 3 bevestigde aanmeldingen." in page
    assert 'value="Zaal"' in page  # nothing typed is lost
    db.session.expire_all()
    assert location.capacity == 5


def test_archived_edition_is_read_only_and_pages_still_show(client, organiser, make_edition, make_location):
    edition = make_edition()
    location = make_location(edition, "Rotterdam")
    confirm = client.get(f"/beheer/edities/{edition.id}/archiveren").get_data(as_text=True)
    assert "1 locatiedagen" in confirm and "0 aanmeldingen" in confirm
    page = client.post(f"/beheer/edities/{edition.id}/archiveren", data={}, follow_redirects=True)
    assert "Vink aan dat u dit echt wilt." in page.get_data(as_text=True)
    client.post(f"/beheer/edities/{edition.id}/archiveren", data={"confirm": "y"})
    db.session.expire_all()
    assert edition.state == State.ARCHIVED
    response = client.post(
        f"/beheer/edities/{edition.id}/bewerken",
        data={"name": "Nieuw", "slug": edition.slug, "theme": "x", "year": "2013"},
    )
    assert "Deze editie is gearchiveerd" in response.get_data(as_text=True)
    item = edition.programme_items[0]
    response = client.post(f"/beheer/programma/{item.id}/verplaatsen", data={"direction": "down"},
                           headers={"Referer": f"/beheer/edities/{edition.id}"}, follow_redirects=True)  # fmt: skip
    assert "Deze editie is gearchiveerd" in response.get_data(as_text=True)
    db.session.expire_all()
    assert edition.name == "Alliantiedagen" and item.position == 1
    assert client.get(f"/beheer/locaties/{location.id}").status_code == 200
    client.post(f"/beheer/edities/{edition.id}/terugzetten")
    db.session.expire_all()
    assert edition.state == State.PUBLISHED


def test_a_programme_slot_goes_only_after_the_confirmation_page(client, organiser, make_edition):
    edition = make_edition()
    item = edition.programme_items[1]
    page = client.get(f"/beheer/programma/{item.id}/verwijderen").get_data(as_text=True)
    assert "Dit kan niet ongedaan worden gemaakt." in page
    client.post(f"/beheer/programma/{item.id}/verwijderen", data={})
    db.session.expire_all()
    assert len(edition.programme_items) == 5
    client.post(f"/beheer/programma/{item.id}/verwijderen", data={"confirm": "y"})
    db.session.expire_all()
    assert len(edition.programme_items) == 4


def test_overlapping_template_times_warn(client, organiser, make_edition):
    edition = make_edition()
    client.post(
        f"/beheer/edities/{edition.id}/programma/nieuw",
        data={"kind": "intermezzo", "title": "Theater", "start_time": "10:45", "end_time": "11:15"},
    )
    page = client.get(f"/beheer/edities/{edition.id}").get_data(as_text=True)
    assert "Let op: tijden overlappen" in page and "Theater" in page


def test_archived_location_day_and_workgroup_can_be_restored(client, organiser, make_edition, make_location,
                                                             make_workgroup):  # fmt: skip
    edition = make_edition()
    location = make_location(edition, "Rotterdam")
    workgroup = make_workgroup(edition, "Participatiewet")
    assert "1 locatiedagen" in client.get(f"/beheer/locaties/{location.id}/archiveren").get_data(as_text=True)
    client.post(f"/beheer/locaties/{location.id}/archiveren", data={"confirm": "y"})
    anonymous = client.application.test_client()
    assert anonymous.get("/groeien-in-kracht/rotterdam/").status_code == 404
    client.post(f"/beheer/locaties/{location.id}/terugzetten")
    client.post(f"/beheer/werkgroepen/{workgroup.id}/archiveren", data={"confirm": "y"})
    db.session.expire_all()
    assert location.state == State.DRAFT and workgroup.archived_at is not None
    client.post(f"/beheer/werkgroepen/{workgroup.id}/terugzetten")
    db.session.expire_all()
    assert workgroup.archived_at is None
    assert db.session.scalar(select(LocationDay).where(LocationDay.id == location.id)) is not None


def test_location_form_refuses_registration_closing_after_the_day(client, organiser, make_edition, make_location):
    edition = make_edition()
    location = make_location(edition, "Rotterdam")
    data = {
        "city": "Rotterdam", "slug": "rotterdam", "venue": "Nieuwe zaal", "address": "Straat 1",
        "date": "2020-03-01", "doors_open": "09:30", "capacity": "100",
        "registration_opens_at": "2020-01-01T09:00", "registration_closes_at": "2027-01-01T09:00",
    }  # fmt: skip
    page = client.post(f"/beheer/locaties/{location.id}/bewerken", data=data).get_data(as_text=True)
    assert "De inschrijving moet uiterlijk op de dag zelf sluiten." in page
    assert 'value="Nieuwe zaal"' in page
    db.session.expire_all()
    assert location.venue == "Zaal Rotterdam"
