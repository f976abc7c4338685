"""Messages organisers write to a chosen group of participants, and who got them (ids only)."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.mail.models import OutgoingMail
from app.timeutil import utcnow


class GroupMessage(Model):
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


class GroupMessageRecipient(Model):
    """The log: this registration was sent this message, as this outbox row."""

    __table_args__ = (UniqueConstraint("message_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("group_message.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    outgoing_mail_id: Mapped[int | None] = mapped_column(ForeignKey("outgoing_mail.id", ondelete="SET NULL"))

    message: Mapped[GroupMessage] = relationship(back_populates="recipients")
    mail: Mapped[OutgoingMail | None] = relationship()


class MailRule(Model):
    """A mail that goes out on its own, per edition, timed per location day (like pretix's
    scheduled email rules): `offset_days` before (negative) or after the day, at `send_at`
    Amsterdam time, to an audience; each person gets it at most once (`MailRuleDelivery`)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    offset_days: Mapped[int] = mapped_column(Integer, default=0)
    send_at: Mapped[time] = mapped_column(Time)
    audience: Mapped[str] = mapped_column(String(30), default="confirmed")
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Moments before this (naive UTC) are not fired: a rule made, edited or switched on
    # after its moment has passed waits for the next day, unless `catch_up` is asked for.
    armed_at: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow())
    catch_up: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow())


class MailRuleDelivery(Model):
    """This registration was sent this rule's mail: the unique pair makes it at most once."""

    __table_args__ = (UniqueConstraint("rule_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("mail_rule.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"), index=True)
    outgoing_mail_id: Mapped[int | None] = mapped_column(ForeignKey("outgoing_mail.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow())
