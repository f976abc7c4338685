"""The start page's figures per location day, counted in SQL.

Every figure is one grouped query over the shown locations (registrations by status,
check-ins, evaluation answers, failed mail, assignments), so the number of queries does
not grow with the number of registrations, answers or mails. Readiness comes from the
programme's rules (`app.programme.readiness`) over the eagerly loaded locations.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.evaluation.models import EvaluationResponse, ResponseStatus
from app.extensions import db
from app.mail.models import MailStatus, OutgoingMail
from app.programme.models import Contribution, Edition, LocationDay
from app.programme.readiness import LocationRow, Readiness, build_readiness
from app.registration.models import Registration, Status
from app.registration.queries import Counts, counts_for
from app.timeutil import to_local, utcnow
from app.workgroups.models import AllocationRun, WorkgroupAssignment, WorkgroupOffer

# An edition stays on the start page until this many days after its last day.
SHOWN_AFTER_LAST_DAY = timedelta(days=60)


class AssignmentState(enum.StrEnum):
    NOT_RUN = "not_run"
    RUN = "run"  # assigned, but not (all) published to the participants
    PUBLISHED = "published"


@dataclass(frozen=True)
class LocationStatus:
    location_id: int
    edition_id: int
    city: str
    day: date
    cancelled: bool
    capacity: int
    confirmed: int
    seats_left: int  # walk-ins admitted over capacity hold no seat
    waiting: int
    checked_in: int
    responses: int  # submitted evaluation forms (online and paper)
    failed_mails: int
    assigned: int
    unpublished: int  # assignments that differ from what the participant was told
    runs: int
    registration_opens: datetime  # naive UTC
    registration_closes: datetime  # naive UTC
    readiness: LocationRow
    today: date
    now: datetime  # naive UTC

    @property
    def response_rate(self) -> float | None:
        """Evaluation answers as a share of the people checked in; None when nobody was."""
        return self.responses / self.checked_in if self.checked_in else None

    @property
    def days_to_day(self) -> int:
        return (self.day - self.today).days

    @property
    def held(self) -> bool:
        return self.day <= self.today

    @property
    def registration_open(self) -> bool:
        return not self.cancelled and self.registration_opens <= self.now < self.registration_closes

    @property
    def days_to_close(self) -> int | None:
        """Whole days until registration closes (local dates); None when it is not open."""
        if not self.registration_open:
            return None
        return (to_local(self.registration_closes).date() - self.today).days

    @property
    def missing_count(self) -> int:
        return len(self.readiness.problems)

    @property
    def assignment_state(self) -> AssignmentState:
        if not self.assigned and not self.runs:
            return AssignmentState.NOT_RUN
        if self.assigned and not self.unpublished:
            return AssignmentState.PUBLISHED
        return AssignmentState.RUN


@dataclass(frozen=True)
class EditionBlock:
    edition: Edition
    readiness: Readiness
    locations: tuple[LocationStatus, ...]


def current_locations(location_ids: Sequence[int] | None, today: date) -> list[LocationDay]:
    """The location days on the start page: a coordinator's own (all of them), or for an
    organiser every day of the editions whose last day is at most 60 days ago or that have
    no days yet; loaded with everything readiness reads."""
    query = (
        select(LocationDay)
        .order_by(LocationDay.date, LocationDay.city)
        .options(
            joinedload(LocationDay.edition).selectinload(Edition.programme_items),
            selectinload(LocationDay.contributions).selectinload(Contribution.speaker),
            selectinload(LocationDay.workgroup_offers).selectinload(WorkgroupOffer.workgroup),
        )
    )
    if location_ids is not None:
        query = query.where(LocationDay.id.in_(list(location_ids)))
    else:
        recent = (
            select(LocationDay.edition_id)
            .group_by(LocationDay.edition_id)
            .having(func.max(LocationDay.date) >= today - SHOWN_AFTER_LAST_DAY)
        )
        query = query.where(LocationDay.edition_id.in_(recent))
    return list(db.session.scalars(query).unique())


def editions_without_days() -> list[Edition]:
    """New editions: on the start page too, so their first location is one click away."""
    has_days = select(LocationDay.id).where(LocationDay.edition_id == Edition.id).exists()
    return list(db.session.scalars(select(Edition).where(~has_days).order_by(Edition.year.desc(), Edition.name)))


def location_figures(location_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per location: the start page's counts besides the registrations (those come from
    registration.queries.counts_for), one grouped query per source."""
    figures: dict[int, dict[str, int]] = {
        lid: dict.fromkeys(("responses", "failed", "assigned", "unpublished", "runs"), 0) for lid in location_ids
    }
    if not location_ids:
        return figures
    confirmed = Registration.status == Status.CONFIRMED
    for lid, count in db.session.execute(
        select(EvaluationResponse.location_day_id, func.count())
        .where(
            EvaluationResponse.location_day_id.in_(location_ids),
            EvaluationResponse.status == ResponseStatus.SUBMITTED,
        )
        .group_by(EvaluationResponse.location_day_id)
    ):
        figures[lid]["responses"] = count
    for mail_location, count in db.session.execute(
        select(OutgoingMail.location_day_id, func.count())
        .where(OutgoingMail.location_day_id.in_(location_ids), OutgoingMail.status == MailStatus.FAILED)
        .group_by(OutgoingMail.location_day_id)
    ):
        if mail_location is not None:
            figures[mail_location]["failed"] = count
    differs = or_(
        WorkgroupAssignment.published_offer_id.is_(None),
        WorkgroupAssignment.published_offer_id != WorkgroupAssignment.offer_id,
    )
    for lid, count, unpublished in db.session.execute(
        select(Registration.location_day_id, func.count(), func.sum(case((differs, 1), else_=0)))
        .join(Registration, Registration.id == WorkgroupAssignment.registration_id)
        .where(Registration.location_day_id.in_(location_ids), confirmed)
        .group_by(Registration.location_day_id)
    ):
        figures[lid] |= {"assigned": count, "unpublished": unpublished or 0}
    for lid, count in db.session.execute(
        select(AllocationRun.location_day_id, func.count())
        .where(AllocationRun.location_day_id.in_(location_ids))
        .group_by(AllocationRun.location_day_id)
    ):
        figures[lid]["runs"] = count
    return figures


def build_dashboard(location_ids: Sequence[int] | None, now: datetime | None = None) -> list[EditionBlock]:
    """The start page's blocks, one per edition, each with its locations' status."""
    now = now or utcnow()
    today = to_local(now).date()
    locations = current_locations(location_ids, today)
    counts = location_figures([location.id for location in locations])
    registrations = counts_for(locations)
    by_edition: dict[int, list[LocationDay]] = {}
    for location in locations:
        by_edition.setdefault(location.edition_id, []).append(location)
    blocks = []
    for mine in by_edition.values():
        edition = mine[0].edition
        readiness = build_readiness(edition, mine)
        rows = {row.location_id: row for row in readiness.rows}
        statuses = tuple(
            _status(location, registrations[location.id], counts[location.id], rows[location.id], today, now)
            for location in mine
        )
        blocks.append(EditionBlock(edition=edition, readiness=readiness, locations=statuses))
    blocks.sort(key=lambda block: (min(s.day for s in block.locations), block.edition.name))
    return blocks


def _status(
    location: LocationDay, registrations: Counts, counts: dict[str, int], row: LocationRow, today: date, now: datetime
) -> LocationStatus:
    return LocationStatus(
        location_id=location.id,
        edition_id=location.edition_id,
        city=location.city,
        day=location.date,
        cancelled=location.is_cancelled,
        capacity=location.capacity,
        confirmed=registrations.confirmed,
        seats_left=registrations.left,
        waiting=registrations.waiting,
        checked_in=registrations.present,
        responses=counts["responses"],
        failed_mails=counts["failed"],
        assigned=counts["assigned"],
        unpublished=counts["unpublished"],
        runs=counts["runs"],
        registration_opens=location.registration_opens_at,
        registration_closes=location.registration_closes_at,
        readiness=row,
        today=today,
        now=now,
    )
