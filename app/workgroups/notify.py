"""Telling participants which workgroup(s) they are in."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.mail import send_mail
from app.registration import links
from app.registration.notify import attachment_providers
from app.workgroups.models import WorkgroupAssignment

SUBJECTS = {
    "nl": "Uw werkgroep voor de Alliantiedag in {city}",
    "en": "Your workgroup for the alliance day in {city}",
}


def sessions_of(registration) -> list[WorkgroupAssignment]:
    return list(
        db.session.scalars(
            select(WorkgroupAssignment)
            .where(WorkgroupAssignment.registration_id == registration.id)
            .order_by(WorkgroupAssignment.round)
        )
    )


def workgroups_changed(registration) -> None:
    if not registration.email:
        return
    language = registration.language if registration.language in ("nl", "en") else "nl"
    day = registration.location_day
    send_mail(
        registration.email,
        SUBJECTS[language].format(city=day.city),
        "workgroups_assigned",
        attachments=tuple(a for provider in attachment_providers for a in provider(registration)),
        language=language,
        registration=registration,
        day=day,
        edition=day.edition,
        link=links.link_for(registration),
        sessions=[
            (a.round, a.offer.workgroup.title, a.offer.room, a.offer.facilitator) for a in sessions_of(registration)
        ],
    )
