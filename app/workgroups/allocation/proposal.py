"""Propose which workgroups a location should run, from the preferences it received.

Simple and explainable on purpose: start with every candidate open, allocate, and drop one
candidate at a time (the emptiest relative to its minimum size) while some round has more than
max_open open, or while some open workgroup would stay below its minimum size and dropping it
keeps at least min_open open and still leaves a place for every participant in that round.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .allocator import allocate
from .model import AllocationSettings, Offer, OfferId, Participant, WorkgroupId
from .problem import order_key

Reason = Literal[
    "open",  # fills to at least its minimum size
    "open_to_keep_minimum_number",  # below minimum size, but the round needs min_open workgroups
    "open_for_capacity",  # below minimum size, but without it not everyone fits
    "dropped_below_minimum_size",
    "dropped_above_maximum_number",
]


@dataclass(frozen=True)
class WorkgroupAdvice:
    offer: Offer
    minimum_size: int
    first_choice_demand: int  # participants ranking it first in its round
    expected_fill: int  # from the allocation with the final set (when dropped: at the moment it was dropped)
    open: bool
    reason: Reason


@dataclass(frozen=True)
class WorkgroupProposal:
    advice: tuple[WorkgroupAdvice, ...]  # ordered by round, then workgroup id

    @property
    def open_offers(self) -> tuple[Offer, ...]:
        return tuple(a.offer for a in self.advice if a.open)

    @property
    def dropped_offers(self) -> tuple[Offer, ...]:
        return tuple(a.offer for a in self.advice if not a.open)


def propose_workgroups(
    participants: Iterable[Participant],
    candidates: Iterable[Offer],
    # Keyed by workgroup id. Any: a Mapping's key type is invariant, so Hashable would refuse dict[int, int].
    minimum_sizes: Mapping[Any, int],
    *,
    min_open: int = 4,
    max_open: int = 6,
    settings: AllocationSettings | None = None,
) -> WorkgroupProposal:
    participants = list(participants)
    candidates = sorted(candidates, key=lambda o: (o.round, order_key(o.workgroup_id)))
    settings = settings or AllocationSettings()
    headcount = len(participants)
    open_ids = {o.id for o in candidates}
    dropped: dict[object, tuple[Reason, int]] = {}

    while True:
        current = [o for o in candidates if o.id in open_ids]
        fill = Counter(a.offer_id for a in allocate(participants, current, settings).assignments)
        victim = _next_to_drop(current, fill, minimum_sizes, min_open, max_open, headcount)
        if victim is None:
            break
        offer, reason = victim
        open_ids.discard(offer.id)
        dropped[offer.id] = (reason, fill[offer.id])

    demand = Counter((r, p.ranking(r)[0]) for p in participants for r in {o.round for o in candidates} if p.ranking(r))
    advice = []
    for offer in candidates:
        minimum = minimum_sizes.get(offer.workgroup_id, 0)
        if offer.id in dropped:
            reason, expected = dropped[offer.id]
        else:
            expected = fill[offer.id]
            reason = "open" if expected >= minimum else _why_kept(offer, current, minimum_sizes, min_open, headcount)
        advice.append(
            WorkgroupAdvice(
                offer, minimum, demand[offer.round, offer.workgroup_id], expected, offer.id not in dropped, reason
            )
        )
    return WorkgroupProposal(tuple(advice))


def _next_to_drop(
    current: list[Offer],
    fill: Counter[OfferId],
    minimum_sizes: Mapping[WorkgroupId, int],
    min_open: int,
    max_open: int,
    headcount: int,
) -> tuple[Offer, Reason] | None:
    """The emptiest droppable offer (relative to its minimum size), or None when nothing should go."""

    def emptiness(offer: Offer) -> tuple[float, int, tuple[str, object]]:
        minimum = max(minimum_sizes.get(offer.workgroup_id, 0), 1)
        return (fill[offer.id] / minimum, fill[offer.id], order_key(offer.workgroup_id))

    by_round: dict[int, list[Offer]] = {}
    for offer in current:
        by_round.setdefault(offer.round, []).append(offer)
    too_many = [o for offers in by_round.values() if len(offers) > max_open for o in offers]
    if too_many:
        return min(too_many, key=emptiness), "dropped_above_maximum_number"
    too_small = [
        o
        for offers in by_round.values()
        if len(offers) > min_open
        for o in offers
        if fill[o.id] < minimum_sizes.get(o.workgroup_id, 0) and _still_fits(o, offers, headcount)
    ]
    if too_small:
        return min(too_small, key=emptiness), "dropped_below_minimum_size"
    return None


def _still_fits(offer: Offer, round_offers: list[Offer], headcount: int) -> bool:
    """Dropping must leave room for everyone in the round; when places are short, every place counts."""
    return sum(o.capacity for o in round_offers) - offer.capacity >= headcount


def _why_kept(
    offer: Offer, current: list[Offer], minimum_sizes: Mapping[WorkgroupId, int], min_open: int, headcount: int
) -> Reason:
    round_offers = [o for o in current if o.round == offer.round]
    if len(round_offers) <= min_open:
        return "open_to_keep_minimum_number"
    return "open_for_capacity" if not _still_fits(offer, round_offers, headcount) else "open"
