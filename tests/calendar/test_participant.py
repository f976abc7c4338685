"""A participant's own calendar: personal feed, mail attachment, changes and cancellation."""

from datetime import date

import pytest
import vobject

from app.calendar.services import scheduling_attachments
from app.extensions import db
from app.registration.links import token_for
from app.registration.services import cancel_registration, register_participant
from app.workgroups import assignment_services
from tests.calendar.rfc_check import parse


@pytest.fixture()
def registration(make_edition, make_location, make_workgroup, make_offer):
    edition = make_edition()
    # 1 July 2027: summer time, so 13:30 in Amsterdam is 11:30 UTC.
    location = make_location(edition, "Rotterdam", capacity=1, date=date(2027, 7, 1))
    workgroup = make_workgroup(edition, "Cliëntenparticipatie")
    make_offer(location, workgroup, room="Consistoriekamer", facilitator="Nicole")
    result = register_participant(
        location, name="Ans", email="ans@example.org", consent=True, preferences={1: [workgroup.id]}
    )
    db.session.commit()
    return result.registration


def _events(body: bytes) -> dict[str, object]:
    calendar = vobject.readOne(body.decode("utf-8"))
    return {c.uid.value: c for c in calendar.components() if c.name == "VEVENT"}


def _feed(client, registration):
    return client.get(f"/aanmelding/{token_for(registration)}/agenda.ics?abonneren=1")


def test_confirmation_mail_carries_the_calendar_file(app, make_edition, make_location, outbox, request_context):
    location = make_location(make_edition(), "Zutphen")
    register_participant(location, name="Bert", email="bert@example.org", consent=True)
    db.session.commit()
    (message,) = outbox.messages()
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "alliantiedag.ics"
    assert attachment.get_content_type() == "text/calendar"
    (event,) = _events(attachment.get_payload(decode=True)).values()
    assert "Zutphen" in event.summary.value


def test_personal_feed_shows_the_published_workgroup_with_room(client, registration):
    before = _feed(client, registration)
    assert before.status_code == 200 and "private" in before.headers["Cache-Control"]
    assert len(_events(before.data)) == 1  # nothing published yet: only the day
    assignment_services.run_allocation(registration.location_day, seed=1)
    assignment_services.publish(registration.location_day)
    db.session.commit()
    events = _events(_feed(client, registration).data)
    (workgroup,) = [e for uid, e in events.items() if uid.startswith("workgroup-assignment")]
    assert "Cliëntenparticipatie" in workgroup.summary.value
    assert "Consistoriekamer" in workgroup.location.value
    assert workgroup.dtstart.value.utcoffset().total_seconds() == 7200
    assert workgroup.dtstart.value.hour == 13


def test_cancellation_stays_in_the_feed_as_cancelled_with_a_higher_sequence(client, registration):
    (before,) = _events(_feed(client, registration).data).values()
    cancel_registration(registration)
    db.session.commit()
    (after,) = _events(_feed(client, registration).data).values()
    assert after.uid.value == before.uid.value
    assert after.status.value == "CANCELLED"
    assert int(after.sequence.value) > int(before.sequence.value)


def test_waiting_list_registration_is_tentative(client, registration):
    first_choice = {1: [registration.preferences[0].workgroup_id]}
    waiting = register_participant(
        registration.location_day, name="Cor", email="cor@example.org", consent=True, preferences=first_choice
    ).registration
    db.session.commit()
    (event,) = _events(_feed(client, waiting).data).values()
    assert event.status.value == "TENTATIVE"


def test_a_wrong_token_gets_nothing(client, registration):
    assert client.get("/aanmelding/niet-geldig/agenda.ics").status_code == 404


def test_registering_before_the_programme_exists_sends_mail_without_calendar(
    app, make_edition, make_location, outbox, request_context
):
    edition = make_edition(slug="nog-leeg")
    for item in list(edition.programme_items):
        db.session.delete(item)
    db.session.commit()
    location = make_location(edition, "Beilen")
    register_participant(location, name="Dirk", email="dirk@example.org", consent=True)
    db.session.commit()
    (message,) = outbox.messages()
    assert message["To"] == "dirk@example.org"
    assert list(message.iter_attachments()) == []


def test_change_and_cancellation_files_update_then_remove_the_same_events(client, registration):
    assignment_services.run_allocation(registration.location_day, seed=1)
    assignment_services.publish(registration.location_day)
    db.session.commit()
    published = _events(_feed(client, registration).data)

    change = scheduling_attachments(registration)
    assert [a.mimetype for a in change] == ["text/calendar; method=REQUEST; charset=UTF-8"] * 2
    for attachment in change:
        (event,) = parse(attachment.content).sub("VEVENT")
        assert int(event.value("SEQUENCE")) == int(published[event.value("UID")].sequence.value)
        assert event.one("ATTENDEE").value == "mailto:ans@example.org"

    cancel_registration(registration)
    db.session.commit()
    cancellation = scheduling_attachments(registration)
    assert [a.mimetype for a in cancellation] == ["text/calendar; method=CANCEL; charset=UTF-8"] * 2
    for attachment in cancellation:
        (event,) = parse(attachment.content).sub("VEVENT")
        assert event.value("STATUS") == "CANCELLED"
        assert int(event.value("SEQUENCE")) > int(published[event.value("UID")].sequence.value)
    assert {parse(a.content).sub("VEVENT")[0].value("UID") for a in cancellation} == set(published)


def test_no_scheduling_files_without_an_address(registration):
    registration.email = None
    assert scheduling_attachments(registration) == ()
