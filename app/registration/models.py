"""Registrations for a location day, their workgroup preferences and the editable list
of organisation kinds."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.programme.models import Edition, LocationDay
from app.timeutil import utcnow
from app.workgroups.models import Workgroup


def _enum(kind: type[enum.Enum], length: int = 20) -> Enum:
    return Enum(kind, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class Status(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITING = "waiting"
    CANCELLED = "cancelled"


class Source(enum.StrEnum):
    ONLINE = "online"
    MANUAL = "manual"  # phone or paper, entered by an organiser
    WALK_IN = "walk_in"  # registered at the door on the day


class OrganisationKind(Model):
    """The edition's list of kinds of organisation, edited by the organiser."""

    __table_args__ = (UniqueConstraint("edition_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str | None] = mapped_column(String(120))  # None: English pages show the Dutch name
    position: Mapped[int] = mapped_column(Integer, default=0)

    edition: Mapped[Edition] = relationship()


class Registration(Model):
    __table_args__ = (
        # One person, one registration per location.
        UniqueConstraint("location_day_id", "email_normalised"),
        # The waiting list is read in this order.
        Index("ix_registration_queue", "location_day_id", "status", "waiting_since", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    location_day_id: Mapped[int] = mapped_column(ForeignKey("location_day.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # Online registrations always have an e-mail address; phone, paper and walk-in ones may not.
    email: Mapped[str | None] = mapped_column(String(254))
    email_normalised: Mapped[str | None] = mapped_column(String(254))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    organisation_kind_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation_kind.id", ondelete="SET NULL"), index=True
    )
    municipality: Mapped[str] = mapped_column(String(120), default="")
    needs: Mapped[str] = mapped_column(Text, default="")  # anything else the person needs
    # Needs that decide where someone can sit: shown where rooms and workgroups are chosen.
    needs_step_free: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    needs_hearing_loop: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    diet: Mapped[str] = mapped_column(String(200), default="", server_default="")
    consent_at: Mapped[datetime | None] = mapped_column(DateTime)
    # May the person be photographed for the website? None: not answered (so: no).
    photo_consent: Mapped[bool | None] = mapped_column(Boolean)
    photo_consent_at: Mapped[datetime | None] = mapped_column(DateTime)  # the last answer
    language: Mapped[str] = mapped_column(String(5), default="nl")
    status: Mapped[Status] = mapped_column(_enum(Status))
    source: Mapped[Source] = mapped_column(_enum(Source), default=Source.ONLINE)
    # Random part of the personal link, which is itsdangerous-signed (id, nonce); a new
    # nonce revokes every earlier link. See app/registration/links.py.
    link_nonce: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow())
    # Place in the queue: the waiting list is ordered by (waiting_since, id).
    waiting_since: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow())
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime)
    checked_in_at: Mapped[datetime | None] = mapped_column(DateTime)
    # A walk-in admitted on a full day with the organiser's explicit confirmation: counted
    # as present, never as one of the seats (normal registrations still fill at most capacity).
    over_capacity: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    anonymised_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Reminders (scheduled mails, evaluation reminders) switched off by the person.
    reminders_off_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Raised on every change that the participant's calendar file must pick up.
    revision: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow(), onupdate=lambda: utcnow())

    location_day: Mapped[LocationDay] = relationship()
    organisation_kind: Mapped[OrganisationKind | None] = relationship()
    preferences: Mapped[list[WorkgroupPreference]] = relationship(
        back_populates="registration",
        cascade="all, delete-orphan",
        order_by="(WorkgroupPreference.round, WorkgroupPreference.rank)",
    )

    @property
    def has_seating_needs(self) -> bool:
        return self.needs_step_free or self.needs_hearing_loop

    @property
    def is_confirmed(self) -> bool:
        return self.status == Status.CONFIRMED

    @property
    def is_waiting(self) -> bool:
        return self.status == Status.WAITING

    @property
    def is_cancelled(self) -> bool:
        return self.status == Status.CANCELLED


class PhotoConsentWithdrawal(Model):
    """That someone at this location withdrew their photo consent, and when: no person in it,
    so it outlives an erased registration. Photos published before it need a new check."""

    id: Mapped[int] = mapped_column(primary_key=True)
    location_day_id: Mapped[int] = mapped_column(ForeignKey("location_day.id", ondelete="CASCADE"), index=True)
    withdrawn_at: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow())


class WorkgroupPreference(Model):
    """A participant's first, second or third choice in one workgroup round."""

    __table_args__ = (
        UniqueConstraint("registration_id", "round", "rank"),
        UniqueConstraint("registration_id", "round", "workgroup_id"),
        CheckConstraint("rank >= 1", name="rank_positive"),
        CheckConstraint("round >= 1", name="round_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    rank: Mapped[int] = mapped_column(Integer)
    workgroup_id: Mapped[int] = mapped_column(ForeignKey("workgroup.id", ondelete="CASCADE"), index=True)

    registration: Mapped[Registration] = relationship(back_populates="preferences")
    workgroup: Mapped[Workgroup] = relationship()
