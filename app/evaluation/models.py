"""The evaluation form of an edition, its questions, and the responses per location.

Anonymity: in an anonymous form a submitted response has no registration, no time stamp
and a random primary key, so neither a column nor an id order ties it to a person. The
only trace of the person is an EvaluationParticipation row (form, registration): the
fact that they answered, which prevents a second response and stops reminders.

Answers to generated per-item questions (a speaker, a contribution, a workgroup) keep a
snapshot of their subject (`subject_key`, `subject_label`, `speaker_id`, `workgroup_id`)
without foreign keys, so results stay readable when the programme changes afterwards.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    delete,
    event,
    select,
)
from sqlalchemy import false as sa_false
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.programme.models import Edition, LocationDay
from app.registration.models import Registration
from app.timeutil import utcnow


def _enum(kind: type[enum.Enum], length: int = 20) -> Enum:
    return Enum(kind, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class QuestionKind(enum.StrEnum):
    RATING = "rating"  # 1-5, shown with words (and smileys)
    MARK = "mark"  # rapportcijfer 1-10
    SINGLE = "single"  # one option
    MULTIPLE = "multiple"  # any number of options
    TEXT = "text"  # open answer

    @property
    def has_options(self) -> bool:
        return self in {QuestionKind.SINGLE, QuestionKind.MULTIPLE}

    @property
    def is_numeric(self) -> bool:
        return self in {QuestionKind.RATING, QuestionKind.MARK}

    @property
    def scale(self) -> tuple[int, ...]:
        if self == QuestionKind.RATING:
            return (1, 2, 3, 4, 5)
        if self == QuestionKind.MARK:
            return tuple(range(1, 11))
        return ()


class QuestionScope(enum.StrEnum):
    """What one question is asked about; all but GENERAL repeat per item of the location's programme."""

    GENERAL = "general"  # once
    INTRODUCTION = "introduction"  # per introduction talk at the location
    PRACTICE = "practice"  # per practice contribution at the location
    SPEAKER = "speaker"  # per speaker who spoke at the location
    WORKGROUP = "workgroup"  # per workgroup the participant attended


class Channel(enum.StrEnum):
    ONLINE = "online"
    PAPER = "paper"


class ResponseStatus(enum.StrEnum):
    DRAFT = "draft"  # saved to continue later; not counted
    SUBMITTED = "submitted"


class EvaluationForm(Model):
    """One form per edition; every location gets it with its own programme filled in."""

    __table_args__ = (CheckConstraint("days_open >= 1", name="days_open_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), unique=True)
    intro: Mapped[str] = mapped_column(Text, default="")
    anonymous: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa_true())
    smileys: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa_true())
    # Participants can answer from the location's day until this many days after it.
    days_open: Mapped[int] = mapped_column(Integer, default=21)
    published: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    created_at: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow())

    edition: Mapped[Edition] = relationship()
    questions: Mapped[list[EvaluationQuestion]] = relationship(
        back_populates="form", order_by="EvaluationQuestion.position", cascade="all, delete-orphan"
    )


class EvaluationQuestion(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("evaluation_form.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[QuestionKind] = mapped_column(_enum(QuestionKind))
    scope: Mapped[QuestionScope] = mapped_column(_enum(QuestionScope), default=QuestionScope.GENERAL)
    text: Mapped[str] = mapped_column(String(300))
    help: Mapped[str] = mapped_column(String(500), default="")
    # The organiser's English versions; None: English forms and reports show the Dutch.
    text_en: Mapped[str | None] = mapped_column(String(300))
    help_en: Mapped[str | None] = mapped_column(String(500))
    required: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # Single and multiple choice: one option per line.
    options: Mapped[str] = mapped_column(Text, default="")

    form: Mapped[EvaluationForm] = relationship(back_populates="questions")

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in (self.options or "").splitlines() if line.strip()]


def _random_id() -> str:
    return uuid.uuid4().hex


class EvaluationResponse(Model):
    """One filled-in form: online (from a participant) or paper (typed in by an organiser)."""

    __table_args__ = (UniqueConstraint("form_id", "registration_id"),)

    # Random, so the order of ids says nothing about who answered when.
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=_random_id)
    form_id: Mapped[int] = mapped_column(ForeignKey("evaluation_form.id", ondelete="CASCADE"), index=True)
    location_day_id: Mapped[int] = mapped_column(ForeignKey("location_day.id", ondelete="CASCADE"), index=True)
    # Empty for anonymous and paper responses.
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    channel: Mapped[Channel] = mapped_column(_enum(Channel), default=Channel.ONLINE)
    status: Mapped[ResponseStatus] = mapped_column(_enum(ResponseStatus), default=ResponseStatus.DRAFT)
    # Empty for anonymous responses (a moment could be matched with a person's visit).
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Paper forms: the number an organiser writes on the sheet, 1, 2, ... per location.
    paper_number: Mapped[int | None] = mapped_column(Integer)

    form: Mapped[EvaluationForm] = relationship()
    location_day: Mapped[LocationDay] = relationship()
    answers: Mapped[list[EvaluationAnswer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED


class EvaluationAnswer(Model):
    __table_args__ = (UniqueConstraint("response_id", "question_id", "subject_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[str] = mapped_column(ForeignKey("evaluation_response.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("evaluation_question.id", ondelete="CASCADE"), index=True)
    # "" for a general question; "contribution:12", "speaker:4" or "workgroup:3" otherwise.
    subject_key: Mapped[str] = mapped_column(String(40), default="")
    subject_label: Mapped[str] = mapped_column(String(400), default="")
    speaker_id: Mapped[int | None] = mapped_column(Integer)
    workgroup_id: Mapped[int | None] = mapped_column(Integer)
    number: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    choices: Mapped[list] = mapped_column(JSON, default=list)

    response: Mapped[EvaluationResponse] = relationship(back_populates="answers")


class EvaluationInvitation(Model):
    """Who was invited (and reminded) by mail; says nothing about their answers."""

    __table_args__ = (UniqueConstraint("form_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("evaluation_form.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    invited_at: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow())
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime)
    reminders: Mapped[int] = mapped_column(Integer, default=0)


class EvaluationParticipation(Model):
    """Anonymous forms only: the fact that a person answered, nothing else (no time, no id order)."""

    form_id: Mapped[int] = mapped_column(ForeignKey("evaluation_form.id", ondelete="CASCADE"), primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), primary_key=True, index=True
    )


@event.listens_for(Registration, "before_delete")
def _forget_evaluation_of(mapper, connection, registration) -> None:
    """Erasing a registration erases what the person filled in and every trace of them
    here (the foreign keys cascade on PostgreSQL; SQLite does not enforce them). Anonymous
    responses stay: nothing ties them to the person."""
    own = select(EvaluationResponse.id).where(EvaluationResponse.registration_id == registration.id)
    connection.execute(delete(EvaluationAnswer).where(EvaluationAnswer.response_id.in_(own)))
    connection.execute(delete(EvaluationResponse).where(EvaluationResponse.registration_id == registration.id))
    connection.execute(
        delete(EvaluationParticipation).where(EvaluationParticipation.registration_id == registration.id)
    )
    connection.execute(delete(EvaluationInvitation).where(EvaluationInvitation.registration_id == registration.id))
