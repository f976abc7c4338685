"""One question's figures (count, average, distribution, open answers), the sections of
a form, participation per location, and the small rules they share."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from app.evaluation.results.records import (
    GENERAL,
    MULTIPLE,
    NUMERIC,
    SCALES,
    SINGLE,
    Answer,
    Bar,
    Figure,
    Location,
    Participation,
    Question,
    Response,
    Section,
    percent,
)

# --- figures --------------------------------------------------------------------------


def figure(question: Question, answers: Iterable[Answer], subject_key: str = "", subject: str = "") -> Figure:
    """Count, average, distribution and open answers of one question's answers."""
    answers = [a for a in answers if a.question_id == question.id and answered(question, a)]
    count = sum(a.weight for a in answers)
    average: float | None = None
    bars: tuple[Bar, ...] = ()
    open_answers: tuple[str, ...] = ()
    if question.kind in NUMERIC:
        per_value: defaultdict[int, int] = defaultdict(int)
        total = 0
        for answer in answers:
            if answer.number is not None:  # answered: all of them
                per_value[answer.number] += answer.weight
                total += answer.number * answer.weight
        average = total / count if count else None
        bars = tuple(
            Bar(str(value), per_value[value], percent(per_value[value], count)) for value in SCALES[question.kind]
        )
    elif question.kind in (SINGLE, MULTIPLE):
        per_option: defaultdict[str, int] = defaultdict(int)
        for answer in answers:
            for choice in chosen(question, answer):
                per_option[choice] += answer.weight
        # Options as the form lists them now, then any answered option that has since gone.
        labels = list(question.options) + sorted(set(per_option) - set(question.options), key=str.casefold)
        bars = tuple(Bar(label, per_option[label], percent(per_option[label], count)) for label in labels)
    else:
        texts = [a.text.strip() for a in answers for _ in range(a.weight)]
        open_answers = tuple(sorted(texts, key=str.casefold))
    return Figure(
        question_id=question.id,
        question=question.text,
        kind=question.kind,
        subject_key=subject_key,
        subject=subject,
        count=count,
        average=average,
        distribution=bars,
        open_answers=open_answers,
    )


def sections(questions: Sequence[Question], answers: Sequence[Answer]) -> tuple[Section, ...]:
    """Every question in form order, a figure per subject for generated questions."""
    by_question: dict[int, list[Answer]] = defaultdict(list)
    for answer in answers:
        by_question[answer.question_id].append(answer)
    result = []
    for question in ordered(questions):
        mine = by_question.get(question.id, [])
        figures: tuple[Figure, ...]
        if question.scope == GENERAL:
            figures = (figure(question, mine),)
        else:
            subjects = _subjects(mine)
            figures = tuple(
                figure(question, [a for a in mine if a.subject_key == key], key, label) for key, label in subjects
            )
        result.append(Section(question, figures))
    return tuple(result)


def participation(location: Location, responses: Iterable[Response]) -> Participation:
    mine = [r for r in responses if r.location_id == location.id]
    paper = sum(r.weight for r in mine if r.channel == "paper")
    count = sum(r.weight for r in mine)
    return Participation(
        location_id=location.id,
        city=location.city,
        registered=location.registered,
        present=location.present,
        invited=location.invited,
        responses=count,
        online=count - paper,
        paper=paper,
    )


def total_participation(parts: Sequence[Participation], label: str = "Totaal") -> Participation:
    return Participation(
        location_id=None,
        city=label,
        registered=sum(p.registered for p in parts),
        present=sum(p.present for p in parts),
        invited=sum(p.invited for p in parts),
        responses=sum(p.responses for p in parts),
        online=sum(p.online for p in parts),
        paper=sum(p.paper for p in parts),
        rated_responses=sum(p.responses for p in parts if p.present),
    )


# --- helpers --------------------------------------------------------------------------


def ordered(questions: Iterable[Question]) -> list[Question]:
    return sorted(questions, key=lambda q: (q.position, q.id))


def answered(question: Question, answer: Answer) -> bool:
    if question.kind in NUMERIC:
        return answer.number is not None and answer.number in SCALES[question.kind]
    if question.kind in (SINGLE, MULTIPLE):
        return bool(chosen(question, answer))
    return bool(answer.text.strip())


def chosen(question: Question, answer: Answer) -> tuple[str, ...]:
    if question.kind == SINGLE:
        return (answer.text,) if answer.text else ()
    return tuple(dict.fromkeys(c for c in answer.choices if c))


def _subjects(answers: Iterable[Answer]) -> list[tuple[str, str]]:
    labels: dict[str, str] = {}
    for answer in answers:
        labels.setdefault(answer.subject_key, answer.subject_label)
    return sorted(labels.items(), key=lambda item: (item[1].casefold(), item[0]))
