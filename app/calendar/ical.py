"""Pure iCalendar (RFC 5545) builder for alliance days.

Plain dataclasses (``data.py``) in, calendar bytes out, written by the ``icalendar``
library: components, properties, date-times with TZID. What it leaves to us (strict TEXT
escaping, folding that never cuts an escape, a VTIMEZONE in the shape Outlook reads) is in
``rfc5545.py``; scheduling messages for mails are in ``itip.py``. Nothing here imports
Flask or SQLAlchemy: the caller passes ``now``, URLs, the UID domain and the reader's
language, so the output is reproducible and can be checked against golden files.

Times of day are Europe/Amsterdam wall-clock times. Naive ``datetime`` values (``now``,
``last_modified``) are taken as UTC, because the app stores UTC and SQLite returns it naive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress

from .data import (
    CalendarContext,
    DayCalendarData,
    Labels,
    Method,
    Organizer,
    ProgrammeEntry,
    RegistrationData,
    Speaker,
    Status,
    WorkgroupSession,
    labels_for,
)
from .rfc5545 import Text, checked_uri, parameter_text, refold, vtimezone

TZID = "Europe/Amsterdam"
AMSTERDAM = ZoneInfo(TZID)
PRODID = "-//Alliantiedagen//Planning//NL"
FEED_REFRESH = dt.timedelta(hours=1)


# ---------------------------------------------------------------------------
# Times


def as_utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def local_datetime(day: dt.date, clock: dt.time) -> dt.datetime:
    """The aware Europe/Amsterdam instant of a wall-clock time on a date."""
    moment = dt.datetime.combine(day, clock, tzinfo=AMSTERDAM)
    # A wall time in the spring-forward gap does not exist; refuse rather than guess.
    if moment.astimezone(dt.UTC).astimezone(AMSTERDAM).time() != moment.time():
        raise ValueError(f"{day} {clock} does not exist in {TZID}")
    return moment


Span = tuple[dt.datetime, dt.datetime]


def _span(day: dt.date, start: dt.time, end: dt.time) -> Span:
    begins, ends = local_datetime(day, start), local_datetime(day, end)
    if ends <= begins:
        raise ValueError(f"end {end} is not after start {start} on {day}")
    return begins, ends


def day_span(day: DayCalendarData) -> Span:
    """From doors open (or the first item) to the end of the last item."""
    if not day.programme:
        raise ValueError(f"location day {day.location_day_id} has no programme times")
    starts = [entry.start for entry in day.programme]
    if day.doors_open is not None:
        starts.append(day.doors_open)
    return _span(day.date, min(starts), max(entry.end for entry in day.programme))


# ---------------------------------------------------------------------------
# Texts


def make_uid(domain: str, *parts: object) -> str:
    """A UID built only from kinds and database ids, so it never changes for one thing."""
    return "-".join(str(part) for part in parts) + "@" + domain


def _combined_status(*statuses: Status) -> Status:
    # The weakest wins: a cancelled registration cancels everything that hangs on it.
    for status in (Status.CANCELLED, Status.TENTATIVE):
        if status in statuses:
            return status
    return Status.CONFIRMED


def _one_line(*parts: str) -> str:
    # Clients show LOCATION on one line and hand it to map searches: flatten addresses.
    lines = (line.strip() for part in parts for line in part.splitlines())
    return ", ".join(line for line in lines if line)


def day_location(day: DayCalendarData) -> str:
    return _one_line(day.venue, day.address)


def day_title(day: DayCalendarData) -> str:
    return f"{day.edition_name} – {day.city}"


def _speaker_text(speaker: Speaker) -> str:
    text = speaker.name
    if speaker.organisation:
        text += f" ({speaker.organisation})"
    if speaker.contribution:
        text += f" – {speaker.contribution}"
    return text


def _speakers_line(entry: ProgrammeEntry, labels: Labels) -> str:
    return f"{labels.speakers}: " + "; ".join(_speaker_text(s) for s in entry.speakers)


def _programme(day: DayCalendarData) -> list[ProgrammeEntry]:
    return sorted(day.programme, key=lambda entry: entry.start)


def day_description(day: DayCalendarData, language: str) -> str:
    """The whole programme with speakers, as plain text in the reader's language."""
    labels = labels_for(language)
    lines = []
    if day.doors_open is not None:
        lines += [f"{labels.doors_open}: {day.doors_open:%H:%M}", ""]
    lines.append(labels.programme)
    for entry in _programme(day):
        lines.append(f"{entry.start:%H:%M}–{entry.end:%H:%M} {entry.title}")
        if entry.speakers:
            lines.append("  " + _speakers_line(entry, labels))
    lines += ["", f"{labels.more_info}: {day.page_url}"]
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Events


@dataclass(frozen=True)
class _EventData:
    uid: str
    sequence: int
    last_modified: dt.datetime
    status: Status
    summary: str
    span: Span
    location: str
    description: str
    url: str
    category: str = ""


def _vevent(data: _EventData, organizer: Organizer) -> Event:
    if data.sequence < 0:
        raise ValueError(f"SEQUENCE must not be negative: {data.sequence}")
    status = Status(data.status)
    event = Event()
    event.add("UID", data.uid)
    event.add("SEQUENCE", data.sequence)
    event.add("LAST-MODIFIED", as_utc(data.last_modified))
    event.add("STATUS", status.value)
    event.add("SUMMARY", Text(data.summary))
    event.add("DTSTART", data.span[0])
    event.add("DTEND", data.span[1])
    event.add("LOCATION", Text(data.location))
    event.add("DESCRIPTION", Text(data.description))
    event.add("URL", checked_uri("URL", data.url))
    event.add(
        "ORGANIZER",
        vCalAddress(checked_uri("ORGANIZER", f"mailto:{organizer.email}")),
        parameters={"CN": parameter_text(organizer.name)},
    )
    # A cancelled event should not block the reader's free/busy time.
    event.add("TRANSP", "TRANSPARENT" if status is Status.CANCELLED else "OPAQUE")
    if data.category:
        event.add("CATEGORIES", Text(data.category))
    return event


def day_event(day: DayCalendarData, ctx: CalendarContext) -> Event:
    """The whole location day, from doors open to the end of the programme, as one event."""
    data = _EventData(
        uid=make_uid(ctx.domain, "location-day", day.location_day_id),
        sequence=day.sequence,
        last_modified=day.last_modified,
        status=day.status,
        summary=day_title(day),
        span=day_span(day),
        location=day_location(day),
        description=day_description(day, ctx.language),
        url=day.page_url,
    )
    return _vevent(data, ctx.organizer)


def programme_item_events(day: DayCalendarData, ctx: CalendarContext) -> list[Event]:
    """Each programme item as its own event; its UID holds the day id as well, because
    items may come from an edition-wide template shared by every location day."""
    labels = labels_for(ctx.language)
    events = []
    for entry in _programme(day):
        lines = [_speakers_line(entry, labels)] if entry.speakers else []
        lines += [day_title(day), f"{labels.more_info}: {day.page_url}"]
        data = _EventData(
            uid=make_uid(ctx.domain, "location-day", day.location_day_id, "item", entry.entry_id),
            sequence=day.sequence,
            last_modified=day.last_modified,
            status=day.status,
            summary=f"{entry.title} – {day.city}",
            span=_span(day.date, entry.start, entry.end),
            location=day_location(day),
            description="\n".join(lines),
            url=day.page_url,
            category=entry.kind,
        )
        events.append(_vevent(data, ctx.organizer))
    return events


def registration_event(day: DayCalendarData, registration: RegistrationData, ctx: CalendarContext) -> Event:
    """The participant's own copy of the day.

    It has its own UID, so cancelling a registration never cancels the public day event
    in a client that also holds the edition feed. Its SEQUENCE is the sum of both
    revisions, so it rises whenever either of them does.
    """
    data = _EventData(
        uid=make_uid(ctx.domain, "registration", registration.registration_id),
        sequence=day.sequence + registration.sequence,
        last_modified=max(as_utc(day.last_modified), as_utc(registration.last_modified)),
        status=_combined_status(day.status, registration.status),
        summary=day_title(day),
        span=day_span(day),
        location=day_location(day),
        description=day_description(day, ctx.language),
        url=day.page_url,
    )
    return _vevent(data, ctx.organizer)


def workgroup_events(day: DayCalendarData, sessions: Iterable[WorkgroupSession], ctx: CalendarContext) -> list[Event]:
    """A participant's workgroup sessions, each with its room; pass a dropped one with
    status CANCELLED so that clients remove it instead of keeping a stale copy."""
    labels = labels_for(ctx.language)
    events = []
    for session in sessions:
        lines = [f"{labels.workgroup}: {session.workgroup_title}", f"{labels.room}: {session.room}"]
        if session.facilitator:
            lines.append(f"{labels.facilitator}: {session.facilitator}")
        lines += ["", day_title(day), f"{labels.more_info}: {day.page_url}"]
        data = _EventData(
            uid=make_uid(ctx.domain, "workgroup-assignment", session.assignment_id),
            sequence=session.sequence,
            last_modified=session.last_modified,
            status=session.status,
            summary=f"{labels.workgroup}: {session.workgroup_title}",
            span=_span(day.date, session.start, session.end),
            location=_one_line(session.room, day.venue, day.address),
            description="\n".join(lines),
            url=day.page_url,
        )
        events.append(_vevent(data, ctx.organizer))
    return events


def participant_events(
    day: DayCalendarData,
    registration: RegistrationData,
    sessions: Iterable[WorkgroupSession],
    ctx: CalendarContext,
) -> list[Event]:
    """The participant's day plus their workgroups, all cancelled with the registration.

    A session's SEQUENCE becomes the sum of the session, registration and day revisions:
    a change to any of them (a new room, a cancelled registration, a moved venue) alters
    the event, so its SEQUENCE must rise with each.
    """
    bumped = [
        replace(
            session,
            sequence=session.sequence + registration.sequence + day.sequence,
            status=_combined_status(session.status, registration.status, day.status),
            last_modified=max(
                as_utc(session.last_modified),
                as_utc(registration.last_modified),
                as_utc(day.last_modified),
            ),
        )
        for session in sessions
    ]
    return [registration_event(day, registration, ctx), *workgroup_events(day, bumped, ctx)]


# ---------------------------------------------------------------------------
# Calendars


def build_calendar(
    events: Iterable[Event],
    *,
    name: str,
    now: dt.datetime,
    is_feed: bool = False,
    prodid: str = PRODID,
    method: Method = Method.PUBLISH,
) -> bytes:
    """Serialise events into one VCALENDAR (UTF-8, CRLF, folded); each gets DTSTAMP=now.

    DTSTAMP is when this object was made (RFC 5545 §3.8.7.2).
    """
    calendar = Calendar()
    calendar.add("PRODID", prodid)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", Method(method).value)
    calendar.add("X-WR-CALNAME", Text(name))
    calendar.add("X-WR-TIMEZONE", TZID)
    if is_feed:
        # Subscribing clients otherwise poll when they like: Google may wait a day.
        calendar.add("REFRESH-INTERVAL", FEED_REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("X-PUBLISHED-TTL", "PT1H")
    stamped = [_with_stamp(event, now) for event in events]
    if stamped:
        calendar.add_component(vtimezone(TZID, _first_year(stamped)))
    for event in stamped:
        calendar.add_component(event)
    return refold(calendar.to_ical(sorted=False))


def _with_stamp(event: Event, now: dt.datetime) -> Event:
    """A copy with DTSTAMP right after UID, where readers look first."""
    stamped = Event()
    stamped["UID"] = event["UID"]
    stamped.add("DTSTAMP", as_utc(now))
    for name, value in event.items():
        if name != "UID":
            stamped[name] = value
    return stamped


def _first_year(events: Sequence[Event]) -> int:
    """The year whose daylight saving rules the VTIMEZONE states."""
    return min(event.start.year for event in events)


def location_day_calendar(
    day: DayCalendarData,
    ctx: CalendarContext,
    *,
    now: dt.datetime,
    per_item: bool = False,
    is_feed: bool = False,
) -> bytes:
    """One location day: one event, or one per programme item."""
    events = programme_item_events(day, ctx) if per_item else [day_event(day, ctx)]
    return build_calendar(events, name=day_title(day), now=now, is_feed=is_feed)


def edition_calendar(
    days: Iterable[DayCalendarData],
    ctx: CalendarContext,
    *,
    name: str,
    now: dt.datetime,
    is_feed: bool = True,
) -> bytes:
    """Every location day of an edition; cancelled days stay in, as STATUS:CANCELLED."""
    events = [day_event(day, ctx) for day in days]
    return build_calendar(events, name=name, now=now, is_feed=is_feed)


def participant_calendar(
    day: DayCalendarData,
    registration: RegistrationData,
    sessions: Iterable[WorkgroupSession],
    ctx: CalendarContext,
    *,
    now: dt.datetime,
    is_feed: bool = False,
) -> bytes:
    """A participant's own calendar; also the .ics attached to their mails."""
    events = participant_events(day, registration, sessions, ctx)
    return build_calendar(events, name=day_title(day), now=now, is_feed=is_feed)
