"""Messages to a chosen group: the filters pick exactly who the database says, the preview
shows the count and one example, unknown placeholders and markup are handled, and sending
queues one outbox row per person with a log of ids."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.communication.messages import Audience, recipients
from app.communication.models import GroupMessage, GroupMessageRecipient
from app.evaluation.models import EvaluationParticipation
from app.evaluation.services import ensure_form
from app.extensions import db
from app.mail import OutgoingMail
from app.mail.delivery import deliver_due
from app.registration import links, services
from app.registration.models import Registration
from app.workgroups.models import WorkgroupAssignment


@pytest.fixture()
def crowd(day, register, make_workgroup, make_offer, make_user, auth):
    """Ten people: 6 confirmed, 3 waiting, 1 cancelled; some checked in, some in the
    published workgroup, some who answered the evaluation."""
    day.capacity = 7
    db.session.commit()
    people = register(10)
    services.cancel_registration(people[0])
    offer = make_offer(day, make_workgroup(day.edition, "Maatjes naar werk"), room="Zaal 7")
    form = ensure_form(day.edition)
    for index, person in enumerate(people):
        if index % 2:
            services.check_in(person) if person.is_confirmed else None
        if index % 3 == 0:
            db.session.add(
                WorkgroupAssignment(registration_id=person.id, round=1, offer_id=offer.id, published_offer_id=offer.id)
            )
        if index in (1, 2, 5):
            db.session.add(EvaluationParticipation(form_id=form.id, registration_id=person.id))
    db.session.commit()
    make_user("organiser@example.org")
    auth.login("organiser@example.org")
    return dict(people=people, offer=offer, answered={people[i].id for i in (1, 2, 5)})


def _expected(day, audience: Audience, answered: set[int]) -> list[int]:
    """The same question asked of the rows directly, in Python."""
    db.session.expire_all()
    rows = db.session.scalars(select(Registration).where(Registration.location_day_id == day.id)).all()
    told = set(
        db.session.scalars(
            select(WorkgroupAssignment.registration_id).where(
                WorkgroupAssignment.published_offer_id == audience.offer_id
            )
        )
    )
    picked = []
    for r in rows:
        status = r.status.value
        if audience.status == "active" and status not in ("confirmed", "waiting"):
            continue
        if audience.status in ("confirmed", "waiting", "cancelled") and status != audience.status:
            continue
        if audience.offer_id and r.id not in told:
            continue
        if audience.checked_in and (r.checked_in_at is not None) != (audience.checked_in == "yes"):
            continue
        if audience.evaluation and (r.id in answered) != (audience.evaluation == "yes"):
            continue
        picked.append(r.id)
    return sorted(picked)


def test_filter_counts_match_the_database(day, crowd):
    offer_ids = [0, crowd["offer"].id]
    combos = itertools.product(
        ("active", "confirmed", "waiting", "cancelled", "all"), offer_ids, ("", "yes", "no"), ("", "yes", "no")
    )
    sizes = set()
    for status, offer_id, checked_in, evaluation in combos:
        audience = Audience(status, offer_id, checked_in, evaluation)
        got = sorted(r.id for r in recipients(day, audience))
        assert got == _expected(day, audience, crowd["answered"]), audience
        sizes.add(len(got))
    assert len(sizes) > 4  # the filters really split the crowd


def _post(client, day, **values):
    data = {
        "status": "active",
        "offer_id": "0",
        "checked_in": "",
        "evaluation": "",
        "subject": "Over {dag}",
        "body": "Beste {naam},\n\nU zit in {werkgroep} ({zaal}).\nZie {link}",
    } | values
    return client.post(f"/beheer/locaties/{day.id}/berichten", data=data)


def test_preview_shows_the_count_and_one_example_and_sends_nothing(client, day, crowd):
    page = _post(client, day, offer_id=str(crowd["offer"].id)).get_data(as_text=True)
    expected = _expected(day, Audience("active", crowd["offer"].id), crowd["answered"])
    assert f"{len(expected)} ontvangers" in page
    first = db.session.get(Registration, expected[0])
    assert f"Beste {first.name}," in page and "Maatjes naar werk (Zaal 7)" in page
    assert db.session.scalar(select(GroupMessage)) is None


def test_an_unknown_placeholder_is_refused_with_a_clear_message(client, day, crowd):
    page = _post(client, day, body="Hallo {voornaam}").get_data(as_text=True)
    assert "Onbekende invulplek: {voornaam}" in page and "{naam}" in page
    assert db.session.scalar(select(GroupMessage)) is None


def test_sending_queues_one_row_per_person_and_logs_ids(client, smtp, day, crowd):
    audience = Audience("confirmed", 0, "yes", "")
    expected = _expected(day, audience, crowd["answered"])
    body = "Beste {naam},\n\n<script>alert(1)</script> & <b>vet</b>\n{link}"
    response = _post(client, day, status="confirmed", checked_in="yes", body=body, action="send")
    assert response.status_code == 302
    message = db.session.scalar(select(GroupMessage))
    logged = db.session.scalars(select(GroupMessageRecipient.registration_id)).all()
    assert sorted(logged) == expected and message.recipient_count == len(expected)
    assert db.session.query(OutgoingMail).filter_by(kind="group_message").count() == len(expected)

    server = smtp()
    deliver_due()
    sent = [m for m in server.recorder.messages if m["Subject"].startswith("Over ")]
    assert len(sent) == len(expected)
    html = sent[0].get_body(preferencelist=("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>vet</b>" not in html
    assert 'href="http' in html  # the personal link is a link
    text = sent[0].get_body(preferencelist=("plain",)).get_content()
    assert "<script>alert(1)</script>" in text  # plain text is plain

    log_page = client.get(f"/beheer/locaties/{day.id}/berichten/verstuurd").get_data(as_text=True)
    assert str(expected[0]) in log_page
    assert db.session.get(Registration, expected[0]).name not in log_page  # ids, not names


def test_a_coordinator_writes_only_to_their_own_day(client, day, crowd, make_location, make_user, auth):
    other = make_location(day.edition, "Zutphen")
    auth.logout()
    make_user(
        "coordinator@example.org",
        role=Role.COORDINATOR,
        locations=[day],
    )
    auth.login("coordinator@example.org")
    assert client.get(f"/beheer/locaties/{day.id}/berichten").status_code == 200
    assert client.get(f"/beheer/locaties/{other.id}/berichten").status_code == 403


def test_the_personal_page_shows_published_workgroup_room_and_messages(client, day, crowd):
    person = crowd["people"][3]  # in the published workgroup "Maatjes naar werk", Zaal 7
    token = links.token_for(person)
    _post(client, day, offer_id=str(crowd["offer"].id), body="Neem {zaal} <b>mee</b>", action="send")
    page = client.get(f"/aanmelding/{token}").get_data(as_text=True)
    assert "Maatjes naar werk" in page and "Zaal 7" in page
    assert "Berichten van de organisatie" in page
    assert "Neem Zaal 7 &lt;b&gt;mee&lt;/b&gt;" in page
    unpublished = crowd["people"][1]
    other = client.get(f"/aanmelding/{links.token_for(unpublished)}").get_data(as_text=True)
    assert "Zaal 7" not in other and "Berichten van de organisatie" not in other


def test_every_link_in_mail_carries_the_persons_language(day, register):
    from app.evaluation.services import evaluation_link

    (dutch,) = register()
    (english,) = register(language="en")
    assert links.link_for(dutch).endswith("?lang=nl") and links.link_for(english).endswith("?lang=en")
    assert evaluation_link(english).endswith("?lang=en")


def test_the_language_of_a_personal_link_sticks_for_the_next_pages(client, day, register):
    (english,) = register(language="en")
    token = links.token_for(english)
    assert 'lang="en"' in client.get(f"/aanmelding/{token}?lang=en").get_data(as_text=True)
    assert 'lang="en"' in client.get(f"/aanmelding/{token}/wijzigen").get_data(as_text=True)


def test_erasing_a_registration_removes_it_from_the_message_log(client, day, crowd):
    _post(client, day, action="send")
    person = crowd["people"][2]
    assert db.session.scalar(select(GroupMessageRecipient).filter_by(registration_id=person.id)) is not None
    services.erase_registration(person)
    db.session.commit()
    db.session.expire_all()
    assert db.session.scalar(select(GroupMessageRecipient).filter_by(registration_id=person.id)) is None
    assert db.session.scalar(select(GroupMessage)) is not None  # the message itself stays
