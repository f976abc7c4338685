"""Change notices through a real SMTP server on loopback: who is told, once, with the
updated calendar (same UID, higher SEQUENCE), and the organiser's say over it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import vobject
from icalendar import Calendar
from sqlalchemy import select

from app import jobs
from app.extensions import db
from app.mail import OutgoingMail
from app.mail.delivery import deliver_due
from app.registration import services
from app.registration.models import Registration
from tests.calendar.rfc_check import parse


@pytest.fixture()
def people(day, register, make_user, auth):
    """Two confirmed, one waiting (English), one cancelled; organiser signed in."""
    day.capacity = 2
    db.session.commit()
    confirmed = register(2)
    (waiting,) = register(language="en")
    (gone,) = register()
    services.cancel_registration(gone)
    db.session.commit()
    make_user("organiser@example.org")
    auth.login("organiser@example.org")
    db.session.expire_all()
    assert [r.status.value for r in confirmed] + [waiting.status.value, gone.status.value] == [
        "confirmed",
        "confirmed",
        "waiting",
        "cancelled",
    ]
    return dict(told=[*confirmed, waiting], gone=gone)


def _edit_form(day, **overrides) -> dict:
    data = {
        "city": day.city,
        "slug": day.slug,
        "venue": day.venue,
        "address": day.address,
        "date": day.date.isoformat(),
        "doors_open": day.doors_open.strftime("%H:%M"),
        "capacity": str(day.capacity),
        "registration_opens_at": "2020-01-01T09:00",
        "registration_closes_at": f"{day.date.isoformat()}T08:00",  # on the day at the latest
        "coordinating_organisations": "",
        "notify": "y",
    }
    return data | overrides


def _calendar_parts(message) -> list:
    return [part for part in message.walk() if part.get_content_type() == "text/calendar"]


def _registration_event(ics: bytes):
    (event,) = [e for e in Calendar.from_ical(ics).walk("VEVENT") if str(e["UID"]).startswith("registration")]
    return event


def _notices() -> list[OutgoingMail]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutgoingMail).where(OutgoingMail.kind == "change_notice")))


def test_a_venue_change_mails_confirmed_and_waiting_once_with_an_updated_calendar(client, smtp, day, people):
    server = smtp()
    deliver_due()  # the confirmations and the cancellation
    before = {
        m["To"]: _registration_event(_calendar_parts(m)[0].get_payload(decode=True))
        for m in server.recorder.messages
        if _calendar_parts(m) and m["To"] != people["gone"].email
    }
    server.recorder.messages.clear()

    page = client.get(f"/beheer/locaties/{day.id}/bewerken").get_data(as_text=True)
    assert "krijgen 3 deelnemers" in page  # told before saving

    response = client.post(f"/beheer/locaties/{day.id}/bewerken", data=_edit_form(day, venue="Stadhuis"))
    assert response.status_code == 302
    # A second fix two minutes later joins the same waiting mail.
    with jobs.frozen(jobs.now() + timedelta(minutes=2)):
        client.post(f"/beheer/locaties/{day.id}/bewerken", data=_edit_form(day, venue="Stadhuis", doors_open="10:00"))
    assert len(_notices()) == 3

    assert deliver_due() == 0  # waits for more changes
    with jobs.frozen(jobs.now() + timedelta(minutes=8)):
        assert deliver_due() == 3
        assert deliver_due() == 0

    messages = server.recorder.messages
    assert sorted(m["To"] for m in messages) == sorted(r.email for r in people["told"])
    for message in messages:
        text = message.get_body(preferencelist=("plain",)).get_content()
        assert "Stadhuis" in text and "10:00" in text and f"Zaal {day.city}" in text  # new and old
        (part,) = _calendar_parts(message)
        assert part.get_param("method") == "REQUEST"
        ics = part.get_payload(decode=True)
        parse(ics)  # strict RFC 5545/5546 reader
        event = _registration_event(ics)
        old = before[message["To"]]
        assert str(event["UID"]) == str(old["UID"])
        assert int(event["SEQUENCE"]) > int(old["SEQUENCE"])
        assert "Stadhuis" in str(event["LOCATION"])
        # An independent parser agrees.
        (calendar,) = [vobject.readOne(ics.decode())]
        assert calendar.method.value == "REQUEST"
    english = next(m for m in messages if m["To"] == people["told"][2].email)
    assert english["Subject"].startswith("Changed:")


def test_a_trivial_fix_without_notify_sends_nothing(client, day, people):
    client.post(f"/beheer/locaties/{day.id}/bewerken", data=_edit_form(day, address="Straat 1a") | {"notify": ""})
    assert _notices() == []


def test_saving_without_a_change_sends_nothing(client, day, people):
    client.post(f"/beheer/locaties/{day.id}/bewerken", data=_edit_form(day))
    assert _notices() == []


def test_a_change_undone_before_the_mail_went_tells_nobody(client, day, people):
    venue = day.venue
    client.post(f"/beheer/locaties/{day.id}/bewerken", data=_edit_form(day, venue="Verkeerde zaal"))
    assert len(_notices()) == 3
    client.post(f"/beheer/locaties/{day.id}/bewerken", data=_edit_form(day, venue=venue))
    assert _notices() == []


def test_a_cancelled_day_sends_a_cancel_calendar(client, smtp, day, people):
    server = smtp()
    deliver_due()
    server.recorder.messages.clear()
    page = client.get(f"/beheer/locaties/{day.id}").get_data(as_text=True)
    assert "3 deelnemers (bevestigd en wachtlijst)" in page
    client.post(f"/beheer/locaties/{day.id}/afgelasten", data={"notify": "1"})  # not confirmed
    assert _notices() == [] and db.session.get(type(day), day.id).cancelled_at is None
    client.post(f"/beheer/locaties/{day.id}/afgelasten", data={"confirm": "1", "notify": "1"})
    with jobs.frozen(jobs.now() + timedelta(minutes=8)):
        assert deliver_due() == 3
    for message in server.recorder.messages:
        (part,) = _calendar_parts(message)
        assert part.get_param("method") == "CANCEL"
        event = _registration_event(part.get_payload(decode=True))
        assert str(event["STATUS"]) == "CANCELLED"
    # Registration is closed for a cancelled day.
    assert db.session.get(Registration, people["told"][0].id).location_day.is_cancelled


def test_a_new_room_after_publishing_tells_the_people_in_that_workgroup(client, smtp, day, people):
    from app.workgroups import assignment_services

    offer = day.workgroup_offers[0]
    offer.room = "Zaal 1"
    db.session.commit()
    assignment_services.run_allocation(day, seed=1)
    assignment_services.publish(day)
    db.session.commit()
    in_workgroup = assignment_services.assignments_at(day)
    told_ids = sorted({a.registration_id for a in in_workgroup if a.published_offer_id == offer.id})
    assert told_ids
    page = client.get(f"/beheer/aanbod/{offer.id}/bewerken").get_data(as_text=True)
    assert f"krijgen {len(told_ids)} deelnemers" in page
    form = {
        "workgroup_id": str(offer.workgroup_id),
        "round": "1",
        "capacity": "",
        "room": "Zaal 2",
        "facilitator": offer.facilitator or "",
        "notify": "y",
    }
    assert client.post(f"/beheer/aanbod/{offer.id}/bewerken", data=form).status_code == 302
    assert sorted(n.registration_id for n in _notices()) == told_ids
    server = smtp()
    with jobs.frozen(jobs.now() + timedelta(minutes=8)):
        deliver_due()
    notices = [m for m in server.recorder.messages if "Zaal 2" in m.get_body(("plain",)).get_content()]
    assert len(notices) == len(told_ids)


def test_a_later_end_of_the_day_is_told_to_every_location(client, smtp, day, people):
    last = max(day.edition.programme_items, key=lambda item: item.end_time)
    page = client.get(f"/beheer/programma/{last.id}/bewerken").get_data(as_text=True)
    assert "krijgen 3 deelnemers" in page
    form = {
        "kind": last.kind.value,
        "title": last.title,
        "description": "",
        "start_time": last.start_time.strftime("%H:%M"),
        "end_time": "16:00",
        "workgroup_round": "",
        "notify": "y",
    }
    assert client.post(f"/beheer/programma/{last.id}/bewerken", data=form).status_code == 302
    assert len(_notices()) == 3
    server = smtp()
    with jobs.frozen(jobs.now() + timedelta(minutes=8)):
        deliver_due()
    notices = [m for m in server.recorder.messages if m["Subject"].startswith(("Gewijzigd", "Changed"))]
    assert len(notices) == 3
    text = notices[0].get_body(("plain",)).get_content()
    assert "16:00" in text and "15:30" in text
