"""Pure workgroup allocation core: who goes to which workgroup in each round of an alliance day.

No Flask, no database: callers pass plain records (Offer, Participant, FixedAssignment) and get
plain records back. How it stays exact and fast:

* Participants with the same rankings and the same locked rounds form one type; the model is
  built per type, so its size does not grow with the number of participants (problem.py).
* Days where no workgroup runs twice are a min-cost flow with integer costs (flow.py).
* Days where a workgroup runs in several rounds couple the rounds ("never the same workgroup
  twice"); they are solved jointly as a small integer program on per-type counts, which König's
  edge-colouring theorem splits into individual programmes without repeats (integer_program.py,
  decompose.py).
* Ties are broken by a seeded lottery or by registration time, never by input order: the model
  is built in canonical id order, types are weighted by their best-placed member, and inside a
  type the best programmes go to the best-placed members.
"""

from .allocator import allocate, allocate_first_come_first_served
from .model import (
    AllocationError,
    AllocationResult,
    AllocationSettings,
    Assignment,
    FixedAssignment,
    Mode,
    Objective,
    Offer,
    Participant,
    TieBreak,
)
from .proposal import WorkgroupAdvice, WorkgroupProposal, propose_workgroups
from .report import (
    AllocationComparison,
    OfferFigures,
    OutcomeCounts,
    QualityReport,
    RoundFigures,
    compare_with_first_come_first_served,
    count_repeats,
    max_first_choices,
    quality_report,
)

__all__ = [
    "AllocationComparison",
    "AllocationError",
    "AllocationResult",
    "AllocationSettings",
    "Assignment",
    "FixedAssignment",
    "Objective",
    "Offer",
    "OfferFigures",
    "OutcomeCounts",
    "Participant",
    "QualityReport",
    "RoundFigures",
    "WorkgroupAdvice",
    "WorkgroupProposal",
    "allocate",
    "allocate_first_come_first_served",
    "compare_with_first_come_first_served",
    "count_repeats",
    "max_first_choices",
    "propose_workgroups",
    "quality_report",
    "Mode",
    "TieBreak",
]
