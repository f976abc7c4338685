"""Who is in a workgroup, in the order a facilitator reads a list."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.names import name_sort_key
from app.registration.models import Registration, Status
from app.workgroups.models import WorkgroupAssignment, WorkgroupOffer


def participants_of(offer: WorkgroupOffer) -> list[Registration]:
    """Confirmed participants published in this workgroup (what they were told), in Dutch name order."""
    people = db.session.scalars(
        select(Registration)
        .join(WorkgroupAssignment, WorkgroupAssignment.registration_id == Registration.id)
        .where(WorkgroupAssignment.published_offer_id == offer.id, Registration.status == Status.CONFIRMED)
    )
    return sorted(people, key=lambda person: name_sort_key(person.name))
