"""Checking people in on the day, and walk-ins."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from app.extensions import db
from app.programme.models import LocationDay
from app.registration.checks import RegistrationError
from app.registration.models import Registration, Source, Status
from app.registration.registering import RegistrationResult, register_participant
from app.timeutil import utcnow


def check_in(registration: Registration, now: datetime | None = None) -> Registration:
    if registration.status != Status.CONFIRMED:
        raise RegistrationError(
            _("Alleen bevestigde deelnemers kunnen binnenkomen. Zet iemand eerst van de wachtlijst.")
        )
    if registration.checked_in_at is None:
        registration.checked_in_at = now or utcnow()
        db.session.flush()
    return registration


def undo_check_in(registration: Registration) -> Registration:
    registration.checked_in_at = None
    db.session.flush()
    return registration


def register_walk_in(
    location: LocationDay, *, name: str, email: str | None = None, organisation: str = "", now: datetime | None = None
) -> RegistrationResult:
    """Someone at the door: registered on the spot and, when a seat is free, checked in."""
    now = now or utcnow()
    result = register_participant(
        location, name=name, email=email, organisation=organisation, source=Source.WALK_IN, now=now, consent=False
    )
    if result.registration.status == Status.CONFIRMED:
        check_in(result.registration, now)
    return result
