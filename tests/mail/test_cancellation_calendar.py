"""A cancellation mail carries a calendar file that removes the event the confirmation
put in the participant's calendar: METHOD:CANCEL, STATUS:CANCELLED, same UID, higher SEQUENCE."""

from __future__ import annotations

import pytest
import vobject

from app.extensions import db
from app.mail.delivery import deliver_due
from app.registration import services
from tests.calendar.rfc_check import parse


def _registration_event(message):
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    ics = part.get_payload(decode=True)
    parse(ics)  # strict RFC 5545 / 5546 reader: CANCEL has what it requires
    calendar = vobject.readOne(ics.decode("utf-8"))
    (event,) = [e for e in calendar.vevent_list if e.uid.value.startswith("registration")]
    return part, calendar, event


@pytest.mark.parametrize("by_organiser", [False, True])
def test_the_cancellation_removes_the_confirmed_event(smtp, register, by_organiser):
    server = smtp()
    (person,) = register()
    deliver_due()
    (confirmation,) = server.recorder.messages
    _, _, confirmed = _registration_event(confirmation)

    services.cancel_registration(person, by_organiser=by_organiser)
    db.session.commit()
    assert deliver_due() == 1
    cancellation = server.recorder.messages[1]
    part, calendar, event = _registration_event(cancellation)
    assert part.get_param("method") == "CANCEL"
    assert calendar.method.value == "CANCEL"
    assert event.status.value == "CANCELLED"
    assert event.uid.value == confirmed.uid.value
    assert int(event.sequence.value) > int(confirmed.sequence.value)
