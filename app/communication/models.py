"""Messages organisers write to a chosen group of participants, and who got them (ids only)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.mail.models import OutgoingMail
from app.timeutil import utcnow


class GroupMessage(db.Model):
    """One message to the participants of a day who matched the filters when it was sent."""

    id: Mapped[int] = mapped_column(primary_key=True)
    location_day_id: Mapped[int] = mapped_column(ForeignKey("location_day.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    filters: Mapped[dict] = mapped_column(JSON, default=dict)  # the audience, as chosen
    recipient_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow())

    recipients: Mapped[list[GroupMessageRecipient]] = relationship(
        back_populates="message", cascade="all, delete-orphan", order_by="GroupMessageRecipient.registration_id"
    )


class GroupMessageRecipient(db.Model):
    """The log: this registration was sent this message, as this outbox row."""

    __table_args__ = (UniqueConstraint("message_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("group_message.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    outgoing_mail_id: Mapped[int | None] = mapped_column(ForeignKey("outgoing_mail.id", ondelete="SET NULL"))

    message: Mapped[GroupMessage] = relationship(back_populates="recipients")
    mail: Mapped[OutgoingMail | None] = relationship()
