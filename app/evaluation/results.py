"""Evaluation figures from plain rows: a pure module (no Flask, no SQLAlchemy).

The service layer turns stored questions, answers and counts into the plain records
below; these functions compute response rates, averages, distributions, open answers,
per-speaker and per-workgroup figures across locations, and the locations side by side.
The organiser pages, the XLSX/CSV exports and the PDF report all read the same results.

Only submitted responses belong in the input; drafts are never counted.

    results.location_results(questions, answers, responses, location)
    results.edition_results(questions, answers, responses, locations, speaker_names, workgroup_names)
    results.edition_comparison(questions, answers, responses, locations)
    results.speaker_results(...), results.workgroup_results(...), results.overview(subjects)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

RATING = "rating"
MARK = "mark"
SINGLE = "single"
MULTIPLE = "multiple"
TEXT = "text"
NUMERIC = (RATING, MARK)
SCALES = {RATING: tuple(range(1, 6)), MARK: tuple(range(1, 11))}

GENERAL = "general"


# --- input ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    id: int
    position: int
    kind: str  # rating | mark | single | multiple | text
    scope: str  # general | introduction | practice | speaker | workgroup
    text: str
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Response:
    id: str
    location_id: int
    channel: str  # online | paper


@dataclass(frozen=True)
class Answer:
    response_id: str
    location_id: int
    question_id: int
    subject_key: str = ""
    subject_label: str = ""
    speaker_id: int | None = None
    workgroup_id: int | None = None
    number: int | None = None
    text: str = ""
    choices: tuple[str, ...] = ()
    channel: str = "online"


@dataclass(frozen=True)
class Location:
    id: int
    city: str
    date: date | None = None
    registered: int = 0  # confirmed registrations
    present: int = 0  # checked in
    invited: int = 0


# --- output ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One value of a distribution: a scale point or a choice option."""

    label: str
    count: int
    percent: float  # of the people who answered the question


@dataclass(frozen=True)
class Figure:
    """The figures of one question, about one subject (or generally)."""

    question_id: int
    question: str
    kind: str
    subject_key: str = ""
    subject: str = ""
    count: int = 0  # people who answered
    average: float | None = None  # rating and mark only
    distribution: tuple[Bar, ...] = ()
    open_answers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """A question of the form with its figures: one for a general question, one per
    subject (speaker, contribution, workgroup) for a generated one."""

    question: Question
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class Participation:
    location_id: int | None  # None: the whole edition
    city: str
    registered: int
    present: int
    invited: int
    responses: int
    online: int
    paper: int

    @property
    def response_rate(self) -> float | None:
        """Responses as a percentage of the people present (None when nobody was checked in)."""
        return _percent(self.responses, self.present) if self.present else None

    @property
    def rate_of_registered(self) -> float | None:
        return _percent(self.responses, self.registered) if self.registered else None


@dataclass(frozen=True)
class LocationResults:
    location: Location
    participation: Participation
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Cell:
    count: int = 0
    average: float | None = None
    percent: float | None = None


@dataclass(frozen=True)
class ComparisonRow:
    question_id: int
    label: str
    kind: str
    option: str = ""  # choice questions: one row per option
    cells: tuple[Cell, ...] = ()  # in the order of the comparison's locations
    overall: Cell = field(default_factory=Cell)


@dataclass(frozen=True)
class EditionComparison:
    locations: tuple[Location, ...]
    participation: tuple[Participation, ...]
    total: Participation
    rows: tuple[ComparisonRow, ...]


@dataclass(frozen=True)
class SubjectRow:
    location_id: int
    city: str
    figure: Figure


@dataclass(frozen=True)
class SubjectQuestion:
    """One question about a speaker or workgroup: overall and per location."""

    question: Question
    overall: Figure
    per_location: tuple[SubjectRow, ...]


@dataclass(frozen=True)
class SubjectResults:
    """A speaker or a workgroup across every location where they appeared."""

    key: str  # "speaker:4" / "workgroup:3"
    name: str
    locations: tuple[str, ...]  # cities, in date order
    questions: tuple[SubjectQuestion, ...]


@dataclass(frozen=True)
class EditionResults:
    participation: tuple[Participation, ...]
    total: Participation
    sections: tuple[Section, ...]
    comparison: EditionComparison
    speakers: tuple[SubjectResults, ...]
    workgroups: tuple[SubjectResults, ...]


# --- figures --------------------------------------------------------------------------


def figure(question: Question, answers: Iterable[Answer], subject_key: str = "", subject: str = "") -> Figure:
    """Count, average, distribution and open answers of one question's answers."""
    answers = [a for a in answers if a.question_id == question.id and _answered(question, a)]
    count = len(answers)
    average = None
    bars: tuple[Bar, ...] = ()
    open_answers: tuple[str, ...] = ()
    if question.kind in NUMERIC:
        numbers = [a.number for a in answers]
        average = sum(numbers) / count if count else None
        tally = defaultdict(int)
        for number in numbers:
            tally[number] += 1
        bars = tuple(Bar(str(value), tally[value], _percent(tally[value], count)) for value in SCALES[question.kind])
    elif question.kind in (SINGLE, MULTIPLE):
        tally = defaultdict(int)
        for answer in answers:
            for choice in _chosen(question, answer):
                tally[choice] += 1
        # Options as the form lists them now, then any answered option that has since gone.
        labels = list(question.options) + sorted(set(tally) - set(question.options), key=str.casefold)
        bars = tuple(Bar(label, tally[label], _percent(tally[label], count)) for label in labels)
    else:
        open_answers = tuple(sorted((a.text.strip() for a in answers), key=str.casefold))
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
    for question in _ordered(questions):
        mine = by_question.get(question.id, [])
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
    paper = sum(1 for r in mine if r.channel == "paper")
    return Participation(
        location_id=location.id,
        city=location.city,
        registered=location.registered,
        present=location.present,
        invited=location.invited,
        responses=len(mine),
        online=len(mine) - paper,
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
    )


# --- per location ---------------------------------------------------------------------


def location_results(
    questions: Sequence[Question],
    answers: Sequence[Answer],
    responses: Sequence[Response],
    location: Location,
) -> LocationResults:
    counted = {r.id for r in responses if r.location_id == location.id}
    mine = [a for a in answers if a.location_id == location.id and a.response_id in counted]
    return LocationResults(
        location=location,
        participation=participation(location, responses),
        sections=sections(questions, mine),
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
    for question in _ordered(questions):
        if question.kind == TEXT:
            continue
        mine = [a for a in answers if a.question_id == question.id and _answered(question, a)]
        per_location = {loc.id: [a for a in mine if a.location_id == loc.id] for loc in locations}
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
    numbers = [a.number for a in answers if a.number is not None]
    return Cell(count=len(numbers), average=sum(numbers) / len(numbers) if numbers else None)


def _option_cell(fig: Figure, label: str) -> Cell:
    bar = next((b for b in fig.distribution if b.label == label), None)
    if bar is None or not fig.count:
        return Cell(count=0, percent=None)
    return Cell(count=bar.count, percent=bar.percent)


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


def _subject_results(questions, answers, locations, kind, subject_of, names) -> tuple[SubjectResults, ...]:
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
        for question in _ordered(questions):
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


@dataclass(frozen=True)
class OverviewRow:
    key: str
    name: str
    locations: tuple[str, ...]
    cells: tuple[Cell, ...]  # one per overview question; empty Cell() where it was not asked


@dataclass(frozen=True)
class Overview:
    """Speakers (or workgroups) at a glance: one row each, the average per rating question."""

    questions: tuple[Question, ...]
    rows: tuple[OverviewRow, ...]


def overview(subjects: Sequence[SubjectResults]) -> Overview:
    questions: dict[int, Question] = {}
    for subject in subjects:
        for block in subject.questions:
            if block.question.kind in NUMERIC:
                questions.setdefault(block.question.id, block.question)
    ordered = tuple(_ordered(questions.values()))
    rows = []
    for subject in subjects:
        by_question = {block.question.id: block.overall for block in subject.questions}
        cells = tuple(
            Cell(count=by_question[q.id].count, average=by_question[q.id].average) if q.id in by_question else Cell()
            for q in ordered
        )
        rows.append(OverviewRow(subject.key, subject.name, subject.locations, cells))
    return Overview(ordered, tuple(rows))


# --- the edition ----------------------------------------------------------------------


def edition_results(
    questions: Sequence[Question],
    answers: Sequence[Answer],
    responses: Sequence[Response],
    locations: Sequence[Location],
    speaker_names: Mapping[int, str] | None = None,
    workgroup_names: Mapping[int, str] | None = None,
    total_label: str = "Totaal",
) -> EditionResults:
    """Everything over the given locations (a coordinator passes only their own)."""
    comparison = edition_comparison(questions, answers, responses, locations, total_label)
    location_ids = {loc.id for loc in locations}
    counted = {r.id for r in responses if r.location_id in location_ids}
    answers = [a for a in answers if a.response_id in counted]
    return EditionResults(
        participation=comparison.participation,
        total=comparison.total,
        sections=sections(questions, answers),
        comparison=comparison,
        speakers=speaker_results(questions, answers, locations, speaker_names),
        workgroups=workgroup_results(questions, answers, locations, workgroup_names),
    )


# --- helpers --------------------------------------------------------------------------


def _ordered(questions: Iterable[Question]) -> list[Question]:
    return sorted(questions, key=lambda q: (q.position, q.id))


def _answered(question: Question, answer: Answer) -> bool:
    if question.kind in NUMERIC:
        return answer.number is not None and answer.number in SCALES[question.kind]
    if question.kind in (SINGLE, MULTIPLE):
        return bool(_chosen(question, answer))
    return bool(answer.text.strip())


def _chosen(question: Question, answer: Answer) -> tuple[str, ...]:
    if question.kind == SINGLE:
        return (answer.text,) if answer.text else ()
    return tuple(dict.fromkeys(c for c in answer.choices if c))


def _subjects(answers: Iterable[Answer]) -> list[tuple[str, str]]:
    labels: dict[str, str] = {}
    for answer in answers:
        labels.setdefault(answer.subject_key, answer.subject_label)
    return sorted(labels.items(), key=lambda item: (item[1].casefold(), item[0]))


def _percent(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0
