"""The edition's workgroup catalogue and what each location offers of it."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.programme.models import Edition, LocationDay


class Workgroup(db.Model):
    __table_args__ = (
        CheckConstraint("default_capacity >= 0", name="default_capacity_not_negative"),
        CheckConstraint("min_size >= 0", name="min_size_not_negative"),
        UniqueConstraint("edition_id", "title"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    default_capacity: Mapped[int] = mapped_column(Integer, default=25)
    min_size: Mapped[int] = mapped_column(Integer, default=5)

    edition: Mapped[Edition] = relationship()
    offers: Mapped[list[WorkgroupOffer]] = relationship(back_populates="workgroup")


class WorkgroupOffer(db.Model):
    """A workgroup run at one location in one round, with its own room and capacity."""

    __table_args__ = (
        CheckConstraint("capacity >= 0", name="capacity_not_negative"),
        CheckConstraint("round >= 1", name="round_positive"),
        UniqueConstraint("location_day_id", "workgroup_id", "round"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    location_day_id: Mapped[int] = mapped_column(ForeignKey("location_day.id", ondelete="CASCADE"), index=True)
    workgroup_id: Mapped[int] = mapped_column(ForeignKey("workgroup.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer, default=1)
    capacity: Mapped[int | None] = mapped_column(Integer)
    room: Mapped[str] = mapped_column(String(120), default="")
    facilitator: Mapped[str] = mapped_column(String(200), default="")

    location_day: Mapped[LocationDay] = relationship(back_populates="workgroup_offers")
    workgroup: Mapped[Workgroup] = relationship(back_populates="offers")
