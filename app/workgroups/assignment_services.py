"""Assigning participants to workgroups at a location: runs, hand adjustments, publishing.

The optimisation itself is the pure allocator (app/workgroups/allocation); this module
turns stored registrations into its plain records and stores what it decides. Like every
service it only flushes: the view or command commits, and mail goes out after that.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from app.common.errors import DomainError
from app.extensions import db
from app.names import name_sort_key
from app.programme.locking import lock_location
from app.programme.models import LocationDay
from app.registration.models import Registration, Status, WorkgroupPreference
from app.workgroups import allocation, needs
from app.workgroups.models import AllocationRun, WorkgroupAssignment, WorkgroupOffer


class AssignmentError(DomainError):
    """A rule about assigning workgroups was broken."""


@dataclass(frozen=True)
class RunOutcome:
    run: AllocationRun
    comparison: allocation.AllocationComparison
    names: dict[int, str]  # for showing the outcome now; the stored report keeps ids only


# --- loading --------------------------------------------------------------------------


def confirmed_registrations(location: LocationDay) -> list[Registration]:
    """With their preferences, in two statements whatever their number (selectinload would
    send one more per 500 people)."""
    registrations = list(
        db.session.scalars(
            select(Registration)
            .where(Registration.location_day_id == location.id, Registration.status == Status.CONFIRMED)
            .order_by(Registration.id)
        )
    )
    preferences: dict[int, list[WorkgroupPreference]] = {r.id: [] for r in registrations}
    for preference in db.session.scalars(
        select(WorkgroupPreference)
        .join(Registration, Registration.id == WorkgroupPreference.registration_id)
        .where(Registration.location_day_id == location.id, Registration.status == Status.CONFIRMED)
        .order_by(WorkgroupPreference.round, WorkgroupPreference.rank, WorkgroupPreference.id)
    ):
        preferences.setdefault(preference.registration_id, []).append(preference)
    for registration in registrations:
        if "preferences" not in sa_inspect(registration).unloaded:
            continue  # already loaded (and perhaps changed) in this session: keep it
        set_committed_value(registration, "preferences", preferences[registration.id])
    return registrations


def open_offers(location: LocationDay) -> list[WorkgroupOffer]:
    return sorted(
        (offer for offer in location.workgroup_offers if offer.is_open),
        key=lambda offer: (offer.round, offer.workgroup.title),
    )


def assignments_at(location: LocationDay) -> list[WorkgroupAssignment]:
    return list(
        db.session.scalars(
            select(WorkgroupAssignment)
            .join(Registration, Registration.id == WorkgroupAssignment.registration_id)
            .where(Registration.location_day_id == location.id)
            .options(
                # The screens show every assignment's person, workgroup and what was published:
                # joined into the one statement (each is one row per assignment), so the
                # number of statements does not grow with the number of people.
                joinedload(WorkgroupAssignment.offer).joinedload(WorkgroupOffer.workgroup),
                joinedload(WorkgroupAssignment.published_offer).joinedload(WorkgroupOffer.workgroup),
                joinedload(WorkgroupAssignment.registration),
            )
        )
    )


def as_participant(registration: Registration) -> allocation.Participant:
    rankings: dict[int, list[tuple[int, int]]] = {}
    for preference in registration.preferences:
        rankings.setdefault(preference.round, []).append((preference.rank, preference.workgroup_id))
    return allocation.Participant(
        id=registration.id,
        registered_at=registration.created_at,
        preferences={r: tuple(wid for _, wid in sorted(ranked)) for r, ranked in rankings.items()},
    )


def as_offer(offer: WorkgroupOffer) -> allocation.Offer:
    return allocation.Offer(
        id=offer.id, round=offer.round, workgroup_id=offer.workgroup_id, capacity=offer.capacity or 0
    )


# Which workgroups run (the advice and the organiser's choice): advice_services.


# --- the automatic run ------------------------------------------------------------------


# The allocator's settings as the form and the command line name them.
MODES: dict[str, allocation.Mode] = {"convex": "convex", "rank_maximal": "rank_maximal"}
TIE_BREAKS: dict[str, allocation.TieBreak] = {"lottery": "lottery", "registration_time": "registration_time"}


def run_allocation(
    location: LocationDay,
    *,
    mode: str = "convex",
    tie_break: str = "lottery",
    seed: int | None = None,
    full_rerun: bool = False,
    created_by: str = "",
) -> RunOutcome:
    """Assign everyone without a kept assignment; locked and manual ones always stay, and
    unless `full_rerun` so do all earlier ones (late registrants fill the gaps)."""
    lock_location(location)  # one run at a time per location, also across processes
    registrations = confirmed_registrations(location)
    offers = open_offers(location)
    if not offers:
        raise AssignmentError(_("Er zijn op deze locatie geen open werkgroepen."))
    seed = secrets.randbelow(2**31) if seed is None else seed
    if mode not in MODES or tie_break not in TIE_BREAKS:
        raise AssignmentError(_("Kies een manier van indelen uit de lijst."))
    settings = allocation.AllocationSettings(mode=MODES[mode], tie_break=TIE_BREAKS[tie_break], seed=seed)
    kept = _prune_and_keep(location, registrations, offers, full_rerun)
    participants = [as_participant(r) for r in registrations]
    plain_offers = [as_offer(o) for o in offers]
    fixed = [allocation.FixedAssignment(a.registration_id, a.round, a.offer_id) for a in kept]
    result = allocation.allocate(participants, plain_offers, settings, fixed)
    baseline = allocation.allocate_first_come_first_served(participants, plain_offers, fixed, settings)
    comparison = allocation.AllocationComparison(
        optimal=allocation.quality_report(result, participants, plain_offers),
        first_come_first_served=allocation.quality_report(baseline, participants, plain_offers),
    )
    run = AllocationRun(
        location_day_id=location.id,
        seed=seed,
        mode=mode,
        tie_break=tie_break,
        full_rerun=full_rerun,
        seconds=result.runtime_seconds,
        created_by=created_by,
    )
    db.session.add(run)
    db.session.flush()
    _store(result, kept, run)
    names = {r.id: r.name for r in registrations}
    run.report = report_as_json(comparison, offers)
    db.session.flush()
    return RunOutcome(run=run, comparison=comparison, names=names)


def _prune_and_keep(location, registrations, offers, full_rerun) -> list[WorkgroupAssignment]:
    """Drop assignments that no longer fit (cancelled, dropped offer); return those kept."""
    confirmed = {r.id for r in registrations}
    open_ids = {o.id for o in offers}
    kept = []
    for assignment in assignments_at(location):
        stale = assignment.registration_id not in confirmed or assignment.offer_id not in open_ids
        if stale or (full_rerun and not (assignment.locked or assignment.manual)):
            db.session.delete(assignment)
        else:
            kept.append(assignment)
    db.session.flush()
    return kept


def _store(result: allocation.AllocationResult, kept: list[WorkgroupAssignment], run: AllocationRun) -> None:
    kept_keys = {(a.registration_id, a.round) for a in kept}
    for item in result.assignments:
        if (item.participant_id, item.round) in kept_keys:
            continue
        db.session.add(
            WorkgroupAssignment(
                registration_id=item.participant_id, round=item.round, offer_id=item.offer_id, run_id=run.id
            )
        )
    db.session.flush()


def report_as_json(comparison: allocation.AllocationComparison, offers: list[WorkgroupOffer]) -> dict:
    """The quality report as plain JSON, stored with the run and shown on screen and CLI.
    People appear by registration id only (names are looked up when it is shown), so
    erasing or anonymising a registration leaves no name behind in stored reports."""
    titles = {o.id: (o.workgroup.title, o.round, o.room) for o in offers}
    return {
        "optimal": _report_json(comparison.optimal, titles),
        "first_come_first_served": _report_json(comparison.first_come_first_served, titles),
    }


def _report_json(report: allocation.QualityReport, titles: dict) -> dict:
    outcome = report.outcome

    def outcome_json(o: allocation.OutcomeCounts) -> dict:
        def pct(count: int) -> float:
            return round(100 * o.share(count), 1)

        return {
            "percent": {
                **{str(rank): pct(o.rank_counts.get(rank, 0)) for rank in (1, 2, 3)},
                "unranked": pct(o.unranked),
                "no_preference": pct(o.no_preference),
                "unassigned": pct(o.unassigned),
            },
            "participant_rounds": o.participant_rounds,
            "ranks": {str(rank): o.rank_counts.get(rank, 0) for rank in (1, 2, 3)},
            "unranked": o.unranked,
            "no_preference": o.no_preference,
            "unassigned": o.unassigned,
            "average_rank": round(o.average_rank, 3) if o.average_rank is not None else None,
            "unchosen_rank": o.unchosen_rank,
        }

    return {
        "method": report.method,
        "seed": report.seed,
        "mode": report.settings.mode,
        "tie_break": report.settings.tie_break,
        "seconds": round(report.runtime_seconds, 4),
        "outcome": outcome_json(outcome),
        "first_choices": report.first_choices,
        "first_choices_max": report.first_choices_max,
        "offers": [
            {
                "title": titles[f.offer_id][0],
                "round": f.round,
                "room": titles[f.offer_id][2],
                "capacity": f.capacity,
                "first_choice_demand": f.first_choice_demand,
                "assigned": f.assigned,
            }
            for f in report.offers
        ],
        "rounds": [{"round": r.round, "outcome": outcome_json(r.outcome)} for r in report.rounds],
        "unranked_ids": list(report.unranked_participants),
        "unassigned_ids": list(report.unassigned_participants),
        "repeat_count": report.repeat_count,
    }


@dataclass(frozen=True)
class Attention:
    """The people a run could not place well, named now (erased ones are left out)."""

    unranked: list[str]
    unassigned: list[str]


def attention(run: AllocationRun | None) -> Attention:
    best = (run.report or {}).get("optimal", {}) if run is not None else {}
    wanted = {key: [int(pid) for pid in best.get(key) or []] for key in ("unranked_ids", "unassigned_ids")}
    ids = {pid for pids in wanted.values() for pid in pids}
    names = dict(db.session.execute(select(Registration.id, Registration.name).where(Registration.id.in_(ids))).all())
    return Attention(
        unranked=[names[pid] for pid in wanted["unranked_ids"] if pid in names],
        unassigned=[names[pid] for pid in wanted["unassigned_ids"] if pid in names],
    )


def latest_run(location: LocationDay) -> AllocationRun | None:
    return db.session.scalar(
        select(AllocationRun)
        .where(AllocationRun.location_day_id == location.id)
        .order_by(AllocationRun.id.desc())
        .limit(1)
    )


# --- by hand ----------------------------------------------------------------------------


def move(registration: Registration, offer: WorkgroupOffer, lock: bool = True) -> str | None:
    """Put a participant in an offer for its round; returns a warning when it overfills
    or when the person needs step-free access and the room is marked not step-free."""
    if offer.location_day_id != registration.location_day_id:
        raise AssignmentError(_("Deze werkgroep hoort niet bij deze locatie."), field="offer_id")
    if not offer.is_open:
        raise AssignmentError(_("Deze werkgroep gaat niet door."), field="offer_id")
    current = {a.round: a for a in _assignments_of(registration)}
    if any(a.offer.workgroup_id == offer.workgroup_id for r, a in current.items() if r != offer.round):
        raise AssignmentError(_("Deze deelnemer zit in een andere ronde al in deze werkgroep."), field="offer_id")
    assignment = current.get(offer.round) or WorkgroupAssignment(registration_id=registration.id, round=offer.round)
    assignment.offer_id = offer.id
    assignment.offer = offer
    assignment.manual = True
    assignment.locked = lock
    db.session.add(assignment)
    db.session.flush()
    room = needs.step_free_warning(registration, offer)
    warnings = [warning for warning in (_overfill_warning(offer), room.text if room else None) if warning]
    return " ".join(warnings) or None


def swap(first: WorkgroupAssignment, second: WorkgroupAssignment) -> None:
    """Exchange two participants' workgroups: same round, same location, and only
    workgroups of that location (never one carried over from elsewhere)."""
    same_place = first.registration.location_day_id == second.registration.location_day_id
    if first.round != second.round or not same_place:
        raise AssignmentError(_("Alleen deelnemers in dezelfde ronde en op dezelfde locatie kunnen ruilen."))
    if any(a.offer.location_day_id != a.registration.location_day_id for a in (first, second)):
        raise AssignmentError(_("Deze werkgroep hoort niet bij deze locatie."))
    for one, other in ((first, second), (second, first)):
        others = [a for a in _assignments_of(one.registration) if a.round != one.round]
        if any(a.offer.workgroup_id == other.offer.workgroup_id for a in others):
            raise AssignmentError(_("Na het ruilen zou iemand twee keer dezelfde werkgroep hebben."))
    first_offer, second_offer = first.offer, second.offer
    first.offer, second.offer = second_offer, first_offer
    for assignment in (first, second):
        assignment.manual = True
    db.session.flush()


def set_lock(assignment: WorkgroupAssignment, locked: bool) -> None:
    assignment.locked = locked
    db.session.flush()


def _assignments_of(registration: Registration) -> list[WorkgroupAssignment]:
    return list(
        db.session.scalars(select(WorkgroupAssignment).where(WorkgroupAssignment.registration_id == registration.id))
    )


def _overfill_warning(offer: WorkgroupOffer) -> str | None:
    filled = db.session.execute(
        select(db.func.count()).select_from(WorkgroupAssignment).where(WorkgroupAssignment.offer_id == offer.id)
    ).scalar_one()
    if offer.capacity is not None and filled > offer.capacity:
        return _(
            "Let op: %(title)s heeft nu %(filled)s deelnemers bij %(capacity)s plaatsen.",
            title=offer.workgroup.title,
            filled=filled,
            capacity=offer.capacity,
        )
    return None


# --- publishing -------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    registration: Registration
    round: int
    before: WorkgroupOffer | None
    after: WorkgroupOffer | None


def pending_changes(location: LocationDay, assignments: list[WorkgroupAssignment] | None = None) -> list[Change]:
    """What participants would be told on publishing: only assignments that changed
    (`assignments`: the location's, when the caller read them already)."""
    changes = []
    for assignment in assignments_at(location) if assignments is None else assignments:
        if assignment.offer_id != assignment.published_offer_id:
            changes.append(
                Change(assignment.registration, assignment.round, assignment.published_offer, assignment.offer)
            )
    return sorted(changes, key=lambda c: (name_sort_key(c.registration.name), c.round))


def publish(location: LocationDay) -> list[Registration]:
    """Mark every current assignment as told; returns the registrations whose workgroups changed.
    The assignments are read in a few statements and written back in one batch per table."""
    changed: dict[int, Registration] = {}
    for assignment in assignments_at(location):
        if assignment.offer_id != assignment.published_offer_id:
            assignment.published_offer_id = assignment.offer_id
            assignment.revision += 1
            changed[assignment.registration_id] = assignment.registration
    for registration in changed.values():
        registration.revision += 1
    db.session.flush()
    return sorted(changed.values(), key=lambda r: r.id)
