"""Quality figures of an allocation, for organisers and for comparing with first come, first served."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, replace

import networkx as nx

from .allocator import allocate, allocate_first_come_first_served
from .model import (
    AllocationResult,
    AllocationSettings,
    FixedAssignment,
    Offer,
    Participant,
    ParticipantId,
    WorkgroupId,
)
from .problem import build_problem, order_key

# How many workgroups a participant ranks per round on the registration form; an unchosen
# workgroup counts as one rank worse than the last of them (or of the longest ranking given).
CHOICES_ASKED = 3


@dataclass(frozen=True)
class OfferFigures:
    offer_id: object
    round: int
    workgroup_id: WorkgroupId
    capacity: int
    first_choice_demand: int  # participants who rank this workgroup first in this round
    assigned: int

    @property
    def fill(self) -> float:
        return self.assigned / self.capacity if self.capacity else 0.0


@dataclass(frozen=True)
class OutcomeCounts:
    """How participant-rounds ended up; the categories add up to participant_rounds."""

    participant_rounds: int
    rank_counts: Mapping[int, int]  # rank (1 = first choice) -> count
    unranked: int  # got a workgroup they did not rank
    no_preference: int  # gave no preference and got a workgroup
    unassigned: int  # no workgroup (with or without preferences)
    # The rank an unchosen workgroup counts as in the average: one worse than the last choice.
    unchosen_rank: int = CHOICES_ASKED + 1

    def share(self, count: int) -> float:
        return count / self.participant_rounds if self.participant_rounds else 0.0

    def rank_share(self, rank: int) -> float:
        return self.share(self.rank_counts.get(rank, 0))

    @property
    def average_rank(self) -> float | None:
        """Average choice over every participant-round placed in a workgroup they could rank:
        a ranked workgroup counts as its rank, an unchosen one as `unchosen_rank`. Leaving the
        unchosen ones out would flatter a method that puts people where they did not want to be.
        Participants without preferences had no choice to honour and are not counted; None
        when nobody is counted."""
        ranked = sum(self.rank_counts.values())
        counted = ranked + self.unranked
        if not counted:
            return None
        total = sum(rank * count for rank, count in self.rank_counts.items()) + self.unranked * self.unchosen_rank
        return total / counted


@dataclass(frozen=True)
class RoundFigures:
    round: int
    outcome: OutcomeCounts


@dataclass(frozen=True)
class QualityReport:
    method: str
    seed: int
    settings: AllocationSettings
    runtime_seconds: float
    outcome: OutcomeCounts
    first_choices: int
    first_choices_max: int  # most first choices the places allow (locked assignments kept)
    offers: tuple[OfferFigures, ...]
    rounds: tuple[RoundFigures, ...]
    unranked_participants: tuple[ParticipantId, ...]
    unassigned_participants: tuple[ParticipantId, ...]
    repeat_count: int  # participant got a workgroup twice: must be 0

    @property
    def average_rank(self) -> float | None:
        return self.outcome.average_rank

    def summary(self) -> dict[str, float]:
        """Flat, machine-readable shares for tables and logs."""
        figures = {f"rank_{rank}": self.outcome.rank_share(rank) for rank in sorted(self.outcome.rank_counts)}
        figures |= {
            "unranked": self.outcome.share(self.outcome.unranked),
            "unassigned": self.outcome.share(self.outcome.unassigned),
            "no_preference": self.outcome.share(self.outcome.no_preference),
        }
        return figures


@dataclass(frozen=True)
class AllocationComparison:
    optimal: QualityReport
    first_come_first_served: QualityReport


def quality_report(
    result: AllocationResult, participants: Iterable[Participant], offers: Iterable[Offer]
) -> QualityReport:
    participants, offers = list(participants), list(offers)
    by_id = {p.id: p for p in participants}
    rounds = result.rounds
    unchosen_rank = max([CHOICES_ASKED, *(len(p.ranking(r)) for p in participants for r in rounds)]) + 1
    per_round = {r: replace(_outcome(result, by_id, r), unchosen_rank=unchosen_rank) for r in rounds}
    outcome = _merge(list(per_round.values()))
    assigned = Counter(a.offer_id for a in result.assignments)
    first_demand = Counter((r, p.ranking(r)[0]) for p in participants for r in rounds if p.ranking(r))
    offer_figures = tuple(
        OfferFigures(o.id, o.round, o.workgroup_id, o.capacity, first_demand[o.round, o.workgroup_id], assigned[o.id])
        for o in sorted(offers, key=lambda o: (o.round, order_key(o.workgroup_id)))
    )
    fixed = [FixedAssignment(a.participant_id, a.round, a.offer_id) for a in result.assignments if a.fixed]
    unranked_ids = {
        a.participant_id for a in result.assignments if a.rank is None and by_id[a.participant_id].ranking(a.round)
    }
    return QualityReport(
        method=result.method,
        seed=result.settings.seed,
        settings=result.settings,
        runtime_seconds=result.runtime_seconds,
        outcome=outcome,
        first_choices=outcome.rank_counts.get(1, 0),
        first_choices_max=max_first_choices(participants, offers, fixed),
        offers=offer_figures,
        rounds=tuple(RoundFigures(r, per_round[r]) for r in rounds),
        unranked_participants=tuple(sorted(unranked_ids, key=order_key)),
        unassigned_participants=tuple(sorted({pid for pid, _ in result.unassigned}, key=order_key)),
        repeat_count=count_repeats(result),
    )


def compare_with_first_come_first_served(
    participants: Iterable[Participant],
    offers: Iterable[Offer],
    settings: AllocationSettings | None = None,
    fixed: Iterable[FixedAssignment] = (),
) -> AllocationComparison:
    participants, offers, fixed = list(participants), list(offers), list(fixed)
    optimal = allocate(participants, offers, settings, fixed)
    baseline = allocate_first_come_first_served(participants, offers, fixed, settings)
    return AllocationComparison(
        optimal=quality_report(optimal, participants, offers),
        first_come_first_served=quality_report(baseline, participants, offers),
    )


def count_repeats(result: AllocationResult) -> int:
    seen = Counter((a.participant_id, a.workgroup_id) for a in result.assignments)
    return sum(count - 1 for count in seen.values())


def max_first_choices(
    participants: Iterable[Participant], offers: Iterable[Offer], fixed: Iterable[FixedAssignment] = ()
) -> int:
    """Exact maximum number of first choices the places allow, ignoring every other goal.

    Max-flow: source -> (group, workgroup) [group size] -> (round, workgroup) -> sink [places left].
    A group is participants with the same first choice per free round and the same locked
    workgroups. A participant wants at most one workgroup per round (the first choice), so the only
    coupling is "the same workgroup at most once", which the (group, workgroup) node caps.
    """
    problem = build_problem(participants, offers, fixed, AllocationSettings(), with_priority=False)
    offered = {(o.round, o.workgroup_id): o for per_round in problem.offers_by_round.values() for o in per_round}
    groups: Counter[tuple[tuple[int, WorkgroupId], ...]] = Counter()
    locked_first = 0
    for participant in problem.participants:
        locked = problem.fixed.get(participant.id, {})
        forbidden = frozenset(o.workgroup_id for o in locked.values())
        wanted: list[tuple[int, WorkgroupId]] = []
        for r in problem.rounds:
            ranking = participant.ranking(r)
            if not ranking:
                continue
            if r in locked:
                locked_first += locked[r].workgroup_id == ranking[0]
            elif (r, ranking[0]) in offered and ranking[0] not in forbidden:
                wanted.append((r, ranking[0]))
        if wanted:
            groups[tuple(wanted)] += 1
    graph: nx.DiGraph[Hashable] = nx.DiGraph()
    for key, (wishes, size) in enumerate(groups.items()):
        for r, workgroup_id in wishes:
            graph.add_edge("source", ("group", key, workgroup_id), capacity=size)
            graph.add_edge(("group", key, workgroup_id), ("offer", r, workgroup_id))
    for (r, workgroup_id), offer in offered.items():
        graph.add_edge(("offer", r, workgroup_id), "sink", capacity=problem.remaining[offer.id])
    if "source" not in graph:
        return locked_first
    return locked_first + int(nx.maximum_flow_value(graph, "source", "sink"))  # whole capacities: a whole flow


def _outcome(
    result: AllocationResult, participants: Mapping[ParticipantId, Participant], round_number: int
) -> OutcomeCounts:
    ranks: Counter[int] = Counter()
    unranked = no_preference = 0
    for a in result.assignments:
        if a.round != round_number:
            continue
        if a.rank is not None:
            ranks[a.rank] += 1
        elif participants[a.participant_id].ranking(round_number):
            unranked += 1
        else:
            no_preference += 1
    unassigned = sum(1 for _, r in result.unassigned if r == round_number)
    total = sum(ranks.values()) + unranked + no_preference + unassigned
    return OutcomeCounts(total, dict(sorted(ranks.items())), unranked, no_preference, unassigned)


def _merge(outcomes: list[OutcomeCounts]) -> OutcomeCounts:
    ranks: Counter[int] = Counter()
    for outcome in outcomes:
        ranks.update(outcome.rank_counts)
    return OutcomeCounts(
        participant_rounds=sum(o.participant_rounds for o in outcomes),
        rank_counts=dict(sorted(ranks.items())),
        unranked=sum(o.unranked for o in outcomes),
        no_preference=sum(o.no_preference for o in outcomes),
        unassigned=sum(o.unassigned for o in outcomes),
        unchosen_rank=max((o.unchosen_rank for o in outcomes), default=CHOICES_ASKED + 1),
    )
