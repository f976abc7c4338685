"""Organiser accounts and the locations a coordinator may manage."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import Boolean, Column, DateTime, Enum, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import Model, db
from app.programme.models import LocationDay
from app.timeutil import utcnow

if TYPE_CHECKING:  # the other side of a relationship; importing it here would be circular
    from app.workgroups.models import WorkgroupOffer


class Role(enum.StrEnum):
    ORGANISER = "organiser"  # the whole edition
    COORDINATOR = "coordinator"  # their own locations only
    FACILITATOR = "facilitator"  # only the participant lists of their own workgroups


coordinator_location = Table(
    "coordinator_location",
    db.metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("location_day_id", ForeignKey("location_day.id", ondelete="CASCADE"), primary_key=True),
)

facilitator_offer = Table(
    "facilitator_offer",
    db.metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("offer_id", ForeignKey("workgroup_offer.id", ondelete="CASCADE"), primary_key=True),
)


class User(UserMixin, Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of the id in every session and remember-me cookie: raising it (logout, a new
    # password, deactivation; see accounts.services.revoke_sessions) ends them all.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow())
    # The language of the mails the person gets (invitation, password reset).
    language: Mapped[str] = mapped_column(String(5), default="nl", server_default="nl")
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    invited_at: Mapped[datetime | None] = mapped_column(DateTime)  # the last invitation sent
    # None while an invitation waits: the person has not chosen a password yet.
    password_set_at: Mapped[datetime | None] = mapped_column(DateTime)

    locations: Mapped[list[LocationDay]] = relationship(secondary=coordinator_location)
    offers: Mapped[list[WorkgroupOffer]] = relationship(secondary=facilitator_offer)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember-me cookie."""
        return f"{self.id}:{self.session_version or 0}"

    @property
    def is_facilitator(self) -> bool:
        return self.role == Role.FACILITATOR

    @property
    def is_invited(self) -> bool:
        """Invited, and no password chosen yet."""
        return self.password_set_at is None

    @property
    def is_organiser(self) -> bool:
        return self.role == Role.ORGANISER

    def set_password(self, password: str) -> None:
        """Only the hash; accounts.services.set_password also checks the rules and ends
        the other sessions."""
        self.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def may_manage(self, location_day_id: int) -> bool:
        """The one rule every organiser page asks before showing or changing a location."""
        if self.is_organiser:
            return True
        return any(location.id == location_day_id for location in self.locations)
