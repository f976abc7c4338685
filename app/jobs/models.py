"""A job to run at a moment, kept in the database so no restart or lost queue loses it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.timeutil import utcnow


class ScheduledJob(Model):
    __table_args__ = (Index("ix_scheduled_job_due", "status", "run_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))  # a registered job (app.jobs.job_name)
    args: Mapped[list] = mapped_column(JSON, default=list)  # plain values only
    # Optional handle to move or cancel it, e.g. "evaluation-reminder:12"; one live row per key.
    key: Mapped[str | None] = mapped_column(String(200), unique=True)
    run_at: Mapped[datetime] = mapped_column(DateTime)  # naive UTC
    status: Mapped[str] = mapped_column(String(20), default="scheduled")  # scheduled / done / failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    lease_until: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
