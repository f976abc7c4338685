"""Tests for the pure iCalendar builder (app/calendar/ical.py, rfc5545.py, links.py).

The builder writes with ``icalendar``, so every calendar is read back by two readers that
do not share its code: vobject, which also resolves TZID through the VTIMEZONE in the file
(so the time zone rules we write are what gets checked), and ``rfc_check``, a small strict
RFC 5545/5546 reader of our own. ``icalendar`` reads them as well.

Golden files live in tests/calendar/golden/. After an intended change to the output,
regenerate them and review the diff:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/calendar -q
"""

from __future__ import annotations

import ast
import datetime as dt
import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from app.calendar import data as calendar_data
from app.calendar import ical, itip, links, rfc5545
from app.calendar.data import (
    Attendee,
    CalendarContext,
    DayCalendarData,
    Method,
    Organizer,
    ProgrammeEntry,
    RegistrationData,
    Speaker,
    Status,
    WorkgroupSession,
)
from tests.calendar.rfc_check import Breach, parse

GOLDEN_DIR = Path(__file__).parent / "golden"
UPDATE_GOLDEN = os.environ.get("UPDATE_GOLDEN") == "1"
NOW = dt.datetime(2025, 9, 1, 8, 0, tzinfo=dt.UTC)
LATER = dt.datetime(2025, 9, 2, 10, 30, tzinfo=dt.UTC)
WINTER_DATE = dt.date(2025, 11, 14)  # CET, UTC+1
SUMMER_DATE = dt.date(2025, 10, 3)  # CEST, UTC+2
DOMAIN = "alliantiedagen.example"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


# ---------------------------------------------------------------------------
# Factories


def make_ctx(**overrides) -> CalendarContext:
    values = {
        "domain": DOMAIN,
        "organizer": Organizer("Bureau Alliantie, Cliëntenraad", "info@alliantiedagen.example"),
        "language": "nl",
    }
    return CalendarContext(**(values | overrides))


def make_day(**overrides) -> DayCalendarData:
    values = {
        "location_day_id": 12,
        "edition_name": "Alliantiedag 2025",
        "city": "Utrecht",
        "venue": "Pauluskerk – zaal ‘t Hof",
        "address": "Kerkstraat 1\n3511 AB Utrecht",
        "date": WINTER_DATE,
        "doors_open": dt.time(9, 0),
        "programme": (
            ProgrammeEntry(101, dt.time(9, 30), dt.time(10, 0), "Welkom, koffie; thee", "Welkom"),
            ProgrammeEntry(
                102,
                dt.time(10, 0),
                dt.time(10, 45),
                "Inleiding: zorg dichtbij",
                "Inleiding",
                (
                    Speaker("Anna de Vries", "Cliëntenraad Utrecht", "Wat werkt, en wat niet"),
                    Speaker("Jan Jansen", "", "Back\\slash C:\\Notes"),
                ),
            ),
            ProgrammeEntry(103, dt.time(11, 0), dt.time(12, 30), "Werkgroepen ronde 1", ""),
            ProgrammeEntry(104, dt.time(15, 30), dt.time(16, 0), "Afsluiting", "Slot"),
        ),
        "page_url": "https://alliantiedagen.example/2025/utrecht",
        "sequence": 3,
        "last_modified": dt.datetime(2025, 8, 20, 14, 5, 0),  # naive UTC, as SQLite gives it
        "status": Status.CONFIRMED,
    }
    return DayCalendarData(**(values | overrides))


def make_registration(**overrides) -> RegistrationData:
    values = {
        "registration_id": 55,
        "sequence": 1,
        "last_modified": dt.datetime(2025, 8, 25, 9, 0, tzinfo=dt.UTC),
        "status": Status.CONFIRMED,
    }
    return RegistrationData(**(values | overrides))


def make_session(**overrides) -> WorkgroupSession:
    values = {
        "assignment_id": 7,
        "workgroup_title": "Samen beslissen; hoe doe je dat?",
        "room": "Zaal ‘t Hof",
        "facilitator": "Marieke Bakker, Cliëntenraad",
        "start": dt.time(11, 0),
        "end": dt.time(12, 30),
        "sequence": 2,
        "last_modified": dt.datetime(2025, 8, 28, 16, 0, tzinfo=dt.UTC),
        "status": Status.CONFIRMED,
    }
    return WorkgroupSession(**(values | overrides))


def summer_day(**overrides) -> DayCalendarData:
    values = {
        "location_day_id": 13,
        "city": "Zwolle",
        "venue": "Stadshuis",
        "address": "Grote Kerkplein 15, Zwolle",
        "date": SUMMER_DATE,
        "page_url": "https://alliantiedagen.example/2025/zwolle",
    }
    return make_day(**(values | overrides))


def participant_sessions() -> list[WorkgroupSession]:
    dropped = make_session(
        assignment_id=6,
        workgroup_title="Geld en regels",
        room="Zaal 2",
        facilitator="",
        start=dt.time(13, 30),
        end=dt.time(15, 0),
        status=Status.CANCELLED,
    )
    return [make_session(), dropped]


# Each calendar the app serves, as a golden case.
CALENDARS = {
    "location_day_nl": lambda: ical.location_day_calendar(make_day(), make_ctx(), now=NOW),
    "location_day_items_en": lambda: ical.location_day_calendar(
        make_day(), make_ctx(language="en"), now=NOW, per_item=True
    ),
    "edition_feed_nl": lambda: ical.edition_calendar(
        [make_day(), summer_day(), summer_day(location_day_id=14, status=Status.CANCELLED)],
        make_ctx(),
        name="Alliantiedagen 2025",
        now=NOW,
    ),
    "participant_nl": lambda: ical.participant_calendar(
        make_day(), make_registration(), participant_sessions(), make_ctx(), now=NOW
    ),
    "participant_cancelled_en": lambda: ical.participant_calendar(
        summer_day(),
        make_registration(status=Status.CANCELLED, sequence=2),
        participant_sessions(),
        make_ctx(language="en"),
        now=NOW,
    ),
}
every_calendar = pytest.mark.parametrize("calendar_name", sorted(CALENDARS))


# ---------------------------------------------------------------------------
# Reading back


def read_vobject(data: bytes):
    return vobject.readOne(data.decode("utf-8"))


def vobject_events(data: bytes) -> list:
    return list(read_vobject(data).vevent_list)


def icalendar_events(data: bytes) -> list:
    return icalendar.Calendar.from_ical(data).walk("VEVENT")


def unfolded_lines(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


def vevent_lines(data: bytes) -> list[str]:
    lines, inside = [], False
    for line in unfolded_lines(data):
        inside = (inside or line == "BEGIN:VEVENT") and line != "END:VEVENT"
        if inside:
            lines.append(line)
    return lines


# ---------------------------------------------------------------------------
# Golden files and structure


@every_calendar
def test_golden(calendar_name):
    data = CALENDARS[calendar_name]()
    path = GOLDEN_DIR / f"{calendar_name}.ics"
    if UPDATE_GOLDEN:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), "golden file missing: run with UPDATE_GOLDEN=1"
    assert data == path.read_bytes()


@every_calendar
def test_both_parsers_read_the_same_events(calendar_name):
    data = CALENDARS[calendar_name]()
    via_vobject = [event.uid.value for event in vobject_events(data)]
    via_icalendar = [str(event["UID"]) for event in icalendar_events(data)]
    assert via_vobject == via_icalendar
    assert via_vobject and len(set(via_vobject)) == len(via_vobject)


@every_calendar
def test_strict_reader_accepts_every_calendar(calendar_name):
    calendar = parse(CALENDARS[calendar_name]())
    assert calendar.value("METHOD") == "PUBLISH"
    assert [zone.value("TZID") for zone in calendar.sub("VTIMEZONE")] == ["Europe/Amsterdam"]


@every_calendar
def test_calendar_level_properties(calendar_name):
    data = CALENDARS[calendar_name]()
    calendar = read_vobject(data)
    assert calendar.prodid.value == ical.PRODID
    assert calendar.version.value == "2.0"
    assert calendar.calscale.value == "GREGORIAN"
    assert calendar.method.value == "PUBLISH"
    assert calendar.x_wr_timezone.value == "Europe/Amsterdam"
    assert calendar.x_wr_calname.value
    assert calendar.vtimezone.tzid.value == "Europe/Amsterdam"
    for event in calendar.vevent_list:
        assert event.dtstamp.value == NOW
        assert event.url.value.startswith("https://alliantiedagen.example/2025/")
        assert event.organizer.value == "mailto:info@alliantiedagen.example"
        assert event.organizer.params["CN"] == ["Bureau Alliantie, Cliëntenraad"]
        assert event.last_modified.value.tzinfo is not None


def test_feed_properties_only_in_feeds():
    feed = CALENDARS["edition_feed_nl"]()
    single = CALENDARS["location_day_nl"]()
    for line in ("REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H"):
        assert line in unfolded_lines(feed)
        assert line not in unfolded_lines(single)


@every_calendar
def test_crlf_line_endings(calendar_name):
    data = CALENDARS[calendar_name]()
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert data.count(b"\n") == data.count(b"\r\n")
    assert b"\r" not in data.replace(b"\r\n", b"")


@every_calendar
def test_every_event_time_has_tzid(calendar_name):
    data = CALENDARS[calendar_name]()
    times = [line for line in vevent_lines(data) if line.startswith(("DTSTART", "DTEND"))]
    assert times
    for line in times:
        assert re.fullmatch(r"DT(START|END);TZID=Europe/Amsterdam:\d{8}T\d{6}", line), line
    for line in unfolded_lines(data):
        assert not re.search(r"TZID=\"?(CET|CEST|GMT)", line), line
    for line in vevent_lines(data):
        if line.startswith(("DTSTAMP", "LAST-MODIFIED")):
            assert re.fullmatch(r"[A-Z-]+:\d{8}T\d{6}Z", line), line


@every_calendar
def test_physical_lines_fit_75_octets(calendar_name):
    data = CALENDARS[calendar_name]()
    for physical in data.split(b"\r\n"):
        assert len(physical) <= 75, physical
        physical.decode("utf-8")  # a split multi-byte character would not decode


# ---------------------------------------------------------------------------
# Time zones


@pytest.mark.parametrize(
    ("day_date", "utc_start", "utc_end"),
    [
        (WINTER_DATE, dt.datetime(2025, 11, 14, 8, 0), dt.datetime(2025, 11, 14, 15, 0)),
        (SUMMER_DATE, dt.datetime(2025, 10, 3, 7, 0), dt.datetime(2025, 10, 3, 14, 0)),
    ],
    ids=["winter-UTC+1", "summer-UTC+2"],
)
def test_local_times_resolve_to_utc(day_date, utc_start, utc_end):
    data = ical.location_day_calendar(make_day(date=day_date), make_ctx(), now=NOW)
    expected = (utc_start.replace(tzinfo=dt.UTC), utc_end.replace(tzinfo=dt.UTC))
    [event] = vobject_events(data)
    assert (event.dtstart.value, event.dtend.value) == expected
    [event] = icalendar_events(data)
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == expected


def test_workgroup_times_resolve_to_utc_in_summer():
    data = ical.participant_calendar(summer_day(), make_registration(), [make_session()], make_ctx(), now=NOW)
    workgroup = vobject_events(data)[1]
    assert workgroup.dtstart.value == dt.datetime(2025, 10, 3, 9, 0, tzinfo=dt.UTC)
    assert workgroup.dtend.value == dt.datetime(2025, 10, 3, 10, 30, tzinfo=dt.UTC)


def test_vtimezone_rules_match_tz_database():
    tz = read_vobject(CALENDARS["location_day_nl"]()).vtimezone.gettzinfo()
    instants = []
    for year in range(2024, 2041):
        instants += [dt.datetime(year, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=d) for d in range(366)]
        for month in (3, 10):  # every half hour around the switches at 01:00 UTC
            last_sunday = max(dt.date(year, month, d) for d in range(25, 32) if dt.date(year, month, d).weekday() == 6)
            switch = dt.datetime.combine(last_sunday, dt.time(1, 0), tzinfo=dt.UTC)
            instants += [switch + dt.timedelta(minutes=30 * k) for k in range(-6, 7)]
    for instant in instants:
        assert instant.astimezone(tz).utcoffset() == instant.astimezone(AMSTERDAM).utcoffset(), instant


def test_nonexistent_local_time_is_refused():
    with pytest.raises(ValueError, match="does not exist"):
        ical.local_datetime(dt.date(2026, 3, 29), dt.time(2, 30))


def test_end_before_start_is_refused():
    entry = ProgrammeEntry(1, dt.time(11, 0), dt.time(10, 0), "Omgekeerd")
    with pytest.raises(ValueError, match="not after start"):
        ical.programme_item_events(make_day(programme=(entry,)), make_ctx())


# ---------------------------------------------------------------------------
# UIDs, SEQUENCE, STATUS


def test_uids_identical_across_exports():
    first = vobject_events(CALENDARS["participant_nl"]())
    later = ical.participant_calendar(
        make_day(sequence=4), make_registration(), participant_sessions(), make_ctx(), now=LATER
    )
    second = vobject_events(later)
    assert (
        [e.uid.value for e in first]
        == [e.uid.value for e in second]
        == [
            "registration-55@alliantiedagen.example",
            "workgroup-assignment-7@alliantiedagen.example",
            "workgroup-assignment-6@alliantiedagen.example",
        ]
    )


def test_programme_items_have_their_own_uids_per_location_day():
    events = ical.programme_item_events(make_day(), make_ctx())
    data = ical.build_calendar(events, name="x", now=NOW)
    assert [e.uid.value for e in vobject_events(data)] == [
        f"location-day-12-item-{item}@alliantiedagen.example" for item in (101, 102, 103, 104)
    ]


def test_sequence_follows_the_callers_revision():
    def sequences(revision):
        data = ical.edition_calendar([make_day(sequence=revision)], make_ctx(), name="x", now=NOW)
        return [int(e.sequence.value) for e in vobject_events(data)]

    assert sequences(3) == [3]
    assert sequences(4) == [4]


def test_participant_sequences_rise_with_any_revision():
    def sequences(day, registration, sessions):
        data = ical.participant_calendar(day, registration, sessions, make_ctx(), now=NOW)
        return [int(e.sequence.value) for e in vobject_events(data)]

    base = sequences(make_day(), make_registration(), [make_session()])
    assert base == [3 + 1, 2 + 1 + 3]
    for changed in (
        sequences(make_day(sequence=4), make_registration(), [make_session()]),
        sequences(make_day(), make_registration(sequence=2), [make_session()]),
    ):
        assert all(new > old for new, old in zip(changed, base, strict=True))
    assert sequences(make_day(), make_registration(), [make_session(sequence=3)])[1] > base[1]


def test_cancelled_day_stays_in_feed():
    events = vobject_events(CALENDARS["edition_feed_nl"]())
    status = {e.uid.value: e.status.value for e in events}
    assert status == {
        "location-day-12@alliantiedagen.example": "CONFIRMED",
        "location-day-13@alliantiedagen.example": "CONFIRMED",
        "location-day-14@alliantiedagen.example": "CANCELLED",
    }
    assert [e.transp.value for e in events] == ["OPAQUE", "OPAQUE", "TRANSPARENT"]


def test_cancelled_registration_cancels_every_participant_event():
    events = vobject_events(CALENDARS["participant_cancelled_en"]())
    assert [e.status.value for e in events] == ["CANCELLED"] * 3


def test_dropped_workgroup_is_cancelled_not_missing():
    events = vobject_events(CALENDARS["participant_nl"]())
    assert [(e.summary.value, e.status.value) for e in events] == [
        ("Alliantiedag 2025 – Utrecht", "CONFIRMED"),
        ("Werkgroep: Samen beslissen; hoe doe je dat?", "CONFIRMED"),
        ("Werkgroep: Geld en regels", "CANCELLED"),
    ]


def test_tentative_day_makes_registration_tentative():
    data = ical.participant_calendar(make_day(status=Status.TENTATIVE), make_registration(), [], make_ctx(), now=NOW)
    assert [e.status.value for e in vobject_events(data)] == ["TENTATIVE"]


def test_negative_sequence_is_refused():
    with pytest.raises(ValueError, match="SEQUENCE"):
        ical.day_event(make_day(sequence=-1), make_ctx())


# ---------------------------------------------------------------------------
# Text: escaping, folding, non-ASCII, language


TRICKY_TEXTS = [
    "Komma, puntkomma; en meer",
    "Back\\slash, C:\\Notes\\new en \\, \\; \\n letterlijk",
    "Regel 1\nRegel 2\n\nRegel 4",
    "Cliëntenraad",
    "Pauluskerk – zaal ‘t Hof",
    "Emoji 🎉 en Ωmega",
    "Lang:" + " Cliëntenraad Pauluskerk – zaal ‘t Hof;" * 8,
]


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_text_round_trips_exactly(text):
    day = make_day(edition_name=text, venue=text, address="")
    data = ical.location_day_calendar(day, make_ctx(), now=NOW)
    [event] = vobject_events(data)
    assert event.summary.value == f"{text} – Utrecht"
    assert read_vobject(data).x_wr_calname.value == f"{text} – Utrecht"
    if "\n" not in text:  # LOCATION flattens line breaks on purpose
        assert event.location.value == text
    [event] = icalendar_events(data)
    assert str(event["SUMMARY"]) == f"{text} – Utrecht"
    for physical in data.split(b"\r\n"):
        assert len(physical) <= 75
        physical.decode("utf-8")


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a,b", "a\\,b"),
        ("a;b", "a\\;b"),
        ("a\\b", "a\\\\b"),
        ("a\nb", "a\\nb"),
        ("a\r\nb\rc", "a\\nb\\nc"),
        ("C:\\Notes", "C:\\\\Notes"),
        ("\\,", "\\\\\\,"),
        ("tab\there\x00\x07", "tab\there"),
    ],
)
def test_escape_text(text, escaped):
    assert rfc5545.escape_text(text) == escaped


def test_escaped_lines_in_output():
    day = make_day(edition_name="Dag, één; twee\\drie\nvier", address="")
    lines = vevent_lines(ical.location_day_calendar(day, make_ctx(), now=NOW))
    assert "SUMMARY:Dag\\, één\\; twee\\\\drie\\nvier – Utrecht" in lines
    assert 'ORGANIZER;CN="Bureau Alliantie, Cliëntenraad":mailto:info@alliantiedagen.example' in lines


def test_parameter_values_cannot_break_out():
    organizer = Organizer('Jan "de Baas"\nVries: hoofd', "jan@example.org")
    event = ical.day_event(make_day(), make_ctx(organizer=organizer))
    data = ical.build_calendar([event], name="x", now=NOW)
    assert "ORGANIZER;CN=\"Jan 'de Baas' Vries: hoofd\":mailto:jan@example.org" in vevent_lines(data)
    [parsed] = vobject_events(data)
    assert parsed.organizer.params["CN"] == ["Jan 'de Baas' Vries: hoofd"]


@pytest.mark.parametrize("prefix", range(8))
@pytest.mark.parametrize("char", ["ë", "‘", "🎉"])
def test_folding_never_splits_characters(prefix, char):
    # Shifting the text by one octet at a time puts every byte of the character on the cut.
    day = make_day(edition_name="x" * prefix + char * 80, address="")
    data = ical.location_day_calendar(day, make_ctx(), now=NOW)
    physical = data.split(b"\r\n")
    summary = next(i for i, line in enumerate(physical) if line.startswith(b"SUMMARY:"))
    assert physical[summary + 1].startswith(b" ")  # it was folded
    for part in physical:
        assert len(part) <= 75
        part.decode("utf-8")  # a split multi-byte character would not decode
    [event] = vobject_events(data)
    assert event.summary.value == "x" * prefix + char * 80 + " – Utrecht"


@pytest.mark.parametrize("text", ["Komma, " * 30, "punt; " * 30, "regel\n" * 30, "ë," * 60, "C:\\Notes " * 12])
def test_folding_keeps_escapes_together(text):
    # Google Calendar drops an event whose escape ("\,", "\n", "\\") a fold cuts in two.
    for prefix in range(80):
        data = ical.location_day_calendar(make_day(edition_name="X" * prefix + text, address=""), make_ctx(), now=NOW)
        lines = data.split(b"\r\n")
        for line, following in zip(lines, lines[1:]):
            if following.startswith(b" "):
                assert (len(line) - len(line.rstrip(b"\\"))) % 2 == 0, (prefix, line)


def test_short_lines_are_not_folded():
    assert rfc5545.fold("A" * 75) == "A" * 75
    assert rfc5545.fold("A" * 76) == "A" * 75 + "\r\n A"


def test_non_ascii_names_round_trip():
    data = CALENDARS["participant_nl"]()
    day, workgroup, _ = vobject_events(data)
    assert day.location.value == "Pauluskerk – zaal ‘t Hof, Kerkstraat 1, 3511 AB Utrecht"
    assert "Anna de Vries (Cliëntenraad Utrecht) – Wat werkt, en wat niet" in day.description.value
    assert "Jan Jansen – Back\\slash C:\\Notes" in day.description.value
    assert workgroup.location.value.startswith("Zaal ‘t Hof, Pauluskerk – zaal ‘t Hof")


@pytest.mark.parametrize(
    ("language", "present", "absent"),
    [
        ("nl", ["Programma", "Sprekers:", "Deuren open: 09:00", "Meer informatie:"], ["Speakers"]),
        ("en", ["Programme", "Speakers:", "Doors open: 09:00", "More information:"], ["Sprekers"]),
        ("en-GB", ["Programme", "Speakers:"], ["Programma"]),
        ("de", ["Programma", "Sprekers:"], ["Programme"]),
    ],
)
def test_day_description_language(language, present, absent):
    data = ical.location_day_calendar(make_day(), make_ctx(language=language), now=NOW)
    [event] = vobject_events(data)
    for label in present:
        assert label in event.description.value
    for label in absent:
        assert label not in event.description.value
    assert "10:00–10:45 Inleiding: zorg dichtbij" in event.description.value


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", ["Werkgroep: Samen", "Zaal: Zaal ‘t Hof", "Begeleiding: Marieke Bakker, Clië"]),
        ("en", ["Workgroup: Samen", "Room: Zaal ‘t Hof", "Facilitator: Marieke Bakker, Clië"]),
    ],
)
def test_workgroup_description_language(language, expected):
    data = ical.participant_calendar(
        make_day(), make_registration(), [make_session()], make_ctx(language=language), now=NOW
    )
    workgroup = vobject_events(data)[1]
    for text in expected:
        assert text in workgroup.description.value
    assert workgroup.summary.value.startswith(expected[0])


# ---------------------------------------------------------------------------
# Links, ETag, purity


def test_google_calendar_url():
    url = links.google_calendar_url(links.day_link_event(make_day(), "nl"))
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://calendar.google.com/calendar/render"
    assert query["action"] == ["TEMPLATE"]
    assert query["dates"] == ["20251114T080000Z/20251114T150000Z"]
    assert query["text"] == ["Alliantiedag 2025 – Utrecht"]
    assert query["location"] == ["Pauluskerk – zaal ‘t Hof, Kerkstraat 1, 3511 AB Utrecht"]
    assert query["details"] == ["Meer informatie: https://alliantiedagen.example/2025/utrecht"]
    assert "+" not in parts.query


def test_outlook_calendar_url_in_summer_time():
    url = links.outlook_calendar_url(links.day_link_event(summer_day(), "en"))
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert f"{parts.netloc}{parts.path}" == "outlook.live.com/calendar/0/deeplink/compose"
    assert query["startdt"] == ["2025-10-03T07:00:00Z"]
    assert query["enddt"] == ["2025-10-03T14:00:00Z"]
    assert query["subject"] == ["Alliantiedag 2025 – Zwolle"]
    assert query["body"] == ["More information: https://alliantiedagen.example/2025/zwolle"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://alliantiedagen.example/feed.ics", "webcal://alliantiedagen.example/feed.ics"),
        ("HTTP://example.org/a.ics?t=1", "webcal://example.org/a.ics?t=1"),
    ],
)
def test_webcal_url(url, expected):
    assert links.webcal_url(url) == expected


@pytest.mark.parametrize("url", ["ftp://example.org/a.ics", "example.org/a.ics", ""])
def test_webcal_url_refuses_other_schemes(url):
    with pytest.raises(ValueError):
        links.webcal_url(url)


def test_url_with_whitespace_is_refused():
    with pytest.raises(ValueError, match="URI"):
        ical.day_event(make_day(page_url="https://x.example/a b"), make_ctx())


def test_etag_is_strong_and_follows_the_bytes():
    data = CALENDARS["location_day_nl"]()
    tag = links.calendar_etag(data)
    assert re.fullmatch(r'"[0-9a-f]{32}"', tag)
    assert links.calendar_etag(CALENDARS["location_day_nl"]()) == tag
    changed = ical.location_day_calendar(make_day(sequence=4), make_ctx(), now=NOW)
    assert links.calendar_etag(changed) != tag


def test_naive_now_is_taken_as_utc():
    naive = ical.location_day_calendar(make_day(), make_ctx(), now=NOW.replace(tzinfo=None))
    assert naive == CALENDARS["location_day_nl"]()


@pytest.mark.parametrize("module", [calendar_data, ical, itip, rfc5545, links], ids=lambda m: m.__name__)
def test_builder_imports_no_web_framework(module):
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    } | {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert not imported & {"flask", "flask_babel", "sqlalchemy", "flask_sqlalchemy", "app"}


def test_day_without_programme_is_refused():
    with pytest.raises(ValueError, match="no programme"):
        ical.day_event(make_day(programme=()), make_ctx())


# ---------------------------------------------------------------------------
# Scheduling messages (RFC 5546) for change and cancellation mails

ANS = Attendee('Ans de Wit, "Ans"', "ans@example.org")


def messages(registration=None, sessions=None, day=None, now=NOW):
    return itip.participant_messages(
        day or make_day(),
        registration or make_registration(),
        participant_sessions() if sessions is None else sessions,
        ANS,
        make_ctx(),
        now=now,
    )


def test_each_event_is_its_own_message_request_or_cancel():
    found = messages()
    assert [(m.uid, m.method) for m in found] == [
        ("registration-55@alliantiedagen.example", Method.REQUEST),
        ("workgroup-assignment-7@alliantiedagen.example", Method.REQUEST),
        ("workgroup-assignment-6@alliantiedagen.example", Method.CANCEL),  # the dropped workgroup
    ]
    for message in found:
        calendar = parse(message.data)  # strict: RFC 5546's table for the METHOD holds
        assert calendar.value("METHOD") == message.method.value  # at calendar level...
        [event] = calendar.sub("VEVENT")
        assert not event.all("METHOD")  # ...and only there
        assert message.mimetype == f"text/calendar; method={message.method.value}; charset=UTF-8"
        assert event.value("ORGANIZER") == "mailto:info@alliantiedagen.example"
        [attendee] = event.all("ATTENDEE")
        assert attendee.value == "mailto:ans@example.org"
        assert attendee.params["CN"] == "Ans de Wit, 'Ans'"
        assert attendee.params["RSVP"] == "FALSE"  # no answers to the no-reply organiser
        vevent = read_vobject(message.data).vevent
        assert vevent.dtstamp.value == NOW
        assert vevent.dtstart.value.tzinfo is not None


def test_request_carries_the_same_uid_and_sequence_as_the_published_calendar():
    published = {e.uid.value: int(e.sequence.value) for e in vobject_events(CALENDARS["participant_nl"]())}
    sent = {m.uid: int(read_vobject(m.data).vevent.sequence.value) for m in messages()}
    assert sent == published


def test_an_update_is_a_request_with_a_higher_sequence():
    before = {m.uid: int(read_vobject(m.data).vevent.sequence.value) for m in messages()}
    moved = messages(day=make_day(sequence=4), now=LATER)  # e.g. the venue changed
    assert [m.method for m in moved][:2] == [Method.REQUEST, Method.REQUEST]
    for message in moved:
        assert int(read_vobject(message.data).vevent.sequence.value) > before[message.uid]


def test_request_states_the_participants_answer():
    confirmed = parse(messages()[0].data).sub("VEVENT")[0]
    assert confirmed.one("ATTENDEE").params["PARTSTAT"] == "ACCEPTED"
    assert confirmed.value("STATUS") == "CONFIRMED"
    waiting = parse(messages(registration=make_registration(status=Status.TENTATIVE))[0].data).sub("VEVENT")[0]
    assert waiting.one("ATTENDEE").params["PARTSTAT"] == "TENTATIVE"
    assert waiting.value("STATUS") == "TENTATIVE"


def test_a_cancelled_registration_cancels_every_event_so_clients_remove_them():
    cancelled = messages(registration=make_registration(status=Status.CANCELLED, sequence=2))
    assert [m.method for m in cancelled] == [Method.CANCEL] * 3
    earlier = {m.uid: int(read_vobject(m.data).vevent.sequence.value) for m in messages()}
    for message in cancelled:
        event = read_vobject(message.data).vevent
        assert event.status.value == "CANCELLED"
        assert int(event.sequence.value) > earlier[message.uid]
        assert "PARTSTAT" not in parse(message.data).sub("VEVENT")[0].one("ATTENDEE").params
        [parsed] = icalendar_events(message.data)
        assert str(parsed["STATUS"]) == "CANCELLED"


def _method(data: bytes, method: bytes) -> bytes:
    return re.sub(rb"METHOD:[A-Z]+", b"METHOD:" + method, data)


def _without(data: bytes, name: bytes) -> bytes:
    return b"\r\n".join(line for line in data.split(b"\r\n") if not line.startswith(name))


def test_strict_reader_refuses_what_rfc_5546_forbids():
    request, cancel = messages()[0].data, messages()[2].data
    with pytest.raises(Breach, match="needs at least one ATTENDEE"):
        parse(_without(request, b"ATTENDEE"))
    with pytest.raises(Breach, match="must not name attendees"):
        parse(_method(request, b"PUBLISH"))
    with pytest.raises(Breach, match="STATUS:CANCELLED"):
        parse(_method(request, b"CANCEL"))
    with pytest.raises(Breach, match="ORGANIZER"):
        parse(_without(cancel, b"ORGANIZER"))


def _with_a_second_event(data: bytes) -> bytes:
    start, end = data.index(b"BEGIN:VEVENT"), data.index(b"END:VEVENT\r\n") + len(b"END:VEVENT\r\n")
    other = data[start:end].replace(b"UID:", b"UID:other-")
    return data[:end] + other + data[end:]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.replace(b"BEGIN:VTIMEZONE", b"BEGIN:X-GONE").replace(b"END:VTIMEZONE", b"END:X-GONE"), "TZID"),
        (lambda d: d.replace(b"\r\n ", b""), "octets"),
        (lambda d: d.replace(b"END:VEVENT\r\n", b""), "does not close"),
        (lambda d: d.replace(b"DTSTAMP:20250901T080000Z", b"DTSTAMP:20250901T080000"), "UTC"),
        (_with_a_second_event, "one event"),
    ],
    ids=["tzid-without-vtimezone", "long-line", "unbalanced", "local-dtstamp", "two-uids"],
)
def test_strict_reader_refuses_broken_files(change, message):
    with pytest.raises(Breach, match=message):
        parse(change(messages()[0].data))
