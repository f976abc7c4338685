"""Checking people in on the day, walk-ins (over capacity only when the organiser says so),
and the list at the door: everyone of the day in one query, filtered in memory."""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.extensions import db
from app.names import fold, name_sort_key
from app.programme.locking import lock_location
from app.programme.models import LocationDay
from app.registration.checks import RegistrationError
from app.registration.models import OrganisationKind, Registration, Source, Status
from app.registration.registering import DayFull, RegistrationResult, WhenFull, register_participant
from app.timeutil import utcnow
from app.workgroups.models import Workgroup, WorkgroupAssignment, WorkgroupOffer

__all__ = [
    "DayFull",
    "DoorList",
    "DoorRow",
    "admit_waiting_over_capacity",
    "check_in",
    "door_list",
    "door_row",
    "register_walk_in",
    "undo_check_in",
]

LETTERS = tuple(string.ascii_uppercase)
OTHER = "#"  # names that do not start with a letter A-Z


def check_in(registration: Registration, now: datetime | None = None) -> Registration:
    if registration.status != Status.CONFIRMED:
        raise RegistrationError(
            _("Alleen bevestigde deelnemers kunnen binnenkomen. Zet iemand eerst van de wachtlijst.")
        )
    if registration.checked_in_at is None:
        registration.checked_in_at = now or utcnow()
        db.session.flush()
    return registration


def undo_check_in(registration: Registration) -> Registration:
    registration.checked_in_at = None
    db.session.flush()
    return registration


def register_walk_in(
    location: LocationDay,
    *,
    name: str,
    email: str | None = None,
    organisation: str = "",
    organisation_kind: OrganisationKind | None = None,
    admit_over_capacity: bool = False,
    now: datetime | None = None,
) -> RegistrationResult:
    """Someone at the door: registered on the spot and checked in when a seat is free.

    On a full day this raises DayFull (nothing is written), unless the organiser confirmed
    `admit_over_capacity`: then the walk-in is confirmed over capacity, checked in, and
    counted as such; the seats and the waiting list stay as they were.
    """
    now = now or utcnow()
    result = register_participant(
        location,
        name=name,
        email=email,
        organisation=organisation,
        organisation_kind=organisation_kind,
        source=Source.WALK_IN,
        now=now,
        consent=False,
        when_full=WhenFull.ADMIT if admit_over_capacity else WhenFull.REFUSE,
    )
    if result.created and result.registration.status == Status.CONFIRMED:
        check_in(result.registration, now)
    return result


def admit_waiting_over_capacity(registration: Registration, now: datetime | None = None) -> Registration:
    """Someone of the waiting list at the door of a full day, admitted after the organiser's
    explicit confirmation: confirmed with ``over_capacity`` set and checked in, as an
    over-capacity walk-in. They hold no seat, so nobody's seat or place in the queue
    changes; the rest of the waiting list stays as it was."""
    if registration.status != Status.WAITING:
        raise RegistrationError(_("%(name)s staat niet op de wachtlijst.", name=registration.name))
    location = registration.location_day
    capacity = lock_location(location)
    seated = db.session.execute(
        select(func.count()).where(
            Registration.location_day_id == location.id,
            Registration.status == Status.CONFIRMED,
            Registration.over_capacity.is_(False),
        )
    ).scalar_one()
    if seated < capacity:
        raise RegistrationError(
            _(
                "De dag is niet vol: er is nog een plaats vrij."
                " Toelaten boven de capaciteit kan alleen op een volle dag."
            )
        )
    registration.status = Status.CONFIRMED
    registration.over_capacity = True
    registration.revision += 1
    db.session.flush()
    return check_in(registration, now)


# --- the list at the door -------------------------------------------------------------


@dataclass(frozen=True)
class DoorRow:
    """One person on the check-in list (plain values: the page renders 2,000 of them)."""

    id: int
    name: str
    organisation: str
    status: Status
    checked_in_at: datetime | None
    walk_in: bool
    over_capacity: bool
    needs_step_free: bool
    needs_hearing_loop: bool
    diet: str
    email: str
    workgroups: tuple[tuple[int, int, str], ...]  # (round, offer id, title), by round
    letter: str
    sort_key: tuple[str, str, str, str]

    @property
    def is_confirmed(self) -> bool:
        return self.status == Status.CONFIRMED

    @property
    def is_waiting(self) -> bool:
        return self.status == Status.WAITING

    def matches(self, text: str) -> bool:
        return text in fold(self.name) or text in fold(self.organisation) or text in fold(self.email)


@dataclass(frozen=True)
class DoorList:
    rows: list[DoorRow]  # the rows the filters let through, in Dutch name order
    letters: dict[str, int] = field(default_factory=dict)  # letter -> people (all filters but the letter)
    confirmed: int = 0  # of the whole day, whatever the filters
    present: int = 0
    over_capacity: int = 0
    walk_ins: int = 0
    waiting: int = 0
    total: int = 0  # everyone on the list of the day (confirmed and waiting)


def _letter(sort_key: tuple[str, str, str, str]) -> str:
    first = (sort_key[0] or sort_key[1])[:1].upper()
    return first if first in LETTERS else OTHER


def _rows(location: LocationDay, only: int | None = None) -> list[DoorRow]:
    """Everyone confirmed or waiting (or only the one with id `only`), with their
    workgroups: one query (a result row per workgroup)."""
    statement = (
        select(
            Registration.id,
            Registration.name,
            Registration.organisation,
            Registration.status,
            Registration.checked_in_at,
            Registration.source,
            Registration.over_capacity,
            Registration.needs_step_free,
            Registration.needs_hearing_loop,
            Registration.diet,
            Registration.email_normalised,
            WorkgroupAssignment.round,
            WorkgroupAssignment.offer_id,
            Workgroup.title,
        )
        .outerjoin(WorkgroupAssignment, WorkgroupAssignment.registration_id == Registration.id)
        .outerjoin(WorkgroupOffer, WorkgroupOffer.id == WorkgroupAssignment.offer_id)
        .outerjoin(Workgroup, Workgroup.id == WorkgroupOffer.workgroup_id)
        .where(Registration.location_day_id == location.id, Registration.status != Status.CANCELLED)
    )
    if only is not None:
        statement = statement.where(Registration.id == only)
    people: dict[int, Any] = {}
    groups: dict[int, list[tuple[int, int, str]]] = {}
    for row in db.session.execute(statement):
        if row.id not in people:
            people[row.id] = row
            groups[row.id] = []
        if row.offer_id is not None:
            groups[row.id].append((row.round, row.offer_id, row.title))
    rows = []
    for registration_id, row in people.items():
        key = name_sort_key(row.name)
        rows.append(
            DoorRow(
                id=registration_id,
                name=row.name,
                organisation=row.organisation or "",
                status=Status(row.status),
                checked_in_at=row.checked_in_at,
                walk_in=Source(row.source) == Source.WALK_IN,
                over_capacity=bool(row.over_capacity),
                needs_step_free=bool(row.needs_step_free),
                needs_hearing_loop=bool(row.needs_hearing_loop),
                diet=row.diet or "",
                email=row.email_normalised or "",
                workgroups=tuple(sorted(groups[registration_id])),
                letter=_letter(key),
                sort_key=key,
            )
        )
    rows.sort(key=lambda r: r.sort_key)
    return rows


def door_row(location: LocationDay, registration_id: int) -> DoorRow | None:
    """One row of the list, as it is now (the page replaces it in place after a tap)."""
    return next(iter(_rows(location, only=registration_id)), None)


def door_list(location: LocationDay, *, letter: str = "", offer_id: int | None = None, search: str = "") -> DoorList:
    """The check-in list of the day, filtered by first letter of the surname (Dutch order:
    'van den Berg' under B), by workgroup (offer) and by a search in name, organisation or
    e-mail address (case and accents do not count)."""
    everyone = _rows(location)
    rows: Sequence[DoorRow] = everyone
    if offer_id:
        rows = [r for r in rows if any(offer == offer_id for _round, offer, _title in r.workgroups)]
    text = fold(search)
    if text:
        rows = [r for r in rows if r.matches(text)]
    letters: dict[str, int] = {}
    for r in rows:
        letters[r.letter] = letters.get(r.letter, 0) + 1
    if letter:
        rows = [r for r in rows if r.letter == letter]
    confirmed = [r for r in everyone if r.is_confirmed]
    return DoorList(
        rows=list(rows),
        letters=letters,
        confirmed=len(confirmed),
        present=sum(1 for r in confirmed if r.checked_in_at is not None),
        over_capacity=sum(1 for r in confirmed if r.over_capacity),
        walk_ins=sum(1 for r in confirmed if r.walk_in),
        waiting=sum(1 for r in everyone if r.is_waiting),
        total=len(everyone),
    )
