"""The plain records of the evaluation results: the rows the service layer passes in
(questions, responses, answers, locations) and the figures computed from them."""

from __future__ import annotations

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
    """A submitted response, or `weight` of them alike (the service layer counts them in SQL)."""

    id: str
    location_id: int
    channel: str  # online | paper
    weight: int = 1


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
    weight: int = 1  # this many identical answers (grouped in SQL), counted as that many


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
    # The responses the rate counts: for a total, only those of days that used check-in
    # (responses of a day without check-in have no base). None: all of `responses`.
    rated_responses: int | None = None

    @property
    def response_rate(self) -> float | None:
        """Responses as a percentage of the people checked in, over the days that used
        check-in; None when nobody was checked in (the base is missing, not zero)."""
        counted = self.responses if self.rated_responses is None else self.rated_responses
        return percent(counted, self.present) if self.present else None

    @property
    def rate_of_registered(self) -> float | None:
        return percent(self.responses, self.registered) if self.registered else None


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


def percent(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0
