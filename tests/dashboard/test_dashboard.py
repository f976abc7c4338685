"""The start page: figures per location day against the database, the needs-attention
links, what a coordinator sees, and a query count that does not grow with the data."""

from __future__ import annotations

import html
import re
import secrets
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.accounts.models import Role
from app.evaluation.models import EvaluationForm, EvaluationQuestion, EvaluationResponse, QuestionKind, ResponseStatus
from app.extensions import db
from app.mail.models import MailStatus, OutgoingMail
from app.programme.models import ItemKind
from app.programme.services import assign_speaker, find_or_create_speaker
from app.registration.models import Registration, Source, Status
from app.timeutil import utcnow
from app.workgroups.models import WorkgroupAssignment

TITLES = ("Participatiewet", "Maatjes naar werk", "Sociale coöperaties", "Armoedebestrijding")


def add_people(location, count, status=Status.CONFIRMED, checked_in=0):
    people = []
    for n in range(count):
        person = Registration(
            location_day_id=location.id,
            name=f"{location.city} {status} {n}",
            status=status,
            source=Source.MANUAL,
            link_nonce=secrets.token_hex(8),
            checked_in_at=utcnow() if n < checked_in else None,
        )
        db.session.add(person)
        people.append(person)
    db.session.flush()
    return people


def add_responses(form, location, count, status=ResponseStatus.SUBMITTED):
    for _ in range(count):
        db.session.add(EvaluationResponse(form_id=form.id, location_day_id=location.id, status=status))


def add_mails(location, count, status=MailStatus.FAILED):
    for n in range(count):
        db.session.add(
            OutgoingMail(
                kind="registration_confirmed",
                recipient=f"m{n}@example.org",
                location_day_id=location.id,
                message_id=f"<{secrets.token_hex(12)}@test>",
                status=status,
            )
        )


@pytest.fixture()
def season(make_edition, make_location, make_workgroup, make_offer, make_user):
    """Rotterdam in 5 days, registration closing in 2 (ready but for its assignment);
    Zutphen in 30 days with offers lacking rooms; Utrecht held last week."""
    edition = make_edition()
    now = utcnow()
    rotterdam = make_location(
        edition,
        "Rotterdam",
        capacity=60,
        date=date.today() + timedelta(days=5),
        registration_closes_at=now + timedelta(days=2),
    )
    zutphen = make_location(edition, "Zutphen", capacity=40)
    utrecht = make_location(
        edition,
        "Utrecht",
        capacity=50,
        date=date.today() - timedelta(days=7),
        registration_opens_at=now - timedelta(days=40),
        registration_closes_at=now - timedelta(days=9),
    )
    groups = [make_workgroup(edition, title) for title in TITLES]
    offers = {}
    for location in (rotterdam, utrecht):
        offers[location.city] = [make_offer(location, group, capacity=20) for group in groups]
    offers["Zutphen"] = [make_offer(zutphen, group, room="") for group in groups[:3]]
    offers["Zutphen"].append(make_offer(zutphen, groups[3], facilitator=""))
    speaker = find_or_create_speaker(edition, "Hans Bosselaar", "VU")
    for item in edition.programme_items:
        if ItemKind(item.kind).takes_speaker:
            for location in (rotterdam, zutphen, utrecht):
                assign_speaker(location, item, speaker, "")
    form = EvaluationForm(edition_id=edition.id, published=True)
    form.questions.append(EvaluationQuestion(position=1, kind=QuestionKind.MARK, text="Rapportcijfer"))
    db.session.add(form)
    db.session.commit()
    make_user("organiser@example.org", Role.ORGANISER)
    make_user("coordinator@example.org", Role.COORDINATOR, [rotterdam])
    return dict(edition=edition, rotterdam=rotterdam, zutphen=zutphen, utrecht=utrecht, offers=offers, form=form)


def fill(season, people=5):
    """Registrations, check-ins, answers and mails; `people` sets how many of each."""
    rotterdam, utrecht, form = season["rotterdam"], season["utrecht"], season["form"]
    add_people(rotterdam, people)
    add_people(rotterdam, 2, Status.WAITING)
    add_people(rotterdam, 1, Status.CANCELLED)
    held = add_people(utrecht, people, checked_in=people - 2)
    add_people(season["zutphen"], people)
    add_responses(form, utrecht, people - 3)
    add_responses(form, utrecht, 1, ResponseStatus.DRAFT)  # saved, not sent: not counted
    add_mails(rotterdam, people - 3)
    add_mails(rotterdam, 1, MailStatus.SENT)
    for person in held:
        offer = season["offers"]["Utrecht"][0]
        db.session.add(
            WorkgroupAssignment(registration_id=person.id, round=1, offer_id=offer.id, published_offer_id=offer.id)
        )
    db.session.commit()


def row(page: str, location) -> dict[str, str]:
    """The dashboard row of a location: its cells' text by column name."""
    match = re.search(rf'<tr id="dag-{location.id}">(.*?)</tr>', page, re.S)
    assert match, f"no row for {location.city}"
    cells = re.findall(r'<td[^>]*data-label="([^"]+)"[^>]*>(.*?)</td>', match.group(1), re.S)
    return {label: " ".join(re.sub(r"<[^>]+>", " ", html.unescape(text)).split()) for label, text in cells}


def attention_links(page: str) -> dict[str, str]:
    block = page.split('class="attention"', 1)[1].split("</ul>", 1)[0]
    return {
        " ".join(html.unescape(text).split()): html.unescape(href)
        for href, text in re.findall(r'<a href="([^"]+)">(.*?)</a>', block, re.S)
    }


def test_dashboard_figures_match_the_database(client, auth, season):
    fill(season)
    auth.login("organiser@example.org")
    page = client.get("/beheer/").get_data(as_text=True)
    rotterdam, utrecht, zutphen = season["rotterdam"], season["utrecht"], season["zutphen"]

    def count(*where):
        return db.session.scalar(select(func.count()).select_from(Registration).where(*where))

    confirmed = count(Registration.location_day_id == rotterdam.id, Registration.status == Status.CONFIRMED)
    waiting = count(Registration.location_day_id == rotterdam.id, Registration.status == Status.WAITING)
    failed = db.session.scalar(
        select(func.count())
        .select_from(OutgoingMail)
        .where(OutgoingMail.location_day_id == rotterdam.id, OutgoingMail.status == MailStatus.FAILED)
    )
    cells = row(page, rotterdam)
    assert cells["Aanmeldingen"] == f"{confirmed} / 60" == "5 / 60"
    assert cells["Wachtlijst"] == str(waiting) == "2"
    assert cells["Mislukte e-mails"] == str(failed) == "2"
    assert "dag over 5 dagen" in cells["Termijn"] and "inschrijving sluit over 2 dagen" in cells["Termijn"]
    assert cells["Gereed"] == "klaar"
    assert cells["Indeling"] == "nog niet gemaakt"
    assert cells["Respons"] == "–"  # nobody checked in: no base

    present = count(Registration.location_day_id == utrecht.id, Registration.checked_in_at.is_not(None))
    answered = db.session.scalar(
        select(func.count())
        .select_from(EvaluationResponse)
        .where(EvaluationResponse.location_day_id == utrecht.id, EvaluationResponse.status == ResponseStatus.SUBMITTED)
    )
    cells = row(page, utrecht)
    assert (present, answered) == (3, 2)
    assert cells["Respons"] == "67% (2/3)"
    assert cells["Termijn"] == "gehouden"
    assert cells["Indeling"] == "gepubliceerd"
    assert cells["Mislukte e-mails"] == "0"

    cells = row(page, zutphen)
    assert cells["Gereed"] == "4 ontbreken"  # three rooms and a facilitator
    assert "inschrijving sluit over 20 dagen" in cells["Termijn"]


def test_assignment_state_follows_the_runs_and_publishing(client, auth, season):
    rotterdam = season["rotterdam"]
    person = add_people(rotterdam, 1)[0]
    offer = season["offers"]["Rotterdam"][0]
    assignment = WorkgroupAssignment(registration_id=person.id, round=1, offer_id=offer.id)
    db.session.add(assignment)
    db.session.commit()
    auth.login("organiser@example.org")
    assert row(client.get("/beheer/").get_data(as_text=True), rotterdam)["Indeling"] == "gemaakt, niet gepubliceerd"
    assignment.published_offer_id = offer.id
    db.session.commit()
    assert row(client.get("/beheer/").get_data(as_text=True), rotterdam)["Indeling"] == "gepubliceerd"


def test_needs_attention_links_lead_to_the_fix(client, auth, season):
    fill(season)
    auth.login("organiser@example.org")
    links = attention_links(client.get("/beheer/").get_data(as_text=True))
    rotterdam, zutphen = season["rotterdam"], season["zutphen"]

    # Several offers without a room: the location's list of workgroups.
    url = links["Zutphen: 3 werkgroepen zonder zaal"]
    assert url == f"/beheer/locaties/{zutphen.id}#werkgroepen"
    assert 'id="werkgroepen"' in client.get(url).get_data(as_text=True)
    # One offer without a facilitator: straight to that offer's form.
    url = links["Zutphen: 1 werkgroep zonder begeleider"]
    assert url == f"/beheer/aanbod/{season['offers']['Zutphen'][3].id}/bewerken"
    assert client.get(url).status_code == 200
    # Failed mail: the mail log, only the failed ones.
    url = links["Rotterdam: 2 e-mails mislukt"]
    log = client.get(url).get_data(as_text=True)
    assert url == f"/beheer/locaties/{rotterdam.id}/e-mails?status=failed"
    assert "2 berichten gevonden." in log  # the two failed ones, not the sent one
    # Registration about to close with seats left: the registrations.
    url = links["Rotterdam: inschrijving sluit over 2 dagen, 55 plaatsen vrij"]
    assert url == f"/beheer/locaties/{rotterdam.id}/aanmeldingen"
    assert client.get(url).status_code == 200
    # Waiting while seats are free.
    assert links["Rotterdam: 2 op de wachtlijst terwijl er 55 plaatsen vrij zijn"] == url
    # The day is close and nobody is assigned: the assignment page.
    url = links["Rotterdam: indeling nog niet gemaakt, dag over 5 dagen"]
    assert url == f"/beheer/locaties/{rotterdam.id}/indeling/"
    assert client.get(url).status_code == 200
    # A held day is not nagged about its readiness; nothing else is listed.
    assert not any(text.startswith("Utrecht") for text in links)
    assert len(links) == 6, links


def test_missing_evaluation_form_is_one_item_for_the_edition(client, auth, season):
    db.session.delete(season["form"])
    db.session.commit()
    auth.login("organiser@example.org")
    links = attention_links(client.get("/beheer/").get_data(as_text=True))
    url = links["Alliantiedagen: Het evaluatieformulier ontbreekt"]
    assert url == f"/beheer/edities/{season['edition'].id}/evaluatie"
    assert client.get(url).status_code == 200


def test_coordinator_is_not_sent_to_organiser_pages(client, auth, season):
    """The evaluation form is the national organisers' work: a coordinator sees it missing on
    the readiness page, without a link to a page they cannot open, and not as their to-do."""
    db.session.delete(season["form"])
    db.session.commit()
    auth.login("coordinator@example.org")
    assert not any(
        "evaluatieformulier" in text for text in attention_links(client.get("/beheer/").get_data(as_text=True))
    )
    page = client.get(f"/beheer/edities/{season['edition'].id}/gereedheid").get_data(as_text=True)
    assert "Het evaluatieformulier ontbreekt (door de landelijke organisatie)" in " ".join(
        re.sub(r"<[^>]+>", "", page).split()
    )
    assert f"/beheer/edities/{season['edition'].id}/evaluatie" not in page


def test_coordinator_sees_only_their_locations(client, auth, season):
    fill(season)
    auth.login("coordinator@example.org")
    page = client.get("/beheer/").get_data(as_text=True)
    assert f'id="dag-{season["rotterdam"].id}"' in page
    assert f'id="dag-{season["zutphen"].id}"' not in page and f'id="dag-{season["utrecht"].id}"' not in page
    assert "Zutphen" not in page and "Utrecht" not in page
    assert all(text.startswith("Rotterdam") for text in attention_links(page))
    assert "Nieuwe editie" not in page


def test_query_count_does_not_grow_with_the_registrations(client, auth, season, count_queries, make_edition):
    auth.login("organiser@example.org")
    client.get("/beheer/")  # warm up: the signed-in user and anything loaded once
    fill(season, people=5)
    with count_queries() as small:
        assert client.get("/beheer/").status_code == 200
    fill(season, people=60)
    with count_queries() as large:
        page = client.get("/beheer/").get_data(as_text=True)
    assert row(page, season["rotterdam"])["Aanmeldingen"] == "65 / 60"
    assert len(large) == len(small), (len(small), len(large))
    assert len(small) <= 20, small


def test_walk_ins_over_capacity_take_no_seat_on_the_start_page(client, auth, season):
    """Seats left are counted as at the door: a walk-in let in on a full day holds no seat."""
    fill(season)
    rotterdam = season["rotterdam"]
    for walk_in in add_people(rotterdam, 3):
        walk_in.source, walk_in.over_capacity, walk_in.checked_in_at = Source.WALK_IN, True, utcnow()
    db.session.commit()
    auth.login("organiser@example.org")
    links = attention_links(client.get("/beheer/").get_data(as_text=True))
    assert "Rotterdam: inschrijving sluit over 2 dagen, 55 plaatsen vrij" in links, links
