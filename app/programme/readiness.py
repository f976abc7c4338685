"""Readiness overview: what each location still lacks before registration can open.

Built from already-loaded objects into plain values, so the template only renders.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.common.language import in_language
from app.programme.models import Edition, ItemKind, LocationDay, ProgrammeItem

MIN_WORKGROUPS_PER_ROUND = 4
MAX_WORKGROUPS_PER_ROUND = 6


@dataclass(frozen=True)
class SlotCell:
    speakers: tuple[str, ...]
    missing: bool


@dataclass(frozen=True)
class OfferCell:
    title: str
    room: str
    capacity: int | None
    facilitator: str
    problems: tuple[str, ...]


@dataclass(frozen=True)
class RoundCell:
    round: int
    offers: tuple[OfferCell, ...]
    problems: tuple[str, ...]


@dataclass
class LocationRow:
    location_id: int
    city: str
    venue: str
    slots: list[SlotCell] = field(default_factory=list)
    rounds: list[RoundCell] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Readiness:
    columns: tuple[str, ...]  # speaker slots, in programme order
    rounds: tuple[int, ...]
    rows: tuple[LocationRow, ...]

    @property
    def ready_count(self) -> int:
        return sum(row.ready for row in self.rows)


def build_readiness(edition: Edition, locations: list[LocationDay]) -> Readiness:
    slots = [item for item in edition.programme_items if ItemKind(item.kind).takes_speaker]
    rounds = sorted({item.workgroup_round for item in edition.programme_items if item.workgroup_round})
    rows = tuple(_location_row(location, slots, rounds) for location in locations)
    return Readiness(columns=tuple(in_language(item, "title") for item in slots), rounds=tuple(rounds), rows=rows)


def _location_row(location: LocationDay, slots: list[ProgrammeItem], rounds: list[int]) -> LocationRow:
    row = LocationRow(location_id=location.id, city=location.city, venue=location.venue)
    for item in slots:
        names = tuple(c.speaker.name for c in location.contributions if c.programme_item_id == item.id)
        row.slots.append(SlotCell(speakers=names, missing=not names))
        if not names:
            # The sentence escaped as any text, the title marked lang="nl" where it is Dutch.
            sentence = escape(_("Geen spreker bij '%(title)s'", title="%(title)s"))
            row.problems.append(Markup(sentence) % {"title": in_language(item, "title")})
    for number in rounds:
        cell = _round_cell(location, number)
        row.rounds.append(cell)
        row.problems.extend(_("Ronde %(round)s: %(problem)s", round=number, problem=p) for p in cell.problems)
        row.problems.extend(
            _("Ronde %(round)s, %(title)s: %(problem)s", round=number, title=offer.title, problem=p)
            for offer in cell.offers
            for p in offer.problems
        )
    if not location.address.strip():
        row.problems.append(_("Adres ontbreekt"))
    if location.capacity <= 0:
        row.problems.append(_("Aantal plaatsen ontbreekt"))
    return row


def _round_cell(location: LocationDay, number: int) -> RoundCell:
    offers = sorted(
        (offer for offer in location.workgroup_offers if offer.round == number),
        key=lambda offer: offer.workgroup.title,
    )
    cells = tuple(
        OfferCell(
            title=offer.workgroup.title,
            room=offer.room,
            capacity=offer.capacity,
            facilitator=offer.facilitator,
            problems=tuple(
                problem
                for problem, missing in (
                    (_("zaal ontbreekt"), not offer.room.strip()),
                    (_("capaciteit ontbreekt"), not offer.capacity),
                    (_("begeleider ontbreekt"), not offer.facilitator.strip()),
                )
                if missing
            ),
        )
        for offer in offers
    )
    problems: list[str] = []
    if len(cells) < MIN_WORKGROUPS_PER_ROUND:
        problems.append(
            _("%(count)s werkgroepen, minstens %(min)s nodig", count=len(cells), min=MIN_WORKGROUPS_PER_ROUND)
        )
    if len(cells) > MAX_WORKGROUPS_PER_ROUND:
        problems.append(_("%(count)s werkgroepen, hoogstens %(max)s", count=len(cells), max=MAX_WORKGROUPS_PER_ROUND))
    return RoundCell(round=number, offers=cells, problems=tuple(problems))
