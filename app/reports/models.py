"""A PDF document being built by a worker: what the status page shows and where the file is."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.timeutil import utcnow


class DocumentBuild(Model):
    __tablename__ = "document_build"
    __table_args__ = (Index("ix_document_build_subject", "document", "subject_id", "language", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document: Mapped[str] = mapped_column(String(40))  # a key of app.reports.documents.DOCUMENTS
    subject_id: Mapped[int] = mapped_column(Integer)  # the location, offer or edition it is about
    language: Mapped[str] = mapped_column(String(5), default="nl")
    # Who may see it: the location's managers, or (edition documents) organisers only.
    location_day_id: Mapped[int | None] = mapped_column(ForeignKey("location_day.id", ondelete="CASCADE"), index=True)
    edition_id: Mapped[int | None] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="queued")  # queued / running / done / failed
    filename: Mapped[str] = mapped_column(String(200), default="")
    cache_key: Mapped[str | None] = mapped_column(String(64))  # the file in the report cache, when done
    expected_seconds: Mapped[float] = mapped_column(Float, default=5.0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow())
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime)
