"""Business rules for editions, the programme template, location days and speakers.

Services take model objects and plain values, enforce rules that span records,
raise ProgrammeError with a user-facing message, and only flush; views commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.common.errors import DomainError
from app.common.language import in_language
from app.common.text import optional_text
from app.extensions import db
from app.programme.models import (
    Contribution,
    Edition,
    ItemKind,
    LocationDay,
    ProgrammeItem,
    Speaker,
)
from app.timeutil import utcnow


class ProgrammeError(DomainError):
    """A rule about editions, the programme or location days was broken."""


# --- editions -------------------------------------------------------------------------


def latest_edition() -> Edition | None:
    return db.session.scalar(select(Edition).order_by(Edition.year.desc(), Edition.id.desc()))


def latest_edition_in(state: str) -> Edition | None:
    return db.session.scalar(
        select(Edition).where(Edition.state == state).order_by(Edition.year.desc(), Edition.id.desc())
    )


def list_editions() -> list[Edition]:
    return list(db.session.scalars(select(Edition).order_by(Edition.year.desc(), Edition.name)))


def edition_by_slug(slug: str) -> Edition | None:
    return db.session.scalar(select(Edition).where(Edition.slug == slug))


def save_edition(edition: Edition, **values) -> Edition:
    clash = edition_by_slug(values["slug"])
    if clash is not None and clash is not edition:
        raise ProgrammeError(_("Deze korte naam is al in gebruik."), field="slug")
    for name, value in values.items():
        setattr(edition, name, value)
    db.session.add(edition)
    db.session.flush()
    return edition


# --- programme template ---------------------------------------------------------------


def _english_optional(values: dict) -> dict:
    """An English version left empty is stored as None: English pages then show the Dutch."""
    return {name: optional_text(value) if name.endswith("_en") else value for name, value in values.items()}


def add_programme_item(edition: Edition, **values) -> ProgrammeItem:
    values = _english_optional(values)
    _check_item_times(values["start_time"], values["end_time"])
    position = 1 + max((item.position for item in edition.programme_items), default=0)
    item = ProgrammeItem(edition=edition, position=position, **values)
    _check_workgroup_round(item)
    db.session.add(item)
    _touch_all_locations(edition)
    db.session.flush()
    return item


def update_programme_item(item: ProgrammeItem, **values) -> ProgrammeItem:
    values = _english_optional(values)
    _check_item_times(values["start_time"], values["end_time"])
    for name, value in values.items():
        setattr(item, name, value)
    _check_workgroup_round(item)
    _touch_all_locations(item.edition)
    db.session.flush()
    return item


def delete_programme_item(item: ProgrammeItem) -> None:
    edition = item.edition
    edition.programme_items.remove(item)
    _renumber(edition.programme_items)
    _touch_all_locations(edition)
    db.session.flush()


def move_programme_item(item: ProgrammeItem, offset: int) -> None:
    """Move an item up (-1) or down (+1) in the template; the ends stay put."""
    items = sorted(item.edition.programme_items, key=lambda each: each.position)
    index = items.index(item)
    target = index + offset
    if not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    _renumber(items)
    _touch_all_locations(item.edition)
    db.session.flush()


def _renumber(items: list[ProgrammeItem]) -> None:
    for position, each in enumerate(items, start=1):
        each.position = position


def _check_item_times(start: time, end: time) -> None:
    if end <= start:
        raise ProgrammeError(_("De eindtijd moet na de begintijd liggen."), field="end_time")


def _check_workgroup_round(item: ProgrammeItem) -> None:
    if item.kind == ItemKind.WORKGROUP_ROUND and not item.workgroup_round:
        raise ProgrammeError(_("Geef aan de hoeveelste werkgroepronde dit is."), field="workgroup_round")
    if item.kind != ItemKind.WORKGROUP_ROUND:
        item.workgroup_round = None


def _touch_all_locations(edition: Edition) -> None:
    """A template change changes every location's programme: calendars must notice."""
    for location in edition.location_days:
        location.revision = (location.revision or 0) + 1


# --- location days --------------------------------------------------------------------


def save_location_day(location: LocationDay, edition: Edition, **values) -> LocationDay:
    if values["registration_closes_at"] <= values["registration_opens_at"]:
        raise ProgrammeError(
            _("De inschrijving moet sluiten na het moment van openen."), field="registration_closes_at"
        )
    if values.get("capacity", 0) < 0:
        raise ProgrammeError(_("Het aantal plaatsen kan niet negatief zijn."), field="capacity")
    clash = db.session.scalar(
        select(LocationDay).where(LocationDay.edition_id == edition.id, LocationDay.slug == values["slug"])
    )
    if clash is not None and clash is not location:
        raise ProgrammeError(_("Deze korte naam is al in gebruik in deze editie."), field="slug")
    for name, value in values.items():
        setattr(location, name, value)
    location.edition = edition
    location.revision = (location.revision or 0) + 1
    db.session.add(location)
    db.session.flush()
    return location


def cancel_location_day(location: LocationDay) -> None:
    """Call the day off: registration closes, calendars get STATUS:CANCELLED (higher SEQUENCE)."""
    location.cancelled_at = utcnow()
    location.revision = (location.revision or 0) + 1
    db.session.flush()


def location_days_for(edition: Edition, location_ids: list[int] | None = None) -> list[LocationDay]:
    query = (
        select(LocationDay)
        .where(LocationDay.edition_id == edition.id)
        .order_by(LocationDay.date, LocationDay.city)
        .options(
            selectinload(LocationDay.contributions).selectinload(Contribution.speaker),
            selectinload(LocationDay.workgroup_offers),
        )
    )
    if location_ids is not None:
        query = query.where(LocationDay.id.in_(location_ids))
    return list(db.session.scalars(query))


def registration_is_open(location: LocationDay, now: datetime) -> bool:
    if location.is_cancelled or not location.is_public:
        return False
    return location.registration_opens_at <= now < location.registration_closes_at


# --- speakers and contributions -------------------------------------------------------


def find_or_create_speaker(edition: Edition, name: str, organisation: str = "", bio: str = "") -> Speaker:
    """One person, one record: the same name and organisation means the same speaker."""
    name = name.strip()
    if not name:
        raise ProgrammeError(_("Vul de naam van de spreker in."), field="name")
    speaker = db.session.scalar(
        select(Speaker).where(
            Speaker.edition_id == edition.id,
            func.lower(Speaker.name) == name.lower(),
            func.lower(Speaker.organisation) == organisation.strip().lower(),
        )
    )
    if speaker is None:
        speaker = Speaker(edition=edition, name=name, organisation=organisation.strip(), bio=bio.strip())
        db.session.add(speaker)
        db.session.flush()
    elif bio.strip() and not speaker.bio:
        speaker.bio = bio.strip()
    return speaker


def update_speaker(speaker: Speaker, name: str, organisation: str, bio: str) -> Speaker:
    if not name.strip():
        raise ProgrammeError(_("Vul de naam van de spreker in."), field="name")
    speaker.name, speaker.organisation, speaker.bio = name.strip(), organisation.strip(), bio.strip()
    for contribution in speaker.contributions:
        contribution.location_day.revision += 1
    db.session.flush()
    return speaker


def assign_speaker(location: LocationDay, item: ProgrammeItem, speaker: Speaker, title: str) -> Contribution:
    if item.edition_id != location.edition_id or speaker.edition_id != location.edition_id:
        raise ProgrammeError(_("Dit programmaonderdeel hoort niet bij deze editie."), field="programme_item_id")
    if not ItemKind(item.kind).takes_speaker:
        raise ProgrammeError(_("Bij dit programmaonderdeel horen geen sprekers."), field="programme_item_id")
    existing = next(
        (c for c in location.contributions if c.programme_item_id == item.id and c.speaker_id == speaker.id),
        None,
    )
    if existing is not None:
        raise ProgrammeError(_("Deze spreker staat al bij dit onderdeel."), field="name")
    position = 1 + max((c.position for c in location.contributions if c.programme_item_id == item.id), default=0)
    contribution = Contribution(
        location_day=location, programme_item=item, speaker=speaker, title=title.strip(), position=position
    )
    db.session.add(contribution)
    location.revision += 1
    db.session.flush()
    return contribution


def remove_contribution(contribution: Contribution) -> None:
    location = contribution.location_day
    location.contributions.remove(contribution)
    location.revision += 1
    db.session.flush()


@dataclass(frozen=True)
class ProgrammeLine:
    """One programme item as it runs at one location: plain values for templates."""

    item_id: int
    kind: str
    title: str  # in the current language (app.common.language.in_language)
    description: str
    start_time: time
    end_time: time
    workgroup_round: int | None
    speakers: tuple[tuple[str, str, str], ...]  # (name, organisation, contribution title)


def programme_for(location: LocationDay) -> list[ProgrammeLine]:
    """The shared template merged with this location's own speakers."""
    by_item: dict[int, list[Contribution]] = {}
    for contribution in sorted(location.contributions, key=lambda c: c.position):
        by_item.setdefault(contribution.programme_item_id, []).append(contribution)
    return [
        ProgrammeLine(
            item_id=item.id,
            kind=ItemKind(item.kind).value,
            title=in_language(item, "title"),
            description=in_language(item, "description"),
            start_time=item.start_time,
            end_time=item.end_time,
            workgroup_round=item.workgroup_round,
            speakers=tuple((c.speaker.name, c.speaker.organisation, c.title) for c in by_item.get(item.id, [])),
        )
        for item in sorted(location.edition.programme_items, key=lambda each: each.position)
    ]
