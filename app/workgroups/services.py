"""Business rules for the workgroup catalogue and the offers per location."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.common.errors import DomainError
from app.common.text import optional_text
from app.extensions import db
from app.programme.models import Edition, LocationDay
from app.workgroups.models import Workgroup, WorkgroupOffer


class WorkgroupError(DomainError):
    """A rule about the workgroup catalogue or an offer was broken."""


def catalogue(edition: Edition) -> list[Workgroup]:
    return list(
        db.session.scalars(select(Workgroup).where(Workgroup.edition_id == edition.id).order_by(Workgroup.title))
    )


def save_workgroup(workgroup: Workgroup, edition: Edition, **values) -> Workgroup:
    clash = db.session.scalar(
        select(Workgroup).where(
            Workgroup.edition_id == edition.id, func.lower(Workgroup.title) == values["title"].strip().lower()
        )
    )
    if clash is not None and clash is not workgroup:
        raise WorkgroupError(_("Er is al een werkgroep met deze titel."), field="title")
    for name, value in values.items():
        if name.endswith("_en"):
            value = optional_text(value)  # empty: the Dutch text is shown, marked as Dutch
        setattr(workgroup, name, value.strip() if isinstance(value, str) else value)
    workgroup.edition = edition
    db.session.add(workgroup)
    _touch(location for offer in workgroup.offers for location in [offer.location_day])
    db.session.flush()
    return workgroup


def save_offer(offer: WorkgroupOffer, location: LocationDay, workgroup: Workgroup, **values) -> WorkgroupOffer:
    if workgroup.edition_id != location.edition_id:
        raise WorkgroupError(_("Kies een werkgroep uit de lijst."), field="workgroup_id")
    clash = db.session.scalar(
        select(WorkgroupOffer).where(
            WorkgroupOffer.location_day_id == location.id,
            WorkgroupOffer.workgroup_id == workgroup.id,
            WorkgroupOffer.round == values["round"],
        )
    )
    if clash is not None and clash is not offer:
        raise WorkgroupError(_("Deze werkgroep staat in deze ronde al op het programma."), field="workgroup_id")
    if values.get("capacity") is None:
        values["capacity"] = workgroup.default_capacity
    for name, value in values.items():
        setattr(offer, name, value.strip() if isinstance(value, str) else value)
    offer.location_day = location
    offer.workgroup = workgroup
    db.session.add(offer)
    _touch([location])
    db.session.flush()
    return offer


def remove_offer(offer: WorkgroupOffer) -> None:
    location = offer.location_day
    location.workgroup_offers.remove(offer)
    _touch([location])
    db.session.flush()


def _touch(locations) -> None:
    for location in set(locations):
        location.revision = (location.revision or 0) + 1
