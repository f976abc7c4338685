"""Per speaker and per workgroup across locations, and the overview of them all."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import date

from app.evaluation.results.figures import figure, ordered
from app.evaluation.results.records import (
    GENERAL,
    NUMERIC,
    Answer,
    Cell,
    Location,
    Overview,
    OverviewRow,
    Question,
    SubjectQuestion,
    SubjectResults,
    SubjectRow,
)

# --- per speaker and per workgroup across locations ------------------------------------


def speaker_results(
    questions: Sequence[Question],
    answers: Sequence[Answer],
    locations: Sequence[Location],
    names: Mapping[int, str] | None = None,
) -> tuple[SubjectResults, ...]:
    """Every answer about a speaker: their talks (introduction, practice) and the
    questions about them as a speaker, per location and overall."""
    return _subject_results(questions, answers, locations, "speaker", lambda a: a.speaker_id, names or {})


def workgroup_results(
    questions: Sequence[Question],
    answers: Sequence[Answer],
    locations: Sequence[Location],
    names: Mapping[int, str] | None = None,
) -> tuple[SubjectResults, ...]:
    return _subject_results(questions, answers, locations, "workgroup", lambda a: a.workgroup_id, names or {})


def _subject_results(
    questions: Sequence[Question],
    answers: Sequence[Answer],
    locations: Sequence[Location],
    kind: str,
    subject_of: Callable[[Answer], int | None],
    names: Mapping[int, str],
) -> tuple[SubjectResults, ...]:
    locations = sorted(locations, key=lambda loc: (loc.date or date.min, loc.city))
    cities = {loc.id: loc.city for loc in locations}
    by_question = {q.id: q for q in questions}
    grouped: dict[int, list[Answer]] = defaultdict(list)
    for answer in answers:
        subject = subject_of(answer)
        question = by_question.get(answer.question_id)
        if subject is None or question is None or question.scope == GENERAL or answer.location_id not in cities:
            continue
        grouped[subject].append(answer)
    result = []
    for subject, mine in grouped.items():
        name = names.get(subject) or _fallback_name(mine, kind)
        present = [loc for loc in locations if any(a.location_id == loc.id for a in mine)]
        blocks = []
        for question in ordered(questions):
            about = [a for a in mine if a.question_id == question.id]
            if not about:
                continue
            key = f"{kind}:{subject}"
            blocks.append(
                SubjectQuestion(
                    question=question,
                    overall=figure(question, about, key, name),
                    per_location=tuple(
                        SubjectRow(
                            loc.id, loc.city, figure(question, [a for a in about if a.location_id == loc.id], key, name)
                        )
                        for loc in present
                        if any(a.location_id == loc.id for a in about)
                    ),
                )
            )
        result.append(
            SubjectResults(
                key=f"{kind}:{subject}",
                name=name,
                locations=tuple(loc.city for loc in present),
                questions=tuple(blocks),
            )
        )
    return tuple(sorted(result, key=lambda s: s.name.casefold()))


def _fallback_name(answers: Sequence[Answer], kind: str) -> str:
    exact = [a.subject_label for a in answers if a.subject_key.startswith(f"{kind}:") and a.subject_label]
    return (exact or [a.subject_label for a in answers if a.subject_label] or ["?"])[0]


def overview(subjects: Sequence[SubjectResults]) -> Overview:
    questions: dict[int, Question] = {}
    for subject in subjects:
        for block in subject.questions:
            if block.question.kind in NUMERIC:
                questions.setdefault(block.question.id, block.question)
    in_order = tuple(ordered(questions.values()))
    rows = []
    for subject in subjects:
        by_question = {block.question.id: block.overall for block in subject.questions}
        cells = tuple(
            Cell(count=by_question[q.id].count, average=by_question[q.id].average) if q.id in by_question else Cell()
            for q in in_order
        )
        rows.append(OverviewRow(subject.key, subject.name, subject.locations, cells))
    return Overview(in_order, tuple(rows))
