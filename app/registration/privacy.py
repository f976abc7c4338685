"""A participant's own data (export) and anonymising an edition once it is over."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app.common.privacy import personal_data_removed
from app.extensions import db
from app.mail import anonymise_registrations
from app.programme.models import Edition
from app.registration import links
from app.registration.models import Registration
from app.registration.queries import waiting_position
from app.timeutil import utcnow


def export_data(registration: Registration) -> dict:
    """Everything we hold about this person, for the participant's own download."""
    location = registration.location_day
    return {
        "registration": {
            "name": registration.name,
            "email": registration.email,
            "organisation": registration.organisation,
            "organisation_kind": registration.organisation_kind.name if registration.organisation_kind else None,
            "municipality": registration.municipality,
            "needs": registration.needs,
            "needs_step_free": registration.needs_step_free,
            "needs_hearing_loop": registration.needs_hearing_loop,
            "diet": registration.diet,
            "over_capacity": registration.over_capacity,
            "language": registration.language,
            "status": registration.status.value if registration.status else None,
            "waiting_position": waiting_position(registration),
            "source": registration.source.value if registration.source else None,
            "consent_at": _iso(registration.consent_at),
            "photo_consent": registration.photo_consent,
            "photo_consent_at": _iso(registration.photo_consent_at),
            "created_at": _iso(registration.created_at),
            "cancelled_at": _iso(registration.cancelled_at),
            "checked_in_at": _iso(registration.checked_in_at),
        },
        "location_day": {
            "edition": location.edition.name,
            "city": location.city,
            "venue": location.venue,
            "address": location.address,
            "date": location.date.isoformat(),
        },
        "workgroup_preferences": [
            {"round": p.round, "rank": p.rank, "workgroup": p.workgroup.title} for p in registration.preferences
        ],
        "times_are": "UTC",
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") + "Z" if moment else None


ANONYMOUS_NAME = "Geanonimiseerd"


def edition_is_finished(edition: Edition, today) -> bool:
    return bool(edition.location_days) and all(day.date < today for day in edition.location_days)


def anonymise_edition(edition: Edition, now: datetime | None = None) -> int:
    """Replace the personal data of an edition's registrations, keeping what reports count:
    location, status, source, kind of organisation, municipality, workgroup preferences,
    check-in and the moments. Returns the number of registrations changed."""
    now = now or utcnow()
    location_ids = [day.id for day in edition.location_days]
    registrations = db.session.scalars(
        select(Registration).where(Registration.location_day_id.in_(location_ids), Registration.anonymised_at.is_(None))
    ).all()
    for registration in registrations:
        registration.name = ANONYMOUS_NAME
        registration.email = None
        registration.email_normalised = None
        registration.organisation = ""
        registration.needs = ""
        registration.needs_step_free = False
        registration.needs_hearing_loop = False
        registration.diet = ""
        registration.link_nonce = links.new_nonce()  # every old link stops working
        registration.anonymised_at = now
    anonymise_registrations([registration.id for registration in registrations])
    db.session.flush()
    personal_data_removed(db.session)
    return len(registrations)
