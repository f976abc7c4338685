"""Business rules for the workgroup catalogue and the offers per location."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from app.common.errors import DomainError
from app.common.text import optional_text
from app.extensions import db
from app.programme.models import Edition, ItemKind, LocationDay
from app.workgroups.models import Workgroup, WorkgroupOffer


class WorkgroupError(DomainError):
    """A rule about the workgroup catalogue or an offer was broken."""


def catalogue(edition: Edition) -> list[Workgroup]:
    return list(
        db.session.scalars(select(Workgroup).where(Workgroup.edition_id == edition.id).order_by(Workgroup.title))
    )


def offerable(edition: Edition, keep: Workgroup | None = None) -> list[Workgroup]:
    """The catalogue workgroups a location can offer: archived ones are left out, except
    `keep` (the workgroup an existing offer already has, so editing that offer still works)."""
    return [w for w in catalogue(edition) if w.archived_at is None or w is keep]


def save_workgroup(workgroup: Workgroup, edition: Edition, **values) -> Workgroup:
    clash = db.session.scalar(
        select(Workgroup).where(
            Workgroup.edition_id == edition.id, func.lower(Workgroup.title) == values["title"].strip().lower()
        )
    )
    if clash is not None and clash is not workgroup:
        raise WorkgroupError(_("Er is al een werkgroep met deze titel."), field="title")
    minimum, places = values.get("min_size"), values.get("default_capacity")
    if minimum is not None and places is not None and minimum > places:
        raise WorkgroupError(_minimum_above_capacity(minimum, places), field="min_size")
    for name, value in values.items():
        if name.endswith("_en"):
            value = optional_text(value)  # empty: the Dutch text is shown, marked as Dutch
        setattr(workgroup, name, value.strip() if isinstance(value, str) else value)
    workgroup.edition = edition
    db.session.add(workgroup)
    _touch(location for offer in workgroup.offers for location in [offer.location_day])
    db.session.flush()
    return workgroup


def programme_rounds(edition: Edition) -> list[int]:
    """The workgroup rounds the shared programme has (1, 2, ...): the rounds an offer can be in."""
    return sorted(
        {
            item.workgroup_round
            for item in edition.programme_items
            if item.kind == ItemKind.WORKGROUP_ROUND and item.workgroup_round
        }
    )


def check_offer(
    location: LocationDay,
    workgroup: Workgroup,
    *,
    round: int,
    capacity: int | None,
    min_size: int | None,
    offer: WorkgroupOffer | None = None,
) -> None:
    """Every rule an offer must keep, whichever page or command saves it."""
    if workgroup.edition_id != location.edition_id:
        raise WorkgroupError(_("Kies een werkgroep uit de lijst."), field="workgroup_id")
    if workgroup.archived_at is not None and (offer is None or offer.workgroup_id != workgroup.id):
        raise WorkgroupError(
            _(
                "Deze werkgroep is gearchiveerd en kan niet meer worden aangeboden."
                " Zet hem eerst terug in de catalogus."
            ),
            field="workgroup_id",
        )
    rounds = programme_rounds(location.edition)
    if round not in rounds:
        raise WorkgroupError(_round_message(rounds), field="round")
    clash = db.session.scalar(
        select(WorkgroupOffer).where(
            WorkgroupOffer.location_day_id == location.id,
            WorkgroupOffer.workgroup_id == workgroup.id,
            WorkgroupOffer.round == round,
        )
    )
    if clash is not None and clash is not offer:
        raise WorkgroupError(_("Deze werkgroep staat in deze ronde al op het programma."), field="workgroup_id")
    places = workgroup.default_capacity if capacity is None else capacity
    if min_size is not None and min_size > places:
        raise WorkgroupError(_minimum_above_capacity(min_size, places), field="min_size")
    if min_size is None and workgroup.min_size > places:
        raise WorkgroupError(
            _(
                "De werkgroep gaat pas door vanaf %(minimum)s deelnemers, meer dan deze %(capacity)s plaatsen."
                " Kies een grotere capaciteit of een lager minimum voor deze locatie.",
                minimum=workgroup.min_size,
                capacity=places,
            ),
            field="capacity",
        )


def _round_message(rounds: list[int]) -> str:
    if not rounds:
        return _("Het programma heeft nog geen werkgroepronde. Voeg die eerst aan het programma toe.")
    return ngettext(
        "Het programma heeft %(num)s werkgroepronde: kies ronde %(first)s.",
        "Het programma heeft %(num)s werkgroepronden: kies een ronde van %(first)s tot en met %(last)s.",
        len(rounds),
        first=rounds[0],
        last=rounds[-1],
    )


def _minimum_above_capacity(minimum: int, capacity: int) -> str:
    return _(
        "Het minimum (%(minimum)s) kan niet groter zijn dan de capaciteit (%(capacity)s).",
        minimum=minimum,
        capacity=capacity,
    )


def save_offer(offer: WorkgroupOffer, location: LocationDay, workgroup: Workgroup, **values) -> WorkgroupOffer:
    check_offer(
        location,
        workgroup,
        round=values["round"],
        capacity=values.get("capacity"),
        min_size=values.get("min_size"),
        offer=offer,
    )
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


@dataclass(frozen=True)
class OfferRow:
    """One ticked location of the several-locations form, in plain values."""

    location: LocationDay
    round: int
    capacity: int | None = None
    min_size: int | None = None
    room: str = ""
    facilitator: str = ""


class OfferRowsError(WorkgroupError):
    """Some rows broke a rule: per location id, (field, message). Nothing was saved."""

    def __init__(self, problems: dict[int, list[tuple[str, str]]]):
        super().__init__(_("Niets is opgeslagen: verbeter de gemarkeerde locaties."))
        self.problems = problems


def offer_at_locations(workgroup: Workgroup, rows: list[OfferRow]) -> list[WorkgroupOffer]:
    """Offer one workgroup at several locations in one go: all rows, or none."""
    if not rows:
        raise WorkgroupError(_("Vink minstens één locatie aan."), field="locations")
    problems: dict[int, list[tuple[str, str]]] = {}
    for row in rows:
        try:
            check_offer(row.location, workgroup, round=row.round, capacity=row.capacity, min_size=row.min_size)
        except WorkgroupError as error:
            problems.setdefault(row.location.id, []).append((error.field or "round", str(error)))
    if problems:
        raise OfferRowsError(problems)
    return [
        save_offer(
            WorkgroupOffer(),
            row.location,
            workgroup,
            round=row.round,
            capacity=row.capacity,
            min_size=row.min_size,
            room=row.room,
            facilitator=row.facilitator,
        )
        for row in rows
    ]


def remove_offer(offer: WorkgroupOffer) -> None:
    location = offer.location_day
    location.workgroup_offers.remove(offer)
    _touch([location])
    db.session.flush()


def _touch(locations) -> None:
    for location in set(locations):
        location.revision = (location.revision or 0) + 1
