"""The plain data the calendar builder takes, and its words in the reader's language.

Frozen dataclasses filled by ``services.py`` from the database (or by tests by hand);
nothing here knows Flask, SQLAlchemy or iCalendar syntax.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple


class Status(StrEnum):
    CONFIRMED = "CONFIRMED"
    TENTATIVE = "TENTATIVE"
    CANCELLED = "CANCELLED"


class Method(StrEnum):
    """The calendar's METHOD (RFC 5546): what a reader should do with its events."""

    PUBLISH = "PUBLISH"  # a copy to keep or subscribe to
    REQUEST = "REQUEST"  # put this event in the attendee's calendar, or update it
    CANCEL = "CANCEL"  # remove this event from the attendee's calendar


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
class Attendee:
    """The participant a scheduling message is about."""

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
