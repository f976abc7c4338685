"""The edition, its shared programme template, the location days and their speakers."""

from __future__ import annotations

import enum
import secrets
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.timeutil import utcnow

if TYPE_CHECKING:  # the other side of a relationship; importing it here would be circular
    from app.workgroups.models import WorkgroupOffer


class ItemKind(enum.StrEnum):
    WELCOME = "welcome"
    INTRODUCTION = "introduction"
    PRACTICE = "practice"
    INTERMEZZO = "intermezzo"
    WORKGROUP_ROUND = "workgroup_round"
    BREAK = "break"
    CLOSE = "close"

    @property
    def takes_speaker(self) -> bool:
        """Slots that a location fills with its own people."""
        return self in {ItemKind.INTRODUCTION, ItemKind.PRACTICE, ItemKind.INTERMEZZO}


class State(enum.StrEnum):
    """Where an edition or a location day stands; the dates add the rest (see `Phase`)."""

    DRAFT = "draft"  # only organisers (and whoever has the preview link) see it
    PUBLISHED = "published"
    ARCHIVED = "archived"  # kept, read-only, gone from the public pages


class Phase(enum.StrEnum):
    """A location day as a visitor meets it: the state, then the dates."""

    DRAFT = "draft"
    ARCHIVED = "archived"
    CANCELLED = "cancelled"
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSED = "closed"
    HELD = "held"


def _state_column() -> Mapped[State]:
    # Existing rows (and rows made outside the organiser forms) are published, so nothing
    # that was public before the states existed disappears; the forms make drafts.
    return mapped_column(
        Enum(State, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=State.PUBLISHED,
        server_default=State.PUBLISHED.value,
    )


class Edition(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    theme: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer)
    organising_alliance: Mapped[str] = mapped_column(String(200), default="")
    # One organisation per line: short lists that are shown, never queried.
    partner_organisations: Mapped[str] = mapped_column(Text, default="")
    funding_organisations: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow())
    state: Mapped[State] = _state_column()
    # The key of the preview link (the public pages of a draft, as they will look).
    preview_token: Mapped[str | None] = mapped_column(
        String(64), unique=True, default=lambda: secrets.token_urlsafe(32)
    )

    programme_items: Mapped[list[ProgrammeItem]] = relationship(
        back_populates="edition", order_by="ProgrammeItem.position", cascade="all, delete-orphan"
    )
    location_days: Mapped[list[LocationDay]] = relationship(
        back_populates="edition", order_by="LocationDay.date", cascade="all, delete-orphan"
    )
    speakers: Mapped[list[Speaker]] = relationship(
        back_populates="edition", order_by="Speaker.name", cascade="all, delete-orphan"
    )

    @property
    def is_draft(self) -> bool:
        return self.state == State.DRAFT

    @property
    def is_archived(self) -> bool:
        return self.state == State.ARCHIVED

    @property
    def partner_list(self) -> list[str]:
        return _lines(self.partner_organisations)

    @property
    def funder_list(self) -> list[str]:
        return _lines(self.funding_organisations)


class ProgrammeItem(Model):
    """One slot of the shared template; every location day follows it."""

    __table_args__ = (CheckConstraint("end_time > start_time", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[ItemKind] = mapped_column(
        Enum(ItemKind, native_enum=False, length=30, values_callable=lambda e: [m.value for m in e])
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # The organiser's English versions; None: English pages show the Dutch, marked lang="nl".
    title_en: Mapped[str | None] = mapped_column(String(200))
    description_en: Mapped[str | None] = mapped_column(Text)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    # Only for workgroup rounds: 1, 2, ... in the order of the day.
    workgroup_round: Mapped[int | None] = mapped_column(Integer)

    edition: Mapped[Edition] = relationship(back_populates="programme_items")


class LocationDay(Model):
    __table_args__ = (
        CheckConstraint("capacity >= 0", name="capacity_not_negative"),
        CheckConstraint("registration_closes_at > registration_opens_at", name="closes_after_opening"),
        UniqueConstraint("edition_id", "slug"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    city: Mapped[str] = mapped_column(String(120))
    venue: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    date: Mapped[date] = mapped_column(Date)
    doors_open: Mapped[time] = mapped_column(Time)
    capacity: Mapped[int] = mapped_column(Integer)
    # Stored in UTC, naive; shown in Europe/Amsterdam.
    registration_opens_at: Mapped[datetime] = mapped_column(DateTime)
    registration_closes_at: Mapped[datetime] = mapped_column(DateTime)
    coordinating_organisations: Mapped[str] = mapped_column(Text, default="")
    # Raised on every change that calendars must pick up (RFC 5545 SEQUENCE).
    revision: Mapped[int] = mapped_column(Integer, default=0)
    # Called off by the organisers: calendars get STATUS:CANCELLED, registration closes.
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime)
    state: Mapped[State] = _state_column()
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow(), onupdate=lambda: utcnow())

    edition: Mapped[Edition] = relationship(back_populates="location_days")
    contributions: Mapped[list[Contribution]] = relationship(
        back_populates="location_day", cascade="all, delete-orphan", order_by="Contribution.position"
    )
    workgroup_offers: Mapped[list[WorkgroupOffer]] = relationship(
        back_populates="location_day", cascade="all, delete-orphan"
    )

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_public(self) -> bool:
        """Visible to anyone: the day and its edition are published."""
        return self.state == State.PUBLISHED and self.edition.state == State.PUBLISHED

    def phase(self, now: datetime) -> Phase:
        if self.state == State.ARCHIVED or self.edition.state == State.ARCHIVED:
            return Phase.ARCHIVED
        if self.state == State.DRAFT or self.edition.state == State.DRAFT:
            return Phase.DRAFT
        if self.is_cancelled:
            return Phase.CANCELLED
        if now.date() > self.date:
            return Phase.HELD
        if now < self.registration_opens_at:
            return Phase.NOT_YET_OPEN
        if now < self.registration_closes_at:
            return Phase.OPEN
        return Phase.CLOSED

    @property
    def coordinator_list(self) -> list[str]:
        return _lines(self.coordinating_organisations)


class Speaker(Model):
    """A person who can speak at several locations of the same edition."""

    __table_args__ = (UniqueConstraint("edition_id", "name", "organisation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    bio: Mapped[str] = mapped_column(Text, default="")

    edition: Mapped[Edition] = relationship(back_populates="speakers")
    contributions: Mapped[list[Contribution]] = relationship(back_populates="speaker")


class Contribution(Model):
    """A speaker filling a programme slot at one location, with their own title."""

    __table_args__ = (UniqueConstraint("location_day_id", "programme_item_id", "speaker_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    location_day_id: Mapped[int] = mapped_column(ForeignKey("location_day.id", ondelete="CASCADE"), index=True)
    programme_item_id: Mapped[int] = mapped_column(ForeignKey("programme_item.id", ondelete="CASCADE"), index=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speaker.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    location_day: Mapped[LocationDay] = relationship(back_populates="contributions")
    programme_item: Mapped[ProgrammeItem] = relationship()
    speaker: Mapped[Speaker] = relationship(back_populates="contributions")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
