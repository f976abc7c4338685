"""Exact solver for days where a workgroup runs in several rounds: a small integer program on types.

Variables x[t, r, o]: how many participants of type t get offer o in round r. Constraints:
  (a) per type and round:      sum_o x[t, r, o]   <= size(t)   one workgroup per round each
  (b) per type and workgroup:  sum_r x[t, r, o_w] <= size(t)   nobody gets a workgroup twice
  (c) per offer:               sum_t x[t, r, o]   <= places left
Every individual assignment gives counts that satisfy (a)-(c). Conversely, counts that satisfy
them split into individuals without repeats: read a type's counts as a bipartite multigraph
between rounds and workgroups with maximum degree <= size(t); by König's edge-colouring theorem
its edges take size(t) colours so that no two edges of one colour share a round or a workgroup,
and each colour is one participant's programme (see decompose.py). So the integer program on
counts has exactly the optimum of the problem on individuals, while its size depends on the
number of types, not on the number of participants.

The lexicographic objective is solved in stages (fewest unassigned, fewest unranked, lowest rank
cost or most 1st/2nd/... choices, then the tie-break weights); after each stage its optimal value
is added as a constraint with integer coefficients, so no big-M weights and no rounding games.
The first two stages are usually skipped by guessing their bound (see _optimistic_values).
Each stage first solves the LP relaxation: an integral point that reaches the LP bound is optimal
for the integer program too. The matrix is not totally unimodular (three-index constraints), so
HiGHS sometimes returns a fractional vertex; see _solve_stage for the cheap repair and the full
MILP (zero gap) behind it. Every accepted point is rounded and checked against all constraints in
exact integer arithmetic.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_array, vstack

from .flow import Counts
from .problem import Problem, rank_in

Stage = str | int  # a level of the objective: "unassigned", ..., or the k of "most k-th choices"
Vector = NDArray[np.int64]


class _Model:
    """Variables, constraint rows and per-level objective coefficients of the integer program."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.keys: list[tuple[int, int, object]] = []  # (type index, round, offer id)
        upper: list[int] = []
        objectives: defaultdict[Stage, list[int]] = defaultdict(list)
        rows_per_type_round: defaultdict[tuple[int, int], list[int]] = defaultdict(list)
        rows_per_type_workgroup: defaultdict[tuple[int, Hashable], list[int]] = defaultdict(list)
        rows_per_offer: defaultdict[Hashable, list[int]] = defaultdict(list)
        for kind in problem.types:
            for r in kind.free_rounds:
                ranking = kind.rankings[r]
                empty = problem.levels(ranking, None, False)
                for offer in problem.offers_by_round[r]:
                    left = problem.remaining[offer.id]
                    if offer.workgroup_id in kind.forbidden or left == 0:
                        continue
                    column = len(self.keys)
                    self.keys.append((kind.index, r, offer.id))
                    upper.append(min(kind.size, left))
                    rank = rank_in(ranking, offer.workgroup_id)
                    levels = problem.levels(ranking, rank, True)
                    # Coefficients are relative to leaving the participant-round unassigned.
                    objectives["unassigned"].append(levels.unassigned - empty.unassigned)
                    objectives["unranked"].append(levels.unranked)
                    objectives["rank_cost"].append(levels.rank_cost - empty.rank_cost)
                    for k in range(1, problem.longest_ranking + 1):
                        objectives[k].append(-1 if rank == k and ranking else 0)
                    objectives["tie_break"].append(kind.weight * (levels.regret - empty.regret))
                    rows_per_type_round[kind.index, r].append(column)
                    rows_per_type_workgroup[kind.index, offer.workgroup_id].append(column)
                    rows_per_offer[offer.id].append(column)
        sizes = {kind.index: kind.size for kind in problem.types}
        rows: list[list[int]] = []
        limits: list[int] = []
        for (index, _), columns in rows_per_type_round.items():
            rows.append(columns)
            limits.append(sizes[index])
        for (index, _), columns in rows_per_type_workgroup.items():
            if len(columns) > 1:  # a workgroup in one round only is already covered by (a)
                rows.append(columns)
                limits.append(sizes[index])
        for offer_id, columns in rows_per_offer.items():
            rows.append(columns)
            limits.append(problem.remaining[offer_id])
        self.matrix = _sparse_rows(rows, len(self.keys))
        self.limits = np.array(limits, dtype=float)
        self.upper = np.array(upper, dtype=float)
        self.objectives = {name: np.array(values, dtype=np.int64) for name, values in objectives.items()}
        self.stage_rows: list[Vector] = []  # objective rows of the stages solved (or guessed) so far
        self.stage_limits: list[int] = []

    def stages(self) -> list[Stage]:
        middle: list[Stage]
        if self.problem.settings.mode == "rank_maximal":
            middle = list(range(1, self.problem.longest_ranking + 1))
        else:
            middle = ["rank_cost"]
        return ["unassigned", "unranked", *middle, "tie_break"]

    def is_feasible(self, x: Vector) -> bool:
        """Exact integer check of a rounded point, stage rows included."""
        if (x < 0).any() or (x > self.upper).any():
            return False
        if (self.matrix @ x > self.limits).any():
            return False
        return all(int(row @ x) <= limit for row, limit in zip(self.stage_rows, self.stage_limits))


class _Infeasible(Exception):
    """The stage constraints so far (with a guessed value among them) leave no integral point."""


def solve_with_integer_program(problem: Problem) -> tuple[Counts, str]:
    model = _Model(problem)
    if not model.keys:
        return {}, "none"
    guesses = _optimistic_values(model)
    # Try with every guess first, then drop guesses from the last one: a wrong guess costs one LP.
    for kept in range(len(guesses), -1, -1):
        try:
            x, method = _solve_stages(model, dict(guesses[:kept]))
            break
        except _Infeasible:
            if kept == 0:
                raise RuntimeError("the allocation model is infeasible, which should be impossible") from None
    counts: Counts = {}
    for (index, r, offer_id), amount in zip(model.keys, x.tolist()):
        if amount:
            counts.setdefault(index, {})[(r, offer_id)] = amount
    return counts, method


def _optimistic_values(model: _Model) -> list[tuple[Stage, int]]:
    """Cheap bounds for the first stages, which are usually attained.

    The degenerate first two LPs (count assigned, count unranked) are the slowest ones. Instead we
    add "assigned >= an upper bound" and "unranked <= 0" as stage rows straight away: if the later
    stages still find an integral point, the bounds are attained and therefore the optima.
    """
    problem = model.problem
    assigned = 0
    for r, offers in problem.offers_by_round.items():
        people = sum(kind.size for kind in problem.types if r in kind.free_rounds)
        assigned += min(people, sum(problem.remaining[offer.id] for offer in offers))
    return [("unassigned", -assigned), ("unranked", 0)]


def _solve_stages(model: _Model, guesses: dict[Stage, int]) -> tuple[Vector, str]:
    model.stage_rows, model.stage_limits = [], []
    methods = set()
    x: Vector | None = None
    for stage in model.stages():
        costs = model.objectives[stage]
        if stage in guesses:
            limit = guesses[stage]
        else:  # the last stage (tie-break) is never guessed, so x is always set
            x, method = _solve_stage(model, costs, previous=x if stage == "tie_break" else None)
            methods.add(method)
            limit = int(costs @ x)
        model.stage_rows.append(costs)
        model.stage_limits.append(limit)
    assert x is not None, "the last stage (tie-break) is never guessed"
    return x, max(methods, key=("lp", "lp+repair", "milp", "previous").index)


def _solve_stage(model: _Model, costs: Vector, previous: Vector | None = None) -> tuple[Vector, str]:
    """Minimise costs @ x over the current model; return an integral optimum and how it was found.

    The LP optimum, rounded up, is a lower bound for the integer optimum (costs are integers).
    Any feasible integral point that reaches it is optimal, so a fractional LP vertex is first
    repaired cheaply: keep its integral entries and let only the fractional ones move to their
    floor or ceiling (a tiny MILP). Only if that cannot reach the bound is the full MILP solved.

    The tie-break stage passes `previous`, an optimum of all real levels. Its objective reaches
    ~1e10, beyond what floating point can certify to the unit, and it only orders equally good
    solutions; so it takes the best point it can certify cheaply, and falls back to `previous`
    rather than run an unbounded MILP.
    """
    matrix, limits = _with_stage_rows(model)
    # scipy-stubs accept neither a sparse A_ub nor an (n, 2) bounds array; HiGHS takes both.
    relaxed = linprog(  # type: ignore[call-overload]
        costs,
        A_ub=matrix,
        b_ub=limits,
        bounds=np.column_stack([np.zeros_like(model.upper), model.upper]),
        method="highs",
    )
    if relaxed.status == 2:
        raise _Infeasible
    if relaxed.status != 0:
        raise RuntimeError(f"LP relaxation failed: {relaxed.message}")
    # Allow for floating-point noise; a lower bound that is too low only sends us to the MILP.
    noise = 1e-6 + 1e-9 * abs(relaxed.fun)
    bound = math.ceil(relaxed.fun - noise) if previous is None else relaxed.fun + noise
    x = np.rint(relaxed.x).astype(np.int64)
    if model.is_feasible(x) and costs @ x <= bound:
        return x, "lp"
    fractional = np.abs(relaxed.x - x) > 1e-6
    window = Bounds(np.where(fractional, np.floor(relaxed.x), x), np.where(fractional, np.ceil(relaxed.x), x))
    repaired = _integer_optimum(model, costs, matrix, limits, window)
    if repaired is not None and (costs @ repaired <= bound or previous is not None):
        return repaired, "lp+repair"
    if previous is not None:
        return previous, "previous"
    best = _integer_optimum(model, costs, matrix, limits, Bounds(0, model.upper), strict=True)
    assert best is not None, "strict: no optimum raises instead"
    return best, "milp"


def _integer_optimum(
    model: _Model, costs: Vector, matrix: csr_array, limits: NDArray[np.float64], bounds: Bounds, strict: bool = False
) -> Vector | None:
    """Optimal integral point within bounds; None if there is none, unless strict (then raise)."""
    result = milp(
        costs,
        constraints=LinearConstraint(matrix, -np.inf, limits),
        integrality=np.ones_like(costs),
        bounds=bounds,
        options={"mip_rel_gap": 0.0},
    )
    x = np.rint(result.x).astype(np.int64) if result.status == 0 else None
    if x is not None and model.is_feasible(x):
        return x
    if not strict:
        return None
    if result.status == 2:
        raise _Infeasible
    raise RuntimeError(f"integer program failed: {result.message}")


def _with_stage_rows(model: _Model) -> tuple[csr_array, NDArray[np.float64]]:
    if not model.stage_rows:
        return model.matrix, model.limits
    extra = csr_array(np.vstack(model.stage_rows).astype(float))
    return vstack([model.matrix, extra], format="csr"), np.concatenate(
        [model.limits, np.array(model.stage_limits, dtype=float)]
    )


def _sparse_rows(rows: list[list[int]], columns: int) -> csr_array:
    indptr = np.cumsum([0] + [len(row) for row in rows])
    indices = np.fromiter((c for row in rows for c in row), dtype=np.int64, count=int(indptr[-1]))
    return csr_array((np.ones(len(indices)), indices, indptr), shape=(len(rows), columns))
