"""Telling participants which workgroup(s) they are in: queued at publishing, rendered by
the worker from the registration's id."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.mail import Composed, MailData, mail_kind, queue_mail
from app.registration import links
from app.registration.notify import attachments_for, load_registration
from app.workgroups.models import WorkgroupAssignment, WorkgroupOffer

SUBJECTS = {
    "nl": "Uw werkgroep voor de Alliantiedag in {city}",
    "en": "Your workgroup for the alliance day in {city}",
}


def sessions_of(registration) -> list[WorkgroupAssignment]:
    return list(
        db.session.scalars(
            select(WorkgroupAssignment)
            .where(WorkgroupAssignment.registration_id == registration.id)
            .options(
                joinedload(WorkgroupAssignment.offer).joinedload(WorkgroupOffer.workgroup),
                joinedload(WorkgroupAssignment.published_offer).joinedload(WorkgroupOffer.workgroup),
            )
            .order_by(WorkgroupAssignment.round)
        )
    )


def workgroups_changed(registration) -> None:
    if not registration.email:
        return
    queue_mail(
        "workgroups_assigned",
        registration.email,
        language=registration.language,
        registration_id=registration.id,
        location_day_id=registration.location_day_id,
    )


@mail_kind("workgroups_assigned", label=_l("Werkgroepindeling"))
def _assigned(mail: MailData) -> Composed:
    registration = load_registration(mail.registration_id)
    day = registration.location_day
    return Composed(
        SUBJECTS[mail.language].format(city=day.city),
        "workgroups_assigned",
        context=dict(
            registration=registration,
            day=day,
            edition=day.edition,
            link=links.link_for(registration),
            sessions=[  # what was published: a later change by hand is told when published
                (a.round, offer.workgroup.title, offer.room, offer.facilitator)
                for a in sessions_of(registration)
                if (offer := a.published_offer or a.offer)
            ],
        ),
        attachments=attachments_for(registration),
    )
