"""Checked, canonical view of one allocation problem, and the grouping of participants into types.

Everything is put in a canonical order (by id, never by input position), so that shuffling the
input lists cannot change the model the solvers see, and so cannot change the result.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterable, Mapping, Sequence, Sized
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from typing import NamedTuple, TypeVar

from .model import (
    AllocationError,
    AllocationSettings,
    FixedAssignment,
    Offer,
    OfferId,
    Participant,
    ParticipantId,
    WorkgroupId,
)


def order_key(value: object) -> tuple[str, object]:
    """Sort key for ids that may mix ints and strings."""
    return (type(value).__name__, value)


class Levels(NamedTuple):
    """What one participant-round contributes to each level of the objective."""

    unassigned: int
    unranked: int
    rank_cost: int
    regret: int  # only used to break ties between participants: how unhappy this outcome is


@dataclass
class ParticipantType:
    """Participants the model cannot tell apart: same rankings, same locked rounds and workgroups."""

    index: int
    members: list[Participant]  # best priority first
    free_rounds: tuple[int, ...]
    forbidden: frozenset[WorkgroupId]  # workgroups they already have through a locked assignment
    rankings: dict[int, tuple[WorkgroupId, ...]]  # per free round
    weight: int = 0  # tie-break weight: higher for types holding better-placed participants

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass
class Problem:
    participants: tuple[Participant, ...]  # canonical order: by id
    rounds: tuple[int, ...]
    offers_by_round: dict[int, tuple[Offer, ...]]  # canonical order: by workgroup id
    offers: dict[object, Offer]
    remaining: dict[object, int]  # places left per offer id after the locked assignments
    fixed: dict[ParticipantId, dict[int, Offer]]
    settings: AllocationSettings
    longest_ranking: int
    priority: dict[ParticipantId, int] = field(default_factory=dict)  # 0 = wins every tie

    @cached_property
    def types(self) -> list[ParticipantType]:
        return _group_into_types(self)

    @cached_property
    def unmet_cost(self) -> int:
        """Rank cost of a participant-round with preferences but no ranked workgroup."""
        return self.settings.rank_cost(self.longest_ranking + 1)

    @cached_property
    def unassigned_regret(self) -> int:
        return self.settings.rank_cost(self.longest_ranking + 2)

    def levels(self, ranking: tuple[WorkgroupId, ...], rank: int | None, assigned: bool) -> Levels:
        if not assigned:
            return Levels(1, 0, self.unmet_cost if ranking else 0, self.unassigned_regret)
        if not ranking:
            return Levels(0, 0, 0, 0)
        if rank is None:
            return Levels(0, 1, self.unmet_cost, self.unmet_cost)
        cost = self.settings.rank_cost(rank)
        return Levels(0, 0, cost, cost)

    @cached_property
    def coupled(self) -> bool:
        """Whether some workgroup runs in more than one round, so that the rounds cannot be solved apart."""
        seen: set[WorkgroupId] = set()
        for offers in self.offers_by_round.values():
            workgroups = {offer.workgroup_id for offer in offers}
            if seen & workgroups:
                return True
            seen |= workgroups
        return False


def rank_in(ranking: tuple[WorkgroupId, ...], workgroup_id: WorkgroupId) -> int | None:
    try:
        return ranking.index(workgroup_id) + 1
    except ValueError:
        return None


def build_problem(
    participants: Iterable[Participant],
    offers: Iterable[Offer],
    fixed: Iterable[FixedAssignment],
    settings: AllocationSettings,
    *,
    with_priority: bool = True,
) -> Problem:
    participants = _sorted_by_id(participants)
    by_id = _unique({p.id: p for p in participants}, participants, "participant")
    offers = sorted(offers, key=lambda o: (o.round, order_key(o.workgroup_id)))
    offer_by_id = _unique({o.id: o for o in offers}, offers, "offer")
    rounds = tuple(sorted({o.round for o in offers}))
    offers_by_round = {r: tuple(o for o in offers if o.round == r) for r in rounds}
    for r, round_offers in offers_by_round.items():
        if len({o.workgroup_id for o in round_offers}) != len(round_offers):
            raise AllocationError(f"round {r} offers the same workgroup twice")

    locked = _locked_assignments(fixed, by_id, offer_by_id)
    remaining = {o.id: o.capacity for o in offers}
    for per_round in locked.values():
        for offer in per_round.values():
            remaining[offer.id] -= 1
    overbooked = sorted((order_key(oid) for oid, left in remaining.items() if left < 0))
    if overbooked:
        raise AllocationError(f"locked assignments exceed the capacity of offers {[k[1] for k in overbooked]}")

    longest = max(
        (len(ranking) for p in participants for r, ranking in p.preferences.items() if r in offers_by_round),
        default=0,
    )
    problem = Problem(
        participants=participants,
        rounds=rounds,
        offers_by_round=offers_by_round,
        offers=offer_by_id,
        remaining=remaining,
        fixed=locked,
        settings=settings,
        longest_ranking=max(longest, 1),
    )
    if with_priority:
        problem.priority = _priorities(participants, settings)
    return problem


def _sorted_by_id(participants: Iterable[Participant]) -> tuple[Participant, ...]:
    participants = list(participants)
    if len({type(p.id) for p in participants}) <= 1:  # the usual case; plain ids sort faster
        return tuple(sorted(participants, key=attrgetter("id")))
    return tuple(sorted(participants, key=lambda p: order_key(p.id)))


_Key = TypeVar("_Key")
_Value = TypeVar("_Value")


def _unique(mapping: dict[_Key, _Value], items: Sized, what: str) -> dict[_Key, _Value]:
    if len(mapping) != len(items):
        raise AllocationError(f"{what} ids must be unique")
    return mapping


def _locked_assignments(
    fixed: Iterable[FixedAssignment], participants: Mapping[ParticipantId, Participant], offers: Mapping[OfferId, Offer]
) -> dict[ParticipantId, dict[int, Offer]]:
    locked: dict[ParticipantId, dict[int, Offer]] = {}
    for item in fixed:
        if item.participant_id not in participants:
            raise AllocationError(f"locked assignment for unknown participant {item.participant_id!r}")
        offer = offers.get(item.offer_id)
        if offer is None or offer.round != item.round:
            raise AllocationError(f"locked assignment to unknown offer {item.offer_id!r} in round {item.round}")
        per_round = locked.setdefault(item.participant_id, {})
        if item.round in per_round:
            raise AllocationError(f"participant {item.participant_id!r} is locked twice in round {item.round}")
        if any(other.workgroup_id == offer.workgroup_id for other in per_round.values()):
            raise AllocationError(f"participant {item.participant_id!r} is locked into a workgroup twice")
        per_round[item.round] = offer
    return locked


def _priorities(participants: Sequence[Participant], settings: AllocationSettings) -> dict[ParticipantId, int]:
    """Position of every participant in the tie-break order (0 = wins every tie).

    The lottery gives each participant, in canonical id order, a ticket from random.Random(seed).random():
    Python guarantees that sequence across versions, so a seed reproduces the same draw later, whatever
    order the caller passed the participants in.
    """
    if settings.tie_break == "registration_time":
        ordered = sorted(participants, key=lambda p: (p.registered_at, order_key(p.id)))
    else:
        draw = random.Random(settings.seed).random
        tickets = [draw() for _ in participants]
        ordered = [participants[i] for i in sorted(range(len(participants)), key=tickets.__getitem__)]
    return {p.id: position for position, p in enumerate(ordered)}


def _group_into_types(problem: Problem) -> list[ParticipantType]:
    """Group participants by what the model sees of them, so the model size does not grow with headcount.

    Rankings are reduced to the workgroups actually offered (with their original positions), so
    participants who only differ in workgroups that do not run fall into the same type.
    """
    rounds = problem.rounds
    by_raw_key: dict[tuple[Hashable, ...], ParticipantType] = {}
    by_signature: dict[tuple[Hashable, ...], ParticipantType] = {}
    types: list[ParticipantType] = []
    for participant in problem.participants:
        preferences = participant.preferences
        locked = problem.fixed.get(participant.id, {}) if problem.fixed else {}
        raw_key = (
            tuple([preferences.get(r, ()) for r in rounds]),
            tuple((r, locked[r].workgroup_id) for r in rounds if r in locked) if locked else (),
        )
        kind = by_raw_key.get(raw_key)
        if kind is None:
            signature, free_rounds, forbidden, rankings = _signature(problem, participant, locked)
            kind = by_signature.get(signature)
            if kind is None:
                kind = ParticipantType(len(types), [], free_rounds, forbidden, rankings)
                types.append(kind)
                by_signature[signature] = kind
            by_raw_key[raw_key] = kind
        kind.members.append(participant)

    priority = problem.priority
    for kind in types:
        kind.members.sort(key=lambda p: priority[p.id])
    # The type holding the best-placed participant weighs most when the solver breaks ties.
    # For a single contested place this makes the winner the best-placed contender overall,
    # so a type of n people wins with the same odds as n individual lottery tickets.
    ranked = sorted(types, key=lambda kind: priority[kind.members[0].id])
    for position, kind in enumerate(ranked):
        kind.weight = len(ranked) - position
    return types


def _signature(
    problem: Problem, participant: Participant, locked: dict[int, Offer]
) -> tuple[tuple[Hashable, ...], tuple[int, ...], frozenset[WorkgroupId], dict[int, tuple[WorkgroupId, ...]]]:
    free_rounds = tuple(r for r in problem.rounds if r not in locked)
    forbidden = frozenset(offer.workgroup_id for offer in locked.values())
    rankings = {r: participant.ranking(r) for r in free_rounds}
    parts: list[tuple[int | None, ...] | None] = []
    for r in free_rounds:
        ranking = rankings[r]
        if not ranking:
            parts.append(None)  # no preference: every offer is equally fine
        else:
            parts.append(tuple(rank_in(ranking, o.workgroup_id) for o in problem.offers_by_round[r]))
    return (free_rounds, forbidden, tuple(parts)), free_rounds, forbidden, rankings
