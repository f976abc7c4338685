"""May someone be photographed for the website? Asked (optionally) when registering,
changeable at any time through the personal link, also long after the day.

Withdrawing is recorded without the person (`PhotoConsentWithdrawal`: location and
moment), so the photo pages can show which published photos were checked before it,
also when the person later erases their registration.
"""

from __future__ import annotations

from datetime import datetime

from app.extensions import db
from app.registration.models import PhotoConsentWithdrawal, Registration, Status
from app.timeutil import utcnow

ANSWERS = {"yes": True, "no": False}


def parse_answer(value: str | None) -> bool | None:
    """The form's 'yes' / 'no'; anything else is no answer."""
    return ANSWERS.get((value or "").strip().lower())


def answer_of(registration: Registration) -> str | None:
    if registration.photo_consent is None:
        return None
    return "yes" if registration.photo_consent else "no"


def set_photo_consent(registration: Registration, consent: bool | None, now: datetime | None = None) -> bool:
    """Record the answer; True when it withdrew an earlier yes."""
    now = now or utcnow()
    withdrawn = registration.photo_consent is True and consent is not True
    if consent != registration.photo_consent:
        registration.photo_consent = consent
        registration.photo_consent_at = now if consent is not None else None
    if withdrawn:
        record_withdrawal(registration, now)
    db.session.flush()
    return withdrawn


def record_withdrawal(registration: Registration, now: datetime | None = None) -> None:
    """Only someone who could have been there can be on a photo: not a cancelled one."""
    if registration.status == Status.CANCELLED and registration.checked_in_at is None:
        return
    db.session.add(PhotoConsentWithdrawal(location_day_id=registration.location_day_id, withdrawn_at=now or utcnow()))


def forget(registration: Registration, now: datetime | None = None) -> None:
    """Erasing a registration ends its consent too."""
    if registration.photo_consent is True:
        record_withdrawal(registration, now)
