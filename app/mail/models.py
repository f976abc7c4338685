"""One row per message: the outbox the workers send from, and the organisers' mail log."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, DateTime, Enum, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.timeutil import utcnow


class MailStatus(enum.StrEnum):
    QUEUED = "queued"  # waiting for its first attempt
    RETRYING = "retrying"  # an attempt failed; the next one is at due_at
    SENT = "sent"  # the SMTP server answered 250 (or the .eml was written)
    FAILED = "failed"  # given up after the last attempt, or refused for good; kept, never dropped


UNSENT = (MailStatus.QUEUED, MailStatus.RETRYING)


class OutgoingMail(db.Model):
    __tablename__ = "outgoing_mail"
    __table_args__ = (
        Index("ix_outgoing_mail_due", "status", "due_at"),
        Index("ix_outgoing_mail_location", "location_day_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(60))  # a registered renderer, e.g. "registration_confirmed"
    recipient: Mapped[str] = mapped_column(String(254))  # the one copy of personal data: needed to send
    language: Mapped[str] = mapped_column(String(5), default="nl")
    # What the message is about, as ids; the worker reads the rest when it renders.
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    location_day_id: Mapped[int | None] = mapped_column(ForeignKey("location_day.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    params: Mapped[dict] = mapped_column(JSON, default=dict)  # plain values fixed at queue time
    # Fixed when queued, so a retry of this row is the same message to every receiver.
    message_id: Mapped[str] = mapped_column(String(250), unique=True)
    status: Mapped[MailStatus] = mapped_column(
        Enum(MailStatus, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=MailStatus.QUEUED,
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    due_at: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow())  # not before
    # A worker's claim: nobody else sends the row until lease_until.
    lease_owner: Mapped[str | None] = mapped_column(String(80))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow())
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)

    @property
    def is_failed(self) -> bool:
        return self.status == MailStatus.FAILED
