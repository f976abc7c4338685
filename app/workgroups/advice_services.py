"""Which workgroups run at a location: the advice, and applying the organiser's choice.

The advice comes from the pure allocator (`allocation.propose_workgroups`). Until the
organiser has decided about an offer, its box starts as advised. Confirming drops the
unticked offers: a dropped offer is shown nowhere public (programme page, registration
form, booklet), and whoever was placed in it is placed again by the allocator, with
their ranking minus the dropped workgroup and everyone else's places kept. When the
assignments were already published, those people are told at once (change notice).
A dropped offer can be restored until the assignments are published.
Like every service this only flushes: the view commits.
"""

from __future__ import annotations

import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from app.common.errors import DomainError
from app.communication import notices
from app.extensions import db
from app.programme.locking import lock_location
from app.programme.models import LocationDay
from app.registration.models import Registration, Status
from app.timeutil import utcnow
from app.workgroups import allocation
from app.workgroups.assignment_services import (
    MODES,
    TIE_BREAKS,
    as_participant,
    assignments_at,
    confirmed_registrations,
    latest_run,
)
from app.workgroups.models import WorkgroupAssignment, WorkgroupOffer


class AdviceError(DomainError):
    """A rule about which workgroups run was broken."""


@dataclass(frozen=True)
class AdviceRow:
    offer: WorkgroupOffer
    advice: allocation.WorkgroupAdvice
    ticked: bool  # how the box starts: as advised until the organiser decided, then as decided
    restorable: bool  # a dropped offer can come back only before publishing


@dataclass(frozen=True)
class Moved:
    registration: Registration
    round: int
    before: WorkgroupOffer
    after: WorkgroupOffer | None  # None: no place left in any workgroup of the round


@dataclass(frozen=True)
class ChoiceOutcome:
    dropped: list[WorkgroupOffer]
    restored: list[WorkgroupOffer]
    moved: list[Moved]
    told: int  # change notices queued


def propose(location: LocationDay, registrations: list[Registration] | None = None) -> allocation.WorkgroupProposal:
    """Advice over every offer (open or dropped), from the confirmed participants' wishes
    (`registrations`: the confirmed ones with their preferences, when the caller has them)."""
    if registrations is None:
        registrations = confirmed_registrations(location)
    participants = [as_participant(r) for r in registrations]
    candidates = [_plain_offer(offer) for offer in location.workgroup_offers]
    minimum: dict[int, int] = {}
    for offer in location.workgroup_offers:  # the allocator knows a minimum per workgroup: take the strictest
        minimum[offer.workgroup_id] = max(minimum.get(offer.workgroup_id, 0), offer.minimum)
    return allocation.propose_workgroups(participants, candidates, minimum)


def is_published(location: LocationDay) -> bool:
    """Whether participants at this location have been told their workgroups."""
    return bool(
        db.session.scalar(
            select(
                select(WorkgroupAssignment.id)
                .join(Registration, Registration.id == WorkgroupAssignment.registration_id)
                .where(Registration.location_day_id == location.id, WorkgroupAssignment.published_offer_id.is_not(None))
                .exists()
            )
        )
    )


def advice_rows(location: LocationDay, registrations: list[Registration] | None = None) -> list[AdviceRow]:
    published = is_published(location)
    offers: dict[object, WorkgroupOffer] = {offer.id: offer for offer in location.workgroup_offers}
    rows = []
    for advice in propose(location, registrations).advice:
        offer = offers[advice.offer.id]
        ticked = offer.is_open if offer.decided_at is not None else advice.open and offer.is_open
        rows.append(AdviceRow(offer, advice, ticked, restorable=offer.is_open or not published))
    return rows


def apply_choice(location: LocationDay, open_ids: set[int], now: datetime | None = None) -> ChoiceOutcome:
    """Run exactly the offers in `open_ids` (ids of other locations are ignored)."""
    lock_location(location)  # one change of the assignment at a time
    now = now or utcnow()
    published = is_published(location)
    if location.workgroup_offers and not open_ids & {offer.id for offer in location.workgroup_offers}:
        raise AdviceError(_("Laat minstens één werkgroep doorgaan."))
    dropped, restored = [], []
    for offer in location.workgroup_offers:
        wanted = offer.id in open_ids
        if wanted and not offer.is_open:
            if published:
                raise AdviceError(
                    _(
                        "%(title)s kan niet meer terug: de indeling is al gepubliceerd.",
                        title=offer.workgroup.title,
                    )
                )
            restored.append(offer)
        elif offer.is_open and not wanted:
            dropped.append(offer)
        offer.is_open = wanted
        offer.decided_at = now
    moved, to_tell = _place_again(location, {offer.id for offer in dropped}) if dropped else ([], [])
    told = notices.notify_workgroups_changed(to_tell)
    if dropped or restored:
        location.revision += 1  # calendars and the public pages show the change
    db.session.flush()
    return ChoiceOutcome(dropped, restored, moved, told)


def _place_again(location: LocationDay, dropped_ids: set[int]) -> tuple[list[Moved], list[Registration]]:
    """Place the people of dropped offers again; everyone else keeps their place. Returns
    who moved, and who must be told (their dropped workgroup had been published)."""
    assignments = assignments_at(location)
    hit = [a for a in assignments if a.offer_id in dropped_ids]
    if not hit:
        return [], []
    confirmed = {r.id: r for r in confirmed_registrations(location)}
    open_offers = [o for o in location.workgroup_offers if o.is_open]
    open_ids = {o.id for o in open_offers}
    affected = {a.registration_id for a in hit if a.registration_id in confirmed}
    taken_by_others = Counter(
        a.offer_id for a in assignments if a.offer_id in open_ids and a.registration_id not in affected
    )
    plain_offers = [
        allocation.Offer(o.id, o.round, o.workgroup_id, max(0, (o.capacity or 0) - taken_by_others[o.id]))
        for o in open_offers
    ]
    closed_by_round: dict[int, set[int]] = {}
    for offer in location.workgroup_offers:
        if not offer.is_open:
            closed_by_round.setdefault(offer.round, set()).add(offer.workgroup_id)
    participants = [_without_closed(as_participant(confirmed[rid]), closed_by_round) for rid in sorted(affected)]
    fixed = [
        allocation.FixedAssignment(a.registration_id, a.round, a.offer_id)
        for a in assignments
        if a.registration_id in affected and a.offer_id in open_ids
    ]
    result = allocation.allocate(participants, plain_offers, _settings(location), fixed)
    offers: dict[object, WorkgroupOffer] = {o.id: o for o in location.workgroup_offers}
    placed: dict[tuple[object, int], WorkgroupOffer] = {
        (item.participant_id, item.round): offers[item.offer_id] for item in result.assignments if not item.fixed
    }
    moved, to_tell = [], {}
    for assignment in hit:
        registration, before = assignment.registration, offers[assignment.offer_id]
        was_told = assignment.published_offer_id is not None
        new = placed.get((assignment.registration_id, assignment.round))
        if was_told and registration.status != Status.CANCELLED:
            to_tell[registration.id] = registration
        if new is None:
            db.session.delete(assignment)
        else:
            assignment.offer_id = new.id
            assignment.offer = new
            assignment.manual = assignment.locked = False
            if was_told:  # they are told at once, not at the next publishing
                assignment.published_offer_id = new.id
                assignment.revision += 1
        if was_told:
            registration.revision += 1  # their calendar shows the new workgroup
        if assignment.registration_id in affected:
            moved.append(Moved(registration, assignment.round, before, new))
    db.session.flush()
    return moved, list(to_tell.values())


def _without_closed(participant: allocation.Participant, closed: dict[int, set[int]]) -> allocation.Participant:
    """Their ranking minus the workgroups that do not run in that round."""
    return allocation.Participant(
        id=participant.id,
        registered_at=participant.registered_at,
        preferences={
            round_: tuple(w for w in ranking if w not in closed.get(round_, set()))
            for round_, ranking in participant.preferences.items()
        },
    )


def _settings(location: LocationDay) -> allocation.AllocationSettings:
    """The settings of the last run here (so the same rules decide), else the recommended ones."""
    run = latest_run(location)
    if run is None or run.mode not in MODES or run.tie_break not in TIE_BREAKS:
        return allocation.AllocationSettings(seed=secrets.randbelow(2**31))
    return allocation.AllocationSettings(mode=MODES[run.mode], tie_break=TIE_BREAKS[run.tie_break], seed=run.seed)


def _plain_offer(offer: WorkgroupOffer) -> allocation.Offer:
    return allocation.Offer(offer.id, offer.round, offer.workgroup_id, offer.capacity or 0)
