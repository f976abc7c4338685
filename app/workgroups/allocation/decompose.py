"""Split one type's counts per (round, workgroup) into individual programmes without repeats.

König's edge-colouring theorem: a bipartite multigraph with maximum degree d can be coloured with
d colours. We make the graph d-regular by adding a dummy "unassigned" column per round and a dummy
row per workgroup, then peel off perfect matchings (which exist in every regular bipartite
multigraph, by Hall's theorem). A matching taken with multiplicity m is m identical programmes,
so the work depends on the number of distinct (round, workgroup) pairs, not on the type's size.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .problem import order_key

Programme = dict[int, object]  # round -> workgroup id; a missing round means unassigned


def split_into_programmes(
    counts: Mapping[tuple[int, object], int], rounds: Sequence[int], size: int
) -> list[tuple[int, Programme]]:
    """Return (multiplicity, programme) pairs whose multiplicities add up to size."""
    if size == 0:
        return []
    if not rounds:  # every round locked by hand: nothing left to hand out
        return [(size, {})]
    workgroups = sorted({w for _, w in counts}, key=order_key)
    n_rounds, n_workgroups = len(rounds), len(workgroups)
    width = n_rounds + n_workgroups
    # Rows: the rounds, then one dummy per workgroup. Columns: the workgroups, then one dummy per round.
    weight = [[0] * width for _ in range(width)]
    row_of = {r: i for i, r in enumerate(rounds)}
    col_of = {w: j for j, w in enumerate(workgroups)}
    for (r, w), amount in counts.items():
        weight[row_of[r]][col_of[w]] += amount
    row_sums = [sum(weight[i][:n_workgroups]) for i in range(n_rounds)]
    col_sums = [sum(weight[i][j] for i in range(n_rounds)) for j in range(n_workgroups)]
    if max(row_sums + col_sums, default=0) > size:
        raise ValueError("counts give someone two workgroups in a round or a workgroup twice")
    for i in range(n_rounds):
        weight[i][n_workgroups + i] = size - row_sums[i]  # participants unassigned in round i
    for j in range(n_workgroups):
        weight[n_rounds + j][j] = size - col_sums[j]  # participants who never get workgroup j
    _fill_dummy_block(weight, n_rounds, n_workgroups, col_sums, row_sums)

    programmes = []
    match = _perfect_matching(weight, [-1] * width)
    left = size
    while left:
        multiplicity = min(weight[i][match[i]] for i in range(width))
        programmes.append(
            (multiplicity, {rounds[i]: workgroups[match[i]] for i in range(n_rounds) if match[i] < n_workgroups})
        )
        for i in range(width):
            weight[i][match[i]] -= multiplicity
        left -= multiplicity
        if left:
            # Keep the matched pairs that still have weight; repair only the ones that ran out.
            match = _perfect_matching(weight, [j if weight[i][j] else -1 for i, j in enumerate(match)])
    return programmes


def _fill_dummy_block(
    weight: list[list[int]], n_rounds: int, n_workgroups: int, row_needs: list[int], col_needs: list[int]
) -> None:
    """Top up dummy rows and dummy columns so every line sums to size (north-west corner rule)."""
    row_needs, col_needs = list(row_needs), list(col_needs)
    i = j = 0
    while i < n_workgroups and j < n_rounds:
        amount = min(row_needs[i], col_needs[j])
        weight[n_rounds + i][n_workgroups + j] += amount
        row_needs[i] -= amount
        col_needs[j] -= amount
        if row_needs[i] == 0:
            i += 1
        else:
            j += 1


def _perfect_matching(weight: list[list[int]], match: list[int]) -> list[int]:
    """Complete a partial row -> column matching on the positive entries (Kuhn's augmenting paths)."""
    width = len(weight)
    owner = [-1] * width
    for i, j in enumerate(match):
        if j >= 0:
            owner[j] = i

    def augment(i: int, seen: list[bool]) -> bool:
        for j in range(width):
            if weight[i][j] and not seen[j]:
                seen[j] = True
                if owner[j] < 0 or augment(owner[j], seen):
                    owner[j] = i
                    match[i] = j
                    return True
        return False

    for i in range(width):
        if match[i] < 0 and not augment(i, [False] * width):
            raise AssertionError("a regular bipartite multigraph always has a perfect matching")
    return match
