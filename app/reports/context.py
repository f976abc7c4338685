"""Report data as plain values, built before any template or WeasyPrint sees it.

Nothing here imports Flask or SQLAlchemy: callers pass plain rows in, so the builders
are easy to test and to time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time


@dataclass(frozen=True)
class SpeakerLine:
    name: str
    organisation: str
    contribution: str


@dataclass(frozen=True)
class ProgrammeRow:
    start: time
    end: time
    title: str
    kind: str
    description: str
    speakers: tuple[SpeakerLine, ...]


@dataclass(frozen=True)
class WorkgroupRow:
    round: int
    title: str
    description: str
    room: str
    facilitator: str
    capacity: int | None


@dataclass(frozen=True)
class DayHeader:
    edition_name: str
    theme: str
    city: str
    venue: str
    address: str
    date: date
    doors_open: time
    organising_alliance: str
    coordinating_organisations: tuple[str, ...]


@dataclass(frozen=True)
class BookletContext:
    day: DayHeader
    programme: tuple[ProgrammeRow, ...]
    workgroups: tuple[WorkgroupRow, ...]
    rounds: tuple[int, ...]
    partners: tuple[str, ...]
    funders: tuple[str, ...]

    def workgroups_in(self, round_: int) -> tuple[WorkgroupRow, ...]:
        return tuple(row for row in self.workgroups if row.round == round_)


def build_booklet(
    day: DayHeader,
    programme: Iterable[ProgrammeRow],
    workgroups: Iterable[WorkgroupRow],
    partners: Sequence[str] = (),
    funders: Sequence[str] = (),
) -> BookletContext:
    """Programme in time order; workgroups by round, then title (Dutch collation is
    close enough to casefold for our titles)."""
    ordered_programme = tuple(sorted(programme, key=lambda row: (row.start, row.end)))
    ordered_workgroups = tuple(sorted(workgroups, key=lambda row: (row.round, row.title.casefold())))
    return BookletContext(
        day=day,
        programme=ordered_programme,
        workgroups=ordered_workgroups,
        rounds=tuple(sorted({row.round for row in ordered_workgroups})),
        partners=tuple(partners),
        funders=tuple(funders),
    )
