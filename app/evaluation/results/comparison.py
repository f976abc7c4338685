"""The locations side by side: participation, then every rating, mark and choice question."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from app.evaluation.results.figures import answered, figure, ordered, participation, total_participation
from app.evaluation.results.records import (
    NUMERIC,
    TEXT,
    Answer,
    Cell,
    ComparisonRow,
    EditionComparison,
    Figure,
    Location,
    Question,
    Response,
)

# --- the locations side by side -------------------------------------------------------


def edition_comparison(
    questions: Sequence[Question],
    answers: Sequence[Answer],
    responses: Sequence[Response],
    locations: Sequence[Location],
    total_label: str = "Totaal",
) -> EditionComparison:
    """Per location and overall: participation, then each rating and mark question (a
    generated question averaged over all its subjects) and each choice option."""
    locations = tuple(sorted(locations, key=lambda loc: (loc.date or date.min, loc.city)))
    location_ids = {loc.id for loc in locations}
    counted = {r.id for r in responses if r.location_id in location_ids}
    answers = [a for a in answers if a.response_id in counted]
    parts = tuple(participation(loc, responses) for loc in locations)
    rows: list[ComparisonRow] = []
    for question in ordered(questions):
        if question.kind == TEXT:
            continue
        mine = [a for a in answers if a.question_id == question.id and answered(question, a)]
        per_location: dict[int, list[Answer]] = {loc.id: [] for loc in locations}
        for answer in mine:
            if answer.location_id in per_location:
                per_location[answer.location_id].append(answer)
        if question.kind in NUMERIC:
            rows.append(
                ComparisonRow(
                    question_id=question.id,
                    label=question.text,
                    kind=question.kind,
                    cells=tuple(_numeric_cell(per_location[loc.id]) for loc in locations),
                    overall=_numeric_cell(mine),
                )
            )
            continue
        overall = figure(question, mine)
        figures = {loc.id: figure(question, per_location[loc.id]) for loc in locations}
        for index, bar in enumerate(overall.distribution):
            rows.append(
                ComparisonRow(
                    question_id=question.id,
                    label=question.text,
                    kind=question.kind,
                    option=bar.label,
                    cells=tuple(_option_cell(figures[loc.id], bar.label) for loc in locations),
                    overall=Cell(
                        count=overall.distribution[index].count, percent=bar.percent if overall.count else None
                    ),
                )
            )
    return EditionComparison(
        locations=locations,
        participation=parts,
        total=total_participation(parts, total_label),
        rows=tuple(rows),
    )


def _numeric_cell(answers: Sequence[Answer]) -> Cell:
    counted = [a for a in answers if a.number is not None]
    count = sum(a.weight for a in counted)
    total = sum(a.number * a.weight for a in counted if a.number is not None)
    return Cell(count=count, average=total / count if count else None)


def _option_cell(fig: Figure, label: str) -> Cell:
    bar = next((b for b in fig.distribution if b.label == label), None)
    if bar is None or not fig.count:
        return Cell(count=0, percent=None)
    return Cell(count=bar.count, percent=bar.percent)
