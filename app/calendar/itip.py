"""Scheduling messages (iTIP, RFC 5546) for change and cancellation mails.

Each of a participant's events becomes its own small calendar with METHOD:REQUEST (put it
in the calendar, or update it: same UID, higher SEQUENCE) or METHOD:CANCEL with
STATUS:CANCELLED (remove it). Pure, like the builder it uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from icalendar import Event, vCalAddress

from .data import Attendee, CalendarContext, DayCalendarData, Method, RegistrationData, Status, WorkgroupSession
from .ical import build_calendar, day_title, participant_events
from .rfc5545 import checked_uri, parameter_text


@dataclass(frozen=True)
class SchedulingMessage:
    """One event as an iTIP message: the calendar file for one mail attachment."""

    uid: str
    method: Method
    data: bytes

    @property
    def mimetype(self) -> str:
        # iMIP (RFC 6047): the MIME method must repeat the calendar's METHOD.
        return f"text/calendar; method={self.method.value}; charset=UTF-8"


_PARTSTAT = {Status.CONFIRMED: "ACCEPTED", Status.TENTATIVE: "TENTATIVE"}


def _add_attendee(event: Event, attendee: Attendee, method: Method) -> None:
    parameters = {
        "CN": parameter_text(attendee.name),
        "CUTYPE": "INDIVIDUAL",
        "ROLE": "REQ-PARTICIPANT",
        # Registered already: no accept/decline answers to the no-reply organiser.
        "RSVP": "FALSE",
    }
    if method is Method.REQUEST:
        parameters["PARTSTAT"] = _PARTSTAT[Status(str(event["STATUS"]))]
    address = vCalAddress(checked_uri("ATTENDEE", f"mailto:{attendee.email}"))
    event.add("ATTENDEE", address, parameters=parameters)


def participant_messages(
    day: DayCalendarData,
    registration: RegistrationData,
    sessions: Iterable[WorkgroupSession],
    attendee: Attendee,
    ctx: CalendarContext,
    *,
    now: dt.datetime,
) -> list[SchedulingMessage]:
    """The participant's events as scheduling messages, one event per message.

    An event that is on becomes METHOD:REQUEST (new, or an update: same UID, higher
    SEQUENCE); one that is called off becomes METHOD:CANCEL with STATUS:CANCELLED, so
    calendar programs remove it. One event each, because Outlook and Gmail act on the
    first event of an invitation only.
    """
    messages = []
    for event in participant_events(day, registration, sessions, ctx):
        cancelled = str(event["STATUS"]) == Status.CANCELLED
        method = Method.CANCEL if cancelled else Method.REQUEST
        _add_attendee(event, attendee, method)
        data = build_calendar([event], name=day_title(day), now=now, method=method)
        messages.append(SchedulingMessage(uid=str(event["UID"]), method=method, data=data))
    return messages
