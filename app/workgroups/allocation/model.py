"""Plain input and output records of the allocator: no Flask, no database, no ORM objects."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, NamedTuple

ParticipantId = Hashable
OfferId = Hashable
WorkgroupId = Hashable
Mode = Literal["convex", "rank_maximal"]
TieBreak = Literal["lottery", "registration_time"]


class AllocationError(ValueError):
    """Input that cannot describe a real day: duplicate ids, unknown offers, overbooked locks."""


@dataclass(frozen=True, slots=True)
class Offer:
    """One workgroup run in one round, with the number of places it has."""

    id: OfferId
    round: int
    workgroup_id: WorkgroupId
    capacity: int

    def __post_init__(self) -> None:
        if not isinstance(self.capacity, int) or self.capacity < 0:
            raise AllocationError(f"offer {self.id!r}: capacity must be a whole number >= 0")


@dataclass(frozen=True)
class Participant:
    """A registration with its ranked workgroups per round (first choice first; empty = no preference)."""

    id: ParticipantId
    registered_at: datetime
    # Excluded from the hash because a mapping is not hashable; equality still compares it.
    preferences: Mapping[int, tuple[WorkgroupId, ...]] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        rankings = {int(round_number): tuple(ranking) for round_number, ranking in dict(self.preferences).items()}
        for round_number, ranking in rankings.items():
            if len(set(ranking)) != len(ranking):
                raise AllocationError(f"participant {self.id!r} ranks a workgroup twice in round {round_number}")
        # Our own copy with tuples, so later changes to the caller's dict cannot leak in. (A plain
        # dict rather than a read-only proxy, so records can still be pickled and deep-copied.)
        object.__setattr__(self, "preferences", rankings)

    def ranking(self, round_number: int) -> tuple[WorkgroupId, ...]:
        return self.preferences.get(round_number, ())


@dataclass(frozen=True, slots=True)
class FixedAssignment:
    """A manual or locked assignment: kept as it is and counted against the offer's capacity."""

    participant_id: ParticipantId
    round: int
    offer_id: OfferId


@dataclass(frozen=True)
class AllocationSettings:
    """How to weigh outcomes and how to break ties.

    rank_costs: cost of the 1st, 2nd, ... choice; None means rank r costs r**2 (1, 4, 9, ...).
    Ranks beyond a given tuple are extrapolated linearly from its last two entries.
    """

    mode: Mode = "convex"
    rank_costs: tuple[int, ...] | None = None
    tie_break: TieBreak = "lottery"
    seed: int = 0

    def __post_init__(self) -> None:
        if self.mode not in ("convex", "rank_maximal"):
            raise AllocationError(f"unknown mode {self.mode!r}")
        if self.tie_break not in ("lottery", "registration_time"):
            raise AllocationError(f"unknown tie_break {self.tie_break!r}")
        if self.rank_costs is not None:
            costs = tuple(self.rank_costs)
            # Integers keep the optimisation exact; non-decreasing keeps a better rank never dearer.
            if not costs or any(not isinstance(c, int) or c < 0 for c in costs):
                raise AllocationError("rank_costs must be non-negative whole numbers")
            if any(later < earlier for earlier, later in zip(costs, costs[1:])):
                raise AllocationError("rank_costs must not decrease with the rank")
            object.__setattr__(self, "rank_costs", costs)

    def rank_cost(self, rank: int) -> int:
        if self.rank_costs is None:
            return rank * rank
        costs = self.rank_costs
        if rank <= len(costs):
            return costs[rank - 1]
        step = max(1, costs[-1] - costs[-2]) if len(costs) > 1 else 1
        return costs[-1] + (rank - len(costs)) * step


class Assignment(NamedTuple):
    """One participant in one offer. A named tuple because results hold tens of thousands of them."""

    participant_id: ParticipantId
    round: int
    offer_id: OfferId
    workgroup_id: WorkgroupId
    rank: int | None  # 1 = first choice; None = not ranked or no preference given
    fixed: bool = False


class Objective(NamedTuple):
    """The figures the allocator optimises, from most to least important.

    rank_cost sums the rank cost over participant-rounds with preferences; such a participant-round
    without a ranked workgroup (unranked or unassigned) costs like one rank beyond the longest ranking.
    """

    unassigned: int
    unranked: int
    rank_cost: int
    rank_counts: tuple[int, ...]  # number of 1st, 2nd, ... choices

    def key(self, mode: Mode) -> tuple[int, int, int | tuple[int, ...]]:
        """Lexicographic key: smaller is better."""
        if mode == "rank_maximal":
            return (self.unassigned, self.unranked, tuple(-count for count in self.rank_counts))
        return (self.unassigned, self.unranked, self.rank_cost)


@dataclass(frozen=True)
class AllocationResult:
    method: Literal["optimal", "first_come_first_served"]
    settings: AllocationSettings
    rounds: tuple[int, ...]
    assignments: tuple[Assignment, ...]  # ordered by participant id, then round
    unassigned: tuple[tuple[ParticipantId, int], ...]  # (participant id, round)
    objective: Objective
    runtime_seconds: float
    participant_types: int  # size of the optimisation model; 0 for first come, first served
    solver: str  # "flow", "lp", "milp", "greedy" or "none"

    def by_participant(self) -> dict[ParticipantId, dict[int, Assignment]]:
        grouped: dict[ParticipantId, dict[int, Assignment]] = {}
        for assignment in self.assignments:
            grouped.setdefault(assignment.participant_id, {})[assignment.round] = assignment
        return grouped
