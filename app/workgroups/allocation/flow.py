"""Exact solver for days where no workgroup runs twice: a min-cost flow over participant types.

Network: source -> (type, round) [capacity = type size] -> offer [capacity = type size, cost of
that rank] -> sink [capacity = places left], plus (type, round) -> "unassigned" -> sink. Flow
networks with integer capacities have integral optimal flows, so this is exact. The four levels
of the objective are packed into one integer cost per unit, each level scaled above the largest
possible total of the levels below it; Python integers make this exact at any size.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

import networkx as nx

from .model import WorkgroupId
from .problem import Levels, ParticipantType, Problem, rank_in

Counts = dict[int, dict[tuple[int, object], int]]  # type index -> {(round, offer id): participants}


def solve_with_flow(problem: Problem) -> Counts:
    units = sum(kind.size * len(kind.free_rounds) for kind in problem.types)
    if units == 0:
        return {}
    pack = _packer(problem, units)
    graph: nx.DiGraph[Hashable] = nx.DiGraph()
    graph.add_node("source", demand=-units)
    graph.add_node("sink", demand=units)
    graph.add_edge("unassigned", "sink", capacity=units, weight=0)
    for offers in problem.offers_by_round.values():
        for offer in offers:
            graph.add_edge(("offer", offer.id), "sink", capacity=problem.remaining[offer.id], weight=0)
    for kind in problem.types:
        for r in kind.free_rounds:
            node = ("type", kind.index, r)
            ranking = kind.rankings[r]
            graph.add_edge("source", node, capacity=kind.size, weight=0)
            graph.add_edge(node, "unassigned", capacity=kind.size, weight=pack(kind, ranking, None, False))
            for offer in problem.offers_by_round[r]:
                if offer.workgroup_id in kind.forbidden or problem.remaining[offer.id] == 0:
                    continue
                rank = rank_in(ranking, offer.workgroup_id)
                graph.add_edge(node, ("offer", offer.id), capacity=kind.size, weight=pack(kind, ranking, rank, True))
    _, flows = nx.network_simplex(graph)
    counts: Counts = {}
    for node, out in flows.items():
        if not (isinstance(node, tuple) and node[0] == "type"):
            continue
        _, index, r = node
        for target, amount in out.items():
            if amount and target != "unassigned":
                counts.setdefault(index, {})[(r, target[1])] = amount
    return counts


Packer = Callable[[ParticipantType, tuple[WorkgroupId, ...], int | None, bool], int]


def _packer(problem: Problem, units: int) -> Packer:
    """Return a function giving one integer cost per unit that orders solutions lexicographically."""
    settings = problem.settings
    longest = problem.longest_ranking
    base = units + 1  # more than any count of participant-rounds
    top: int = base**longest  # int ** int is a whole number here: the exponent is never negative

    def rank_level(levels: Levels, rank: int | None) -> int:
        if settings.mode == "convex":
            return levels.rank_cost
        # Rank-maximal: a k-th choice saves base**(longest-k); one more first choice outweighs
        # any number of second choices, and so on. Offset to keep every cost non-negative.
        below: int = base ** (longest - rank) if rank else 0  # rank <= longest: never negative
        return top - below

    top_rank_level = max(settings.rank_cost(longest + 1), 1) if settings.mode == "convex" else top
    top_tie_level = max(kind.weight for kind in problem.types) * problem.unassigned_regret
    # Each scale exceeds the largest total that all lower levels together can reach over all units.
    rank_scale = units * top_tie_level + 1
    unranked_scale = (units * top_rank_level + 1) * rank_scale
    unassigned_scale = (units + 1) * unranked_scale

    def pack(kind: ParticipantType, ranking: tuple[WorkgroupId, ...], rank: int | None, assigned: bool) -> int:
        levels = problem.levels(ranking, rank, assigned)
        return (
            levels.unassigned * unassigned_scale
            + levels.unranked * unranked_scale
            + rank_level(levels, rank) * rank_scale
            + kind.weight * levels.regret
        )

    return pack
