"""Readiness: what each location day still lacks before registration can open.

Every part is checked: a speaker in every speaker slot, four to six workgroups per round,
each with a room, a facilitator and a capacity, the day's number of seats, enough workgroup
seats in every round for them, valid dates and an address, and the edition's parts that
other features own (the evaluation form: `edition_check`). Each missing item is a
`Missing`: a human-readable sentence with the link to the page where it is fixed.

Built from already-loaded objects into plain values, so the template only renders, and
the publishing rule can refuse a day with the same reasons (`missing_items`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.common.language import in_language
from app.programme.models import Edition, ItemKind, LocationDay, ProgrammeItem
from app.timeutil import local_to_utc

MIN_WORKGROUPS_PER_ROUND = 4
MAX_WORKGROUPS_PER_ROUND = 6


@dataclass(frozen=True)
class Missing:
    """One thing a location lacks. `kind` groups like items (the dashboard counts them per
    location); `url` is the page where this item is fixed, `section_url` the page that
    lists all items of its kind."""

    kind: str
    text: str  # may be Markup (a Dutch title marked lang="nl")
    url: str
    section_url: str = ""
    organisers_only: bool = False  # fixed on an edition-wide page that coordinators cannot open

    def __str__(self) -> str:
        """Plain text (for a flash message or a form error, which escape it themselves)."""
        return self.text.striptags() if isinstance(self.text, Markup) else str(self.text)

    def __html__(self) -> str:
        return str(escape(self.text))


# Kinds of missing items, in the order the page shows the parts.
SPEAKER = "speaker"
OFFER_COUNT = "offer_count"
OFFER_ROOM = "offer_room"
OFFER_FACILITATOR = "offer_facilitator"
OFFER_CAPACITY = "offer_capacity"
CAPACITY = "capacity"
SEATS = "seats"
ADDRESS = "address"
DATES = "dates"
EVALUATION_FORM = "evaluation_form"

# Checks of an edition that features above the programme own (the evaluation form), so this
# module imports none of them: they register here when their module loads.
EditionCheck = Callable[[Edition], list[Missing]]
_edition_checks: list[EditionCheck] = []


def edition_check(check: EditionCheck) -> EditionCheck:
    """Register a check that applies to every location day of an edition."""
    if check not in _edition_checks:
        _edition_checks.append(check)
    return check


def edition_missing(edition: Edition) -> list[Missing]:
    return [missing for check in _edition_checks for missing in check(edition)]


@dataclass(frozen=True)
class SlotCell:
    title: str
    speakers: tuple[str, ...]
    missing: bool


@dataclass(frozen=True)
class OfferCell:
    title: str
    room: str
    capacity: int | None
    facilitator: str
    problems: tuple[tuple[str, str], ...]  # (kind, what is missing)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(text for _kind, text in self.problems)


@dataclass(frozen=True)
class RoundCell:
    round: int
    offers: tuple[OfferCell, ...]
    problems: tuple[str, ...]
    seats: int  # workgroup seats in the round's open offers

    @property
    def ok(self) -> bool:
        return not self.problems and not any(offer.problems for offer in self.offers)


@dataclass(frozen=True)
class Part:
    """A compact status mark for one part of a location: label, ok or not, and a short figure."""

    key: str
    label: str
    ok: bool
    summary: str


@dataclass
class LocationRow:
    location_id: int
    city: str
    venue: str
    slots: list[SlotCell] = field(default_factory=list)
    rounds: list[RoundCell] = field(default_factory=list)
    problems: list[Missing] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Readiness:
    columns: tuple[str, ...]  # speaker slots, in programme order
    rounds: tuple[int, ...]
    rows: tuple[LocationRow, ...]
    part_labels: tuple[str, ...] = ()

    @property
    def ready_count(self) -> int:
        return sum(row.ready for row in self.rows)


def build_readiness(edition: Edition, locations: list[LocationDay]) -> Readiness:
    """Readiness of these locations (all of the edition's, or a coordinator's own)."""
    slots = [item for item in edition.programme_items if ItemKind(item.kind).takes_speaker]
    rounds = sorted({item.workgroup_round for item in edition.programme_items if item.workgroup_round})
    shared = edition_missing(edition)
    rows = tuple(_location_row(location, slots, rounds, shared) for location in locations)
    return Readiness(
        columns=tuple(in_language(item, "title") for item in slots),
        rounds=tuple(rounds),
        rows=rows,
        part_labels=tuple(label for _key, label in _part_labels()),
    )


def location_readiness(location: LocationDay) -> LocationRow:
    """One location's readiness (e.g. before publishing it)."""
    return build_readiness(location.edition, [location]).rows[0]


def missing_items(location: LocationDay) -> list[Missing]:
    """What the location lacks, each with the link to its fix; empty when it is ready."""
    return location_readiness(location).problems


def _part_labels() -> list[tuple[str, str]]:
    return [
        ("speakers", _("Sprekers")),
        ("workgroups", _("Werkgroepen")),
        ("seats", _("Plaatsen")),
        ("evaluation", _("Evaluatie")),
        ("details", _("Datum en adres")),
    ]


def _url(endpoint: str, **values: Any) -> str:
    try:
        return url_for(endpoint, **values)
    except RuntimeError:  # no request (a command without SERVER_NAME): the text alone
        return ""


def _location_row(
    location: LocationDay, slots: list[ProgrammeItem], rounds: list[int], shared: list[Missing]
) -> LocationRow:
    row = LocationRow(location_id=location.id, city=location.city, venue=location.venue)
    programme_url = _url("manage.location", location_id=location.id, _anchor="programma")
    offers_url = _url("manage.location", location_id=location.id, _anchor="werkgroepen")
    edit_url = _url("manage.edit_location", location_id=location.id)
    labels = dict(_part_labels())

    # Speakers.
    for item in slots:
        names = tuple(c.speaker.name for c in location.contributions if c.programme_item_id == item.id)
        row.slots.append(SlotCell(title=in_language(item, "title"), speakers=names, missing=not names))
        if not names:
            # The sentence escaped as any text, the title marked lang="nl" where it is Dutch.
            sentence = escape(_("Geen spreker bij '%(title)s'", title="%(title)s"))
            text = Markup(sentence) % {"title": in_language(item, "title")}
            row.problems.append(Missing(SPEAKER, text, programme_url, programme_url))
    filled = sum(not cell.missing for cell in row.slots)
    row.parts.append(
        Part("speakers", labels["speakers"], filled == len(row.slots), _("%(n)s van %(m)s", n=filled, m=len(slots)))
    )

    # Workgroups, and the seats they give.
    for number in rounds:
        cell = _round_cell(location, number)
        row.rounds.append(cell)
        row.problems.extend(
            Missing(OFFER_COUNT, _("Ronde %(round)s: %(problem)s", round=number, problem=p), offers_url, offers_url)
            for p in cell.problems
        )
        for offer, offer_id in zip(cell.offers, _open_offer_ids(location, number), strict=True):
            for kind, problem in offer.problems:
                row.problems.append(
                    Missing(
                        kind,
                        _("Ronde %(round)s, %(title)s: %(problem)s", round=number, title=offer.title, problem=problem),
                        _url("workgroups_manage.edit_offer", offer_id=offer_id),
                        offers_url,
                    )
                )
    row.parts.append(
        Part(
            "workgroups",
            labels["workgroups"],
            all(cell.ok for cell in row.rounds),
            " · ".join(_("ronde %(round)s: %(count)s", round=cell.round, count=len(cell.offers)) for cell in row.rounds)
            or _("geen werkgroepronde"),
        )
    )

    seats_ok = True
    if location.capacity <= 0:
        seats_ok = False
        row.problems.append(Missing(CAPACITY, _("Aantal plaatsen ontbreekt"), edit_url, edit_url))
    else:
        for cell in row.rounds:
            if cell.seats < location.capacity:
                seats_ok = False
                row.problems.append(
                    Missing(
                        SEATS,
                        _(
                            "Ronde %(round)s: %(seats)s werkgroepplaatsen voor %(capacity)s deelnemers",
                            round=cell.round,
                            seats=cell.seats,
                            capacity=location.capacity,
                        ),
                        offers_url,
                        offers_url,
                    )
                )
    fewest = min((cell.seats for cell in row.rounds), default=None)
    row.parts.append(
        Part(
            "seats",
            labels["seats"],
            seats_ok,
            _("%(capacity)s, %(seats)s in werkgroepen", capacity=location.capacity, seats=fewest)
            if fewest is not None
            else str(location.capacity),
        )
    )

    # The edition's parts (the evaluation form).
    row.problems.extend(shared)
    row.parts.append(
        Part("evaluation", labels["evaluation"], not shared, _("ontbreekt") if shared else _("formulier klaar"))
    )

    # Date, registration period and address.
    details = _detail_problems(location)
    row.problems.extend(Missing(kind, text, edit_url, edit_url) for kind, text in details)
    row.parts.append(Part("details", labels["details"], not details, format_date(location.date, "d MMM yyyy")))
    return row


def _detail_problems(location: LocationDay) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if not location.address.strip():
        problems.append((ADDRESS, _("Adres ontbreekt")))
    opens, closes = location.registration_opens_at, location.registration_closes_at
    if opens is not None and closes is not None and closes <= opens:
        problems.append((DATES, _("De inschrijving sluit niet na de opening")))
    if closes is not None and location.date is not None and location.doors_open is not None:
        if closes > local_to_utc(location.date, location.doors_open):
            problems.append((DATES, _("De inschrijving sluit pas na het begin van de dag")))
    return problems


def _open_offers(location: LocationDay, number: int) -> list:
    return sorted(
        (offer for offer in location.workgroup_offers if offer.round == number and offer.is_open),
        key=lambda offer: (offer.workgroup.title, offer.id),
    )


def _open_offer_ids(location: LocationDay, number: int) -> list[int]:
    return [offer.id for offer in _open_offers(location, number)]


def _round_cell(location: LocationDay, number: int) -> RoundCell:
    offers = _open_offers(location, number)
    cells = tuple(
        OfferCell(
            title=offer.workgroup.title,
            room=offer.room,
            capacity=offer.capacity,
            facilitator=offer.facilitator,
            problems=tuple(
                (kind, problem)
                for kind, problem, missing in (
                    (OFFER_ROOM, _("zaal ontbreekt"), not offer.room.strip()),
                    (OFFER_CAPACITY, _("capaciteit ontbreekt"), not offer.capacity),
                    (OFFER_FACILITATOR, _("begeleider ontbreekt"), not offer.facilitator.strip()),
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
    seats = sum(offer.capacity or 0 for offer in offers)
    return RoundCell(round=number, offers=cells, problems=tuple(problems), seats=seats)
