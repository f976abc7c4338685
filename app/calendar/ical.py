"""Pure iCalendar (RFC 5545) builder for alliance days.

Plain dataclasses in, calendar bytes out. Nothing here imports Flask or SQLAlchemy: the
caller passes ``now``, URLs, the UID domain and the reader's language, so the output is
reproducible and can be checked against golden files.

Content lines are written here rather than through ``icalendar``: its TEXT escaping turns a
literal backslash-N (as in ``C:\\Notes``) into a line break, and owning the few lines of
serialisation keeps the bytes identical across library upgrades.

Times of day are Europe/Amsterdam wall-clock times. Naive ``datetime`` values (``now``,
``last_modified``) are taken as UTC, because the app stores UTC and SQLite returns it naive.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import NamedTuple
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

TZID = "Europe/Amsterdam"
AMSTERDAM = ZoneInfo(TZID)
PRODID = "-//Alliantiedagen//Planning//NL"
FEED_REFRESH = "PT1H"
MAX_LINE_OCTETS = 75


class Status(StrEnum):
    CONFIRMED = "CONFIRMED"
    TENTATIVE = "TENTATIVE"
    CANCELLED = "CANCELLED"


# ---------------------------------------------------------------------------
# Input data


class Speaker(NamedTuple):
    name: str
    organisation: str = ""
    contribution: str = ""


@dataclass(frozen=True)
class ProgrammeEntry:
    entry_id: int
    start: dt.time
    end: dt.time
    title: str
    kind: str = ""  # display word in the reader's language, e.g. "Inleiding"
    speakers: Sequence[Speaker] = ()


@dataclass(frozen=True)
class DayCalendarData:
    location_day_id: int
    edition_name: str
    city: str
    venue: str
    address: str
    date: dt.date
    doors_open: dt.time | None
    programme: Sequence[ProgrammeEntry]
    page_url: str
    sequence: int
    last_modified: dt.datetime
    status: Status = Status.CONFIRMED


@dataclass(frozen=True)
class RegistrationData:
    registration_id: int
    sequence: int
    last_modified: dt.datetime
    status: Status = Status.CONFIRMED


@dataclass(frozen=True)
class WorkgroupSession:
    assignment_id: int
    workgroup_title: str
    room: str
    facilitator: str
    start: dt.time
    end: dt.time
    sequence: int
    last_modified: dt.datetime
    status: Status = Status.CONFIRMED


@dataclass(frozen=True)
class Organizer:
    name: str
    email: str


@dataclass(frozen=True)
class CalendarContext:
    """What every event needs besides its own data."""

    domain: str  # right-hand side of every UID, e.g. "alliantiedagen.example"
    organizer: Organizer
    language: str = "nl"


# ---------------------------------------------------------------------------
# Labels


@dataclass(frozen=True)
class Labels:
    programme: str
    speakers: str
    workgroup: str
    room: str
    facilitator: str
    doors_open: str
    more_info: str


LABELS = {
    "nl": Labels(
        programme="Programma",
        speakers="Sprekers",
        workgroup="Werkgroep",
        room="Zaal",
        facilitator="Begeleiding",
        doors_open="Deuren open",
        more_info="Meer informatie",
    ),
    "en": Labels(
        programme="Programme",
        speakers="Speakers",
        workgroup="Workgroup",
        room="Room",
        facilitator="Facilitator",
        doors_open="Doors open",
        more_info="More information",
    ),
}


def labels_for(language: str) -> Labels:
    """Labels for a tag such as "en" or "en-GB"; anything unknown gets Dutch, the default."""
    base = language.replace("_", "-").split("-")[0].lower()
    return LABELS.get(base, LABELS["nl"])


# ---------------------------------------------------------------------------
# Content lines


@dataclass(frozen=True)
class Property:
    name: str
    value: str  # already in iCalendar syntax (escaped when TEXT)
    params: tuple[tuple[str, str], ...] = ()

    def line(self) -> str:
        params = "".join(f";{key}={_param_value(value)}" for key, value in self.params)
        return f"{self.name}{params}:{self.value}"


@dataclass(frozen=True)
class Component:
    name: str
    properties: tuple[Property, ...] = ()
    components: tuple[Component, ...] = ()

    def lines(self) -> Iterator[str]:
        yield f"BEGIN:{self.name}"
        for prop in self.properties:
            yield prop.line()
        for component in self.components:
            yield from component.lines()
        yield f"END:{self.name}"


# TEXT may not hold control characters other than tab (RFC 5545 §3.3.11); user input can.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A fold may not separate a backslash from the character it escapes: some clients
# unescape before they unfold.
_FOLD_UNITS = re.compile(r"\\.|.", re.DOTALL)


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash first, so the escapes added after it stay single."""
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _param_value(value: str) -> str:
    # Parameter values have no escapes, only quoting, and a quoted one cannot hold DQUOTE.
    value = _CONTROL.sub("", re.sub(r"[\r\n]+", " ", value).replace('"', "'"))
    return f'"{value}"' if re.search(r"[:;,]", value) else value


def fold(line: str, limit: int = MAX_LINE_OCTETS) -> str:
    """Fold a content line so no physical line exceeds ``limit`` UTF-8 octets.

    Cuts fall between characters, never inside a multi-byte one; each continuation line
    starts with one space, which counts towards the limit.
    """
    physical: list[str] = []
    current, size = "", 0
    for unit in _FOLD_UNITS.findall(line):
        width = len(unit.encode("utf-8"))
        if current and size + width > limit:
            physical.append(current)
            current, size = " ", 1
        current += unit
        size += width
    physical.append(current)
    return "\r\n".join(physical)


def _text(name: str, value: str) -> Property:
    return Property(name, escape_text(value))


def _uri(name: str, value: str) -> Property:
    # A URI is written unescaped, so whitespace would end or corrupt the content line.
    if not value or re.search(r"[\s\x00-\x1f\x7f]", value):
        raise ValueError(f"{name} must be a URI without whitespace: {value!r}")
    return Property(name, value)


def _as_utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _utc(name: str, moment: dt.datetime) -> Property:
    return Property(name, _as_utc(moment).strftime("%Y%m%dT%H%M%SZ"))


def _local(name: str, moment: dt.datetime) -> Property:
    wall = moment.astimezone(AMSTERDAM).strftime("%Y%m%dT%H%M%S")
    return Property(name, wall, (("TZID", TZID),))


# The EU rule in force since 1996: summer time from the last Sunday of March, 02:00 CET,
# to the last Sunday of October, 03:00 CEST. The 1970 onsets only anchor the RRULEs; the
# events are all recent. TZNAME is display text; times refer to the TZID.
VTIMEZONE = Component(
    "VTIMEZONE",
    (Property("TZID", TZID), Property("X-LIC-LOCATION", TZID)),
    (
        Component(
            "DAYLIGHT",
            (
                Property("TZOFFSETFROM", "+0100"),
                Property("TZOFFSETTO", "+0200"),
                Property("TZNAME", "CEST"),
                Property("DTSTART", "19700329T020000"),
                Property("RRULE", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"),
            ),
        ),
        Component(
            "STANDARD",
            (
                Property("TZOFFSETFROM", "+0200"),
                Property("TZOFFSETTO", "+0100"),
                Property("TZNAME", "CET"),
                Property("DTSTART", "19701025T030000"),
                Property("RRULE", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"),
            ),
        ),
    ),
)


# ---------------------------------------------------------------------------
# Times


def local_datetime(day: dt.date, clock: dt.time) -> dt.datetime:
    """The aware Europe/Amsterdam instant of a wall-clock time on a date."""
    moment = dt.datetime.combine(day, clock, tzinfo=AMSTERDAM)
    # A wall time in the spring-forward gap does not exist; refuse rather than guess.
    if moment.astimezone(dt.UTC).astimezone(AMSTERDAM).time() != moment.time():
        raise ValueError(f"{day} {clock} does not exist in {TZID}")
    return moment


def _span(day: dt.date, start: dt.time, end: dt.time) -> tuple[dt.datetime, dt.datetime]:
    begins, ends = local_datetime(day, start), local_datetime(day, end)
    if ends <= begins:
        raise ValueError(f"end {end} is not after start {start} on {day}")
    return begins, ends


def _day_span(day: DayCalendarData) -> tuple[dt.datetime, dt.datetime]:
    if not day.programme:
        raise ValueError(f"location day {day.location_day_id} has no programme times")
    starts = [entry.start for entry in day.programme]
    if day.doors_open is not None:
        starts.append(day.doors_open)
    return _span(day.date, min(starts), max(entry.end for entry in day.programme))


# ---------------------------------------------------------------------------
# Events


def make_uid(domain: str, *parts: object) -> str:
    """A UID built only from kinds and database ids, so it never changes for one thing."""
    return "-".join(str(part) for part in parts) + "@" + domain


def _combined_status(*statuses: Status) -> Status:
    # The weakest wins: a cancelled registration cancels everything that hangs on it.
    for status in (Status.CANCELLED, Status.TENTATIVE):
        if status in statuses:
            return status
    return Status.CONFIRMED


def _location(*parts: str) -> str:
    # Clients show LOCATION on one line and hand it to map searches: flatten addresses.
    lines = (line.strip() for part in parts for line in part.splitlines())
    return ", ".join(line for line in lines if line)


def _speaker_text(speaker: Speaker) -> str:
    text = speaker.name
    if speaker.organisation:
        text += f" ({speaker.organisation})"
    if speaker.contribution:
        text += f" – {speaker.contribution}"
    return text


def _speakers_line(entry: ProgrammeEntry, labels: Labels) -> str:
    return f"{labels.speakers}: " + "; ".join(_speaker_text(s) for s in entry.speakers)


def _day_title(day: DayCalendarData) -> str:
    return f"{day.edition_name} – {day.city}"


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


def _vevent(
    *,
    uid: str,
    sequence: int,
    last_modified: dt.datetime,
    status: Status,
    summary: str,
    span: tuple[dt.datetime, dt.datetime],
    location: str,
    description: str,
    url: str,
    organizer: Organizer,
    extra: Sequence[Property] = (),
) -> Component:
    if sequence < 0:
        raise ValueError(f"SEQUENCE must not be negative: {sequence}")
    status = Status(status)
    return Component(
        "VEVENT",
        (
            Property("UID", uid),
            Property("SEQUENCE", str(sequence)),
            _utc("LAST-MODIFIED", last_modified),
            Property("STATUS", status.value),
            _text("SUMMARY", summary),
            _local("DTSTART", span[0]),
            _local("DTEND", span[1]),
            _text("LOCATION", location),
            _text("DESCRIPTION", description),
            _uri("URL", url),
            _organizer(organizer),
            # A cancelled event should not block the reader's free/busy time.
            Property("TRANSP", "TRANSPARENT" if status is Status.CANCELLED else "OPAQUE"),
            *extra,
        ),
    )


def _organizer(organizer: Organizer) -> Property:
    prop = _uri("ORGANIZER", f"mailto:{organizer.email}")
    return replace(prop, params=(("CN", organizer.name),))


def day_event(day: DayCalendarData, ctx: CalendarContext) -> Component:
    """The whole location day, from doors open to the end of the programme, as one event."""
    return _vevent(
        uid=make_uid(ctx.domain, "location-day", day.location_day_id),
        sequence=day.sequence,
        last_modified=day.last_modified,
        status=day.status,
        summary=_day_title(day),
        span=_day_span(day),
        location=_location(day.venue, day.address),
        description=day_description(day, ctx.language),
        url=day.page_url,
        organizer=ctx.organizer,
    )


def programme_item_events(day: DayCalendarData, ctx: CalendarContext) -> list[Component]:
    """Each programme item as its own event; its UID holds the day id as well, because
    items may come from an edition-wide template shared by every location day."""
    labels = labels_for(ctx.language)
    events = []
    for entry in _programme(day):
        lines = [_speakers_line(entry, labels)] if entry.speakers else []
        lines += [_day_title(day), f"{labels.more_info}: {day.page_url}"]
        categories = (_text("CATEGORIES", entry.kind),) if entry.kind else ()
        events.append(
            _vevent(
                uid=make_uid(ctx.domain, "location-day", day.location_day_id, "item", entry.entry_id),
                sequence=day.sequence,
                last_modified=day.last_modified,
                status=day.status,
                summary=f"{entry.title} – {day.city}",
                span=_span(day.date, entry.start, entry.end),
                location=_location(day.venue, day.address),
                description="\n".join(lines),
                url=day.page_url,
                organizer=ctx.organizer,
                extra=categories,
            )
        )
    return events


def registration_event(day: DayCalendarData, registration: RegistrationData, ctx: CalendarContext) -> Component:
    """The participant's own copy of the day.

    It has its own UID, so cancelling a registration never cancels the public day event
    in a client that also holds the edition feed. Its SEQUENCE is the sum of both
    revisions, so it rises whenever either of them does.
    """
    return _vevent(
        uid=make_uid(ctx.domain, "registration", registration.registration_id),
        sequence=day.sequence + registration.sequence,
        last_modified=max(_as_utc(day.last_modified), _as_utc(registration.last_modified)),
        status=_combined_status(day.status, registration.status),
        summary=_day_title(day),
        span=_day_span(day),
        location=_location(day.venue, day.address),
        description=day_description(day, ctx.language),
        url=day.page_url,
        organizer=ctx.organizer,
    )


def workgroup_events(
    day: DayCalendarData, sessions: Iterable[WorkgroupSession], ctx: CalendarContext
) -> list[Component]:
    """A participant's workgroup sessions, each with its room; pass a dropped one with
    status CANCELLED so that clients remove it instead of keeping a stale copy."""
    labels = labels_for(ctx.language)
    events = []
    for session in sessions:
        lines = [
            f"{labels.workgroup}: {session.workgroup_title}",
            f"{labels.room}: {session.room}",
        ]
        if session.facilitator:
            lines.append(f"{labels.facilitator}: {session.facilitator}")
        lines += ["", _day_title(day), f"{labels.more_info}: {day.page_url}"]
        events.append(
            _vevent(
                uid=make_uid(ctx.domain, "workgroup-assignment", session.assignment_id),
                sequence=session.sequence,
                last_modified=session.last_modified,
                status=session.status,
                summary=f"{labels.workgroup}: {session.workgroup_title}",
                span=_span(day.date, session.start, session.end),
                location=_location(session.room, day.venue, day.address),
                description="\n".join(lines),
                url=day.page_url,
                organizer=ctx.organizer,
            )
        )
    return events


def participant_events(
    day: DayCalendarData,
    registration: RegistrationData,
    sessions: Iterable[WorkgroupSession],
    ctx: CalendarContext,
) -> list[Component]:
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
                _as_utc(session.last_modified),
                _as_utc(registration.last_modified),
                _as_utc(day.last_modified),
            ),
        )
        for session in sessions
    ]
    return [registration_event(day, registration, ctx), *workgroup_events(day, bumped, ctx)]


# ---------------------------------------------------------------------------
# Calendars


def build_calendar(
    events: Iterable[Component],
    *,
    name: str,
    now: dt.datetime,
    is_feed: bool = False,
    prodid: str = PRODID,
) -> bytes:
    """Serialise events into one VCALENDAR (UTF-8, CRLF, folded); each gets DTSTAMP=now.

    With METHOD:PUBLISH, DTSTAMP is when this object was made (RFC 5545 §3.8.7.2).
    """
    properties = [
        Property("PRODID", prodid),
        Property("VERSION", "2.0"),
        Property("CALSCALE", "GREGORIAN"),
        Property("METHOD", "PUBLISH"),
        _text("X-WR-CALNAME", name),
        Property("X-WR-TIMEZONE", TZID),
    ]
    if is_feed:
        # Subscribing clients otherwise poll when they like: Google may wait a day.
        properties += [
            Property("REFRESH-INTERVAL", FEED_REFRESH, (("VALUE", "DURATION"),)),
            Property("X-PUBLISHED-TTL", FEED_REFRESH),
        ]
    stamp = _utc("DTSTAMP", now)
    stamped = tuple(_with_stamp(event, stamp) for event in events)
    calendar = Component("VCALENDAR", tuple(properties), (VTIMEZONE, *stamped))
    return "".join(fold(line) + "\r\n" for line in calendar.lines()).encode("utf-8")


def _with_stamp(event: Component, stamp: Property) -> Component:
    uid, *rest = event.properties  # DTSTAMP right after UID, where readers look first
    return replace(event, properties=(uid, stamp, *rest))


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
    return build_calendar(events, name=_day_title(day), now=now, is_feed=is_feed)


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
    return build_calendar(events, name=_day_title(day), now=now, is_feed=is_feed)


# ---------------------------------------------------------------------------
# "Add to calendar" links and HTTP helpers


@dataclass(frozen=True)
class LinkEvent:
    title: str
    start: dt.datetime
    end: dt.datetime
    location: str = ""
    details: str = ""


def day_link_event(day: DayCalendarData, language: str) -> LinkEvent:
    """The day for an "add to calendar" link.

    The details point to the page rather than copying the programme: a link makes a
    one-off copy that never updates, and long query strings get cut off.
    """
    start, end = _day_span(day)
    labels = labels_for(language)
    return LinkEvent(
        title=_day_title(day),
        start=start,
        end=end,
        location=_location(day.venue, day.address),
        details=f"{labels.more_info}: {day.page_url}",
    )


def _query(params: dict[str, str]) -> str:
    # quote, not quote_plus: both services read "+" in startdt/details literally.
    return urlencode(params, quote_via=quote, safe="/")


def google_calendar_url(event: LinkEvent) -> str:
    """Google Calendar "create event" template; dates in UTC basic format."""
    start = _as_utc(event.start).strftime("%Y%m%dT%H%M%SZ")
    end = _as_utc(event.end).strftime("%Y%m%dT%H%M%SZ")
    params = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{start}/{end}",
        "details": event.details,
        "location": event.location,
        "ctz": TZID,
    }
    return "https://calendar.google.com/calendar/render?" + _query(params)


def outlook_calendar_url(event: LinkEvent) -> str:
    """Outlook on the web compose deeplink; startdt/enddt as ISO 8601 in UTC."""
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": _as_utc(event.start).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "enddt": _as_utc(event.end).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "body": event.details,
        "location": event.location,
    }
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + _query(params)


def webcal_url(url: str) -> str:
    """The webcal:// form of an http(s) feed URL, which opens a subscribe dialog."""
    scheme, separator, rest = url.partition("://")
    if not separator or scheme.lower() not in {"http", "https"}:
        raise ValueError(f"not an http(s) URL: {url!r}")
    return "webcal://" + rest


def calendar_etag(data: bytes) -> str:
    """A strong ETag (quoted) for calendar bytes.

    DTSTAMP makes the bytes differ whenever ``now`` does; pass a ``now`` that moves only
    when the content changes (such as the newest LAST-MODIFIED) to let conditional
    requests hit.
    """
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
