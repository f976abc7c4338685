"""After the day: speakers' materials, workgroup reports, photos and the edition's look-back.

Files themselves live in the storage (app/storage); rows hold their keys, their type as
found by the upload check, size and checksum. Derived data hold ids, never names.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.programme.models import Contribution, Edition, LocationDay, ProgrammeItem
from app.timeutil import utcnow
from app.workgroups.models import WorkgroupOffer


def _enum(kind: type[enum.Enum]) -> Enum:
    return Enum(kind, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])


class Visibility(enum.StrEnum):
    AFTER_DAY = "after_day"  # public from the day itself on (the default)
    NOW = "now"  # public already, e.g. a hand-out to read before the day
    ORGANISERS = "organisers"  # never public: organisers and the location's coordinators


class Material(Model):
    """A speaker's slides or hand-out (a file) or a link to their contribution, at one location."""

    __table_args__ = (CheckConstraint("size >= 0", name="size_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    location_day_id: Mapped[int] = mapped_column(ForeignKey("location_day.id", ondelete="CASCADE"), index=True)
    programme_item_id: Mapped[int] = mapped_column(ForeignKey("programme_item.id", ondelete="CASCADE"), index=True)
    # The speaker's slot at this location; empty for material of the item as a whole.
    contribution_id: Mapped[int | None] = mapped_column(ForeignKey("contribution.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(2000), default="")  # a link instead of a file
    storage_key: Mapped[str | None] = mapped_column(String(400), unique=True)
    filename: Mapped[str] = mapped_column(String(200), default="")  # the download name
    file_type: Mapped[str] = mapped_column(String(10), default="")  # pdf / pptx / docx / odp
    content_type: Mapped[str] = mapped_column(String(120), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    visibility: Mapped[Visibility] = mapped_column(_enum(Visibility), default=Visibility.AFTER_DAY)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    location_day: Mapped[LocationDay] = relationship()
    programme_item: Mapped[ProgrammeItem] = relationship()
    contribution: Mapped[Contribution | None] = relationship()

    @property
    def is_file(self) -> bool:
        return self.storage_key is not None


class ReportStatus(enum.StrEnum):
    DRAFT = "draft"  # being written; the facilitator can come back to it
    SUBMITTED = "submitted"  # sent to the coordinator for review
    PUBLISHED = "published"  # public, in the archive and the cross-location pages


class WorkgroupReport(Model):
    """What one workgroup at one location concluded, written by its facilitator."""

    __table_args__ = (
        UniqueConstraint("offer_id"),
        CheckConstraint("participants IS NULL OR participants >= 0", name="participants_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("workgroup_offer.id", ondelete="CASCADE"))
    status: Mapped[ReportStatus] = mapped_column(_enum(ReportStatus), default=ReportStatus.DRAFT)
    summary: Mapped[str] = mapped_column(Text, default="")
    points: Mapped[str] = mapped_column(Text, default="")  # one point per line
    recommendations: Mapped[str] = mapped_column(Text, default="")  # one per line
    participants: Mapped[int | None] = mapped_column(Integer)  # how many took part
    review_note: Mapped[str] = mapped_column(Text, default="")  # the coordinator's note when sent back
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow())
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow(), onupdate=lambda: utcnow())
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)

    offer: Mapped[WorkgroupOffer] = relationship()

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED


class ReportReminder(Model):
    """A reminder mail to a facilitator about a report not yet sent (ids only)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("workgroup_offer.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow())


class Photo(Model):
    """A photo of a location day, stored re-encoded for the web and as a thumbnail."""

    id: Mapped[int] = mapped_column(primary_key=True)
    location_day_id: Mapped[int] = mapped_column(ForeignKey("location_day.id", ondelete="CASCADE"), index=True)
    web_key: Mapped[str] = mapped_column(String(400), unique=True)
    thumb_key: Mapped[str] = mapped_column(String(400), unique=True)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    thumb_width: Mapped[int] = mapped_column(Integer)
    thumb_height: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    alt_text: Mapped[str] = mapped_column(String(300), default="")  # required before publishing
    caption: Mapped[str] = mapped_column(String(300), default="")
    published: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    # When a coordinator last confirmed that nobody without photo consent is recognisable;
    # a consent withdrawn at this location after it hides the photo until checked again.
    checked_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    location_day: Mapped[LocationDay] = relationship()


class LookBack(Model):
    """The edition's retrospective (terugblik): the organiser's text in Markdown."""

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), unique=True)
    body: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow(), onupdate=lambda: utcnow())
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    edition: Mapped[Edition] = relationship()
