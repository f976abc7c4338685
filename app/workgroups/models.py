"""The edition's workgroup catalogue and what each location offers of it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.programme.models import Edition, LocationDay
from app.timeutil import utcnow

if TYPE_CHECKING:  # the other side of a relationship; importing it here would be circular
    from app.registration.models import Registration


class Workgroup(Model):
    __table_args__ = (
        CheckConstraint("default_capacity >= 0", name="default_capacity_not_negative"),
        CheckConstraint("min_size >= 0", name="min_size_not_negative"),
        UniqueConstraint("edition_id", "title"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # The catalogue text in English (the title stays the workgroup's own); None: the Dutch.
    description_en: Mapped[str | None] = mapped_column(Text)
    default_capacity: Mapped[int] = mapped_column(Integer, default=25)
    min_size: Mapped[int] = mapped_column(Integer, default=5)
    # Taken out of the catalogue (can be restored): no new offers, the old ones stay.
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)

    edition: Mapped[Edition] = relationship()
    offers: Mapped[list[WorkgroupOffer]] = relationship(back_populates="workgroup")


class WorkgroupOffer(Model):
    """A workgroup run at one location in one round, with its own room and capacity."""

    __table_args__ = (
        CheckConstraint("capacity >= 0", name="capacity_not_negative"),
        CheckConstraint("round >= 1", name="round_positive"),
        CheckConstraint("min_size >= 0", name="min_size_not_negative"),
        UniqueConstraint("location_day_id", "workgroup_id", "round"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    location_day_id: Mapped[int] = mapped_column(ForeignKey("location_day.id", ondelete="CASCADE"), index=True)
    workgroup_id: Mapped[int] = mapped_column(ForeignKey("workgroup.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer, default=1)
    capacity: Mapped[int | None] = mapped_column(Integer)
    room: Mapped[str] = mapped_column(String(120), default="")
    # Can the room be reached without steps (lift, ramp)? None: not known yet ("onbekend").
    room_step_free: Mapped[bool | None] = mapped_column(Boolean)
    facilitator: Mapped[str] = mapped_column(String(200), default="")
    # The fewest participants for it to run here; None: the catalogue workgroup's minimum.
    min_size: Mapped[int | None] = mapped_column(Integer)
    # Dropped offers stay visible to organisers but get nobody assigned, and are shown nowhere public.
    is_open: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa_true())
    # When the organiser last confirmed whether it runs; None: not yet, so the advice page
    # starts its box as the advice says.
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)

    @property
    def minimum(self) -> int:
        return self.min_size if self.min_size is not None else self.workgroup.min_size

    location_day: Mapped[LocationDay] = relationship(back_populates="workgroup_offers")
    workgroup: Mapped[Workgroup] = relationship(back_populates="offers")


class AllocationRun(Model):
    """One run of the automatic assignment at a location: its seed, settings and report."""

    id: Mapped[int] = mapped_column(primary_key=True)
    location_day_id: Mapped[int] = mapped_column(ForeignKey("location_day.id", ondelete="CASCADE"), index=True)
    seed: Mapped[int] = mapped_column(BigInteger)
    mode: Mapped[str] = mapped_column(String(20))  # convex | rank_maximal
    tie_break: Mapped[str] = mapped_column(String(20))  # lottery | registration_time
    full_rerun: Mapped[bool] = mapped_column(Boolean, default=False)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow())
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    # The quality report as shown after the run, kept so it can be read back later.
    report: Mapped[dict] = mapped_column(JSON, default=dict)
    created_by: Mapped[str] = mapped_column(String(254), default="")


class WorkgroupAssignment(Model):
    """A participant's workgroup in one round; kept across runs when locked or manual."""

    __table_args__ = (UniqueConstraint("registration_id", "round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    offer_id: Mapped[int] = mapped_column(ForeignKey("workgroup_offer.id", ondelete="CASCADE"), index=True)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    manual: Mapped[bool] = mapped_column(Boolean, default=False)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("allocation_run.id", ondelete="SET NULL"))
    # What the participant was last told; publishing mails only those where it differs.
    published_offer_id: Mapped[int | None] = mapped_column(ForeignKey("workgroup_offer.id", ondelete="SET NULL"))
    revision: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow(), onupdate=lambda: utcnow())

    offer: Mapped[WorkgroupOffer] = relationship(foreign_keys=[offer_id])
    published_offer: Mapped[WorkgroupOffer | None] = relationship(foreign_keys=[published_offer_id])
    registration: Mapped[Registration] = relationship()
