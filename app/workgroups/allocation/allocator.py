"""The optimal allocator, the first-come-first-served baseline, and how both become a result."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from time import perf_counter
from typing import Literal

from .decompose import Programme, split_into_programmes
from .flow import Counts, solve_with_flow
from .integer_program import solve_with_integer_program
from .model import (
    AllocationResult,
    AllocationSettings,
    Assignment,
    FixedAssignment,
    Objective,
    Offer,
    OfferId,
    Participant,
    ParticipantId,
    WorkgroupId,
)
from .problem import ParticipantType, Problem, build_problem, order_key, rank_in

# (round, offer id, workgroup id, rank, fixed): the fields of an Assignment after the participant id
Slot = tuple[int, OfferId, WorkgroupId, int | None, bool]
# (has a ranking, rank or None, assigned) -> number of participant-rounds
Tally = Counter[tuple[bool, int | None, bool]]


def allocate(
    participants: Iterable[Participant],
    offers: Iterable[Offer],
    settings: AllocationSettings | None = None,
    fixed: Iterable[FixedAssignment] = (),
) -> AllocationResult:
    """Assign workgroups to everyone for all rounds at once, lexicographically optimal:

    1. fewest participant-rounds without a workgroup;
    2. fewest participant-rounds in a workgroup the participant did not rank;
    3. lowest total rank cost ("convex") or most 1st, then 2nd, ... choices ("rank_maximal");
    4. ties go to the participants who are best placed in the lottery or registered first.
    Locked assignments are kept and use up places; nobody gets the same workgroup twice.
    Participants without preferences are content anywhere; where places run short, those who did
    rank workgroups go first, because their missed wish counts in the rank cost (see Objective).
    """
    started = perf_counter()
    settings = settings or AllocationSettings()
    problem = build_problem(participants, offers, fixed, settings)
    if problem.coupled:
        counts, solver = solve_with_integer_program(problem)
    else:
        counts, solver = solve_with_flow(problem), "flow"
    slots, tally = _hand_out(problem, counts)
    return _result(problem, slots, tally, "optimal", solver, len(problem.types), started)


def allocate_first_come_first_served(
    participants: Iterable[Participant],
    offers: Iterable[Offer],
    fixed: Iterable[FixedAssignment] = (),
    settings: AllocationSettings | None = None,
) -> AllocationResult:
    """Baseline: in order of registration, each participant takes per round the best-ranked workgroup
    with room that they have not had yet, else the one with most room left, else nothing.
    settings only chooses how the rank cost in the result's objective is measured."""
    started = perf_counter()
    problem = build_problem(participants, offers, fixed, settings or AllocationSettings(), with_priority=False)
    left = dict(problem.remaining)
    offers_by_workgroup = {r: {o.workgroup_id: o for o in offers} for r, offers in problem.offers_by_round.items()}
    slots: dict[ParticipantId, tuple[Slot, ...]] = {}
    tally: Tally = Counter()
    queue = sorted(problem.participants, key=lambda p: (p.registered_at, order_key(p.id)))
    for participant in queue:
        locked = problem.fixed.get(participant.id, {})
        had = {offer.workgroup_id for offer in locked.values()}
        taken: list[Slot] = []
        for r in problem.rounds:
            if r in locked:
                continue
            ranking = participant.ranking(r)
            offer = _first_come_choice(offers_by_workgroup[r], ranking, had, left)
            if offer is None:
                tally[bool(ranking), None, False] += 1
                continue
            left[offer.id] -= 1
            had.add(offer.workgroup_id)
            rank = rank_in(ranking, offer.workgroup_id)
            taken.append((r, offer.id, offer.workgroup_id, rank, False))
            tally[bool(ranking), rank, True] += 1
        slots[participant.id] = tuple(taken)
    return _result(problem, slots, tally, "first_come_first_served", "greedy", 0, started)


def _first_come_choice(
    offers: dict[WorkgroupId, Offer],
    ranking: tuple[WorkgroupId, ...],
    had: set[WorkgroupId],
    left: dict[OfferId, int],
) -> Offer | None:
    """offers: this round's offers by workgroup id, in canonical order."""
    for workgroup_id in ranking:
        offer = offers.get(workgroup_id)
        if offer is not None and left[offer.id] > 0 and workgroup_id not in had:
            return offer
    open_offers = [o for o in offers.values() if left[o.id] > 0 and o.workgroup_id not in had]
    # max() keeps the first of equal candidates, and the order is canonical: deterministic.
    return max(open_offers, key=lambda o: left[o.id], default=None)


def _hand_out(problem: Problem, counts: Counts) -> tuple[dict[ParticipantId, tuple[Slot, ...]], Tally]:
    """Turn each type's counts into programmes and give the best ones to its best-placed members."""
    slots: dict[ParticipantId, tuple[Slot, ...]] = {}
    tally: Tally = Counter()
    offer_in_round = {r: {o.workgroup_id: o for o in offers} for r, offers in problem.offers_by_round.items()}
    for kind in problem.types:
        by_workgroup = {
            (r, problem.offers[offer_id].workgroup_id): amount
            for (r, offer_id), amount in counts.get(kind.index, {}).items()
        }
        pieces = split_into_programmes(by_workgroup, kind.free_rounds, kind.size)
        pieces.sort(key=lambda piece: _programme_quality(problem, kind, piece[1]))
        members = iter(kind.members)
        for multiplicity, programme in pieces:
            # Members of a type share ranks for every offered workgroup, so one template serves them all.
            template = tuple(
                (r, offer_in_round[r][w].id, w, rank_in(kind.rankings[r], w), False)
                for r, w in sorted(programme.items())
            )
            for _ in range(multiplicity):
                slots[next(members).id] = template
            for r in kind.free_rounds:
                ranking, workgroup_id = kind.rankings[r], programme.get(r)
                rank = None if workgroup_id is None else rank_in(ranking, workgroup_id)
                tally[bool(ranking), rank, workgroup_id is not None] += multiplicity
    return slots, tally


def _programme_quality(
    problem: Problem, kind: ParticipantType, programme: Programme
) -> tuple[int, int, int | list[int], int, tuple[tuple[str, object], ...]]:
    """Sort key: better programmes first, by the same levels as the objective, then canonically."""
    totals = [0, 0, 0, 0]
    ranks: list[int] = []
    for r in kind.free_rounds:
        ranking = kind.rankings[r]
        workgroup_id = programme.get(r)
        rank = rank_in(ranking, workgroup_id) if workgroup_id is not None else None
        levels = problem.levels(ranking, rank, workgroup_id is not None)
        totals = [a + b for a, b in zip(totals, levels)]
        ranks.append(rank or problem.longest_ranking + 1)
    unassigned, unranked, rank_cost, regret = totals
    middle: int | list[int] = sorted(ranks) if problem.settings.mode == "rank_maximal" else rank_cost
    canonical = tuple(order_key(programme.get(r)) for r in kind.free_rounds)
    return (unassigned, unranked, middle, regret, canonical)


def _result(
    problem: Problem,
    slots: dict[ParticipantId, tuple[Slot, ...]],
    tally: Tally,
    method: Literal["optimal", "first_come_first_served"],
    solver: str,
    types: int,
    started: float,
) -> AllocationResult:
    """Assemble the result in canonical participant order; tally counts the outcomes of the free rounds."""
    assignments: list[Assignment] = []
    unassigned: list[tuple[ParticipantId, int]] = []
    rounds = problem.rounds
    tally = Counter(tally)
    make = Assignment._make  # the fast constructor: results hold tens of thousands of rows
    for participant in problem.participants:
        pid = participant.id
        own: Sequence[Slot] = slots.get(pid, ())
        locked = problem.fixed.get(pid)
        if locked:
            extra = [_locked_slot(participant, offer) for offer in locked.values()]
            tally.update((bool(participant.ranking(slot[0])), slot[3], True) for slot in extra)
            own = sorted((*own, *extra))
        assignments.extend([make((pid, *slot)) for slot in own])
        if len(own) < len(rounds):
            covered = {slot[0] for slot in own}
            unassigned.extend((pid, r) for r in rounds if r not in covered)
    return AllocationResult(
        method=method,
        settings=problem.settings,
        rounds=rounds,
        assignments=tuple(assignments),
        unassigned=tuple(unassigned),
        objective=_objective(problem, tally),
        runtime_seconds=perf_counter() - started,
        participant_types=types,
        solver=solver,
    )


def _locked_slot(participant: Participant, offer: Offer) -> Slot:
    rank = rank_in(participant.ranking(offer.round), offer.workgroup_id)
    return (offer.round, offer.id, offer.workgroup_id, rank, True)


def _objective(problem: Problem, tally: Tally) -> Objective:
    """Weigh the counted outcomes; levels depend only on (has a ranking, rank, assigned)."""
    rank_counts = [0] * problem.longest_ranking
    unassigned = unranked = rank_cost = 0
    for (has_ranking, rank, assigned), count in tally.items():
        levels = problem.levels((None,) if has_ranking else (), rank, assigned)
        unassigned += levels.unassigned * count
        unranked += levels.unranked * count
        rank_cost += levels.rank_cost * count
        if rank:
            rank_counts[rank - 1] += count
    return Objective(unassigned, unranked, rank_cost, tuple(rank_counts))
