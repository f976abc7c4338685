"""Report data as plain values, built before any template or WeasyPrint sees it.

Nothing here imports Flask or SQLAlchemy: callers pass plain rows in, so the builders
are easy to test and to time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time

from app.names import fold, name_sort_key


@dataclass(frozen=True)
class SpeakerLine:
    name: str
    organisation: str
    contribution: str


@dataclass(frozen=True)
class ProgrammeRow:
    start: time
    end: time
    title: str
    kind: str
    description: str
    speakers: tuple[SpeakerLine, ...]


@dataclass(frozen=True)
class WorkgroupRow:
    round: int
    title: str
    description: str
    room: str
    facilitator: str
    capacity: int | None


@dataclass(frozen=True)
class DayHeader:
    edition_name: str
    theme: str
    city: str
    venue: str
    address: str
    date: date
    doors_open: time
    organising_alliance: str
    coordinating_organisations: tuple[str, ...]


@dataclass(frozen=True)
class BookletContext:
    day: DayHeader
    programme: tuple[ProgrammeRow, ...]
    workgroups: tuple[WorkgroupRow, ...]
    rounds: tuple[int, ...]
    partners: tuple[str, ...]
    funders: tuple[str, ...]

    def workgroups_in(self, round_: int) -> tuple[WorkgroupRow, ...]:
        return tuple(row for row in self.workgroups if row.round == round_)


def build_booklet(
    day: DayHeader,
    programme: Iterable[ProgrammeRow],
    workgroups: Iterable[WorkgroupRow],
    partners: Sequence[str] = (),
    funders: Sequence[str] = (),
) -> BookletContext:
    """Programme in time order; workgroups by round, then title (Dutch collation is
    close enough to casefold for our titles)."""
    ordered_programme = tuple(sorted(programme, key=lambda row: (row.start, row.end)))
    ordered_workgroups = tuple(sorted(workgroups, key=lambda row: (row.round, row.title.casefold())))
    return BookletContext(
        day=day,
        programme=ordered_programme,
        workgroups=ordered_workgroups,
        rounds=tuple(sorted({row.round for row in ordered_workgroups})),
        partners=tuple(partners),
        funders=tuple(funders),
    )


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word where possible, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–·") + "…"


# --- plain input rows -------------------------------------------------------------------


@dataclass(frozen=True)
class OfferInfo:
    """A workgroup offered at a location in one round."""

    id: int
    location_id: int
    workgroup_id: int
    round: int
    title: str
    room: str
    facilitator: str
    capacity: int | None
    is_open: bool = True
    start: time | None = None  # the round's time in the programme
    end: time | None = None


@dataclass(frozen=True)
class Person:
    """One registration, as the reports need it."""

    id: int
    location_id: int
    name: str
    organisation: str
    kind: str  # kind of organisation; "" when not given
    status: str  # confirmed / waiting / cancelled
    source: str  # online / manual / walk_in
    checked_in: bool
    first_choices: tuple[tuple[int, int], ...] = ()  # (round, workgroup id)
    assignments: tuple[tuple[int, int], ...] = ()  # (round, offer id), current
    published: tuple[tuple[int, int | None], ...] = ()  # (round, offer id last told)
    photo_consent: bool | None = None  # None: not answered, which counts as no

    @property
    def no_photos(self) -> bool:
        return self.photo_consent is not True

    @property
    def is_confirmed(self) -> bool:
        return self.status == "confirmed"

    def offer_in(self, round_: int) -> int | None:
        return next((offer for r, offer in self.assignments if r == round_), None)

    def told_in(self, round_: int) -> int | None:
        return next((offer for r, offer in self.published if r == round_), None)


def _confirmed_in_name_order(people: Iterable[Person]) -> list[Person]:
    return sorted((p for p in people if p.is_confirmed), key=lambda p: name_sort_key(p.name))


# --- sign-in sheets ---------------------------------------------------------------------

# Rows of 9.5 mm: a page holds ROWS_FIRST rows under the sheet's heading and ROWS_NEXT on
# every further page. Every row has that height in the template, so this is exact.
ROWS_FIRST = 20
ROWS_NEXT = 24
ORGANISATION_CHARS = 52


@dataclass(frozen=True)
class SignInRow:
    name: str
    organisation: str
    no_photos: bool = False  # marked on the sheet: do not photograph this person


@dataclass(frozen=True)
class SignInPage:
    number: int  # 1-based within the sheet
    rows: tuple[SignInRow, ...]
    blank_rows: int  # empty lines for late additions, filling the page

    @property
    def no_photos(self) -> bool:
        return any(row.no_photos for row in self.rows)


@dataclass(frozen=True)
class SignInSheet:
    day: DayHeader
    offer: OfferInfo | None  # None: the sheet for the whole day
    participants: int
    pages: tuple[SignInPage, ...]
    unpublished_changes: int = 0  # assignments that differ from what participants were told
    show_round: bool = False  # the location has more than one workgroup round

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def no_photos(self) -> bool:
        return any(page.no_photos for page in self.pages)


@dataclass(frozen=True)
class SignInBook:
    """One or more sheets printed together; each sheet starts on a new page."""

    day: DayHeader
    sheets: tuple[SignInSheet, ...]

    @property
    def page_count(self) -> int:
        return sum(sheet.page_count for sheet in self.sheets)


def paginate(rows: Sequence[SignInRow], first: int = ROWS_FIRST, following: int = ROWS_NEXT) -> tuple[SignInPage, ...]:
    """Split rows over pages of fixed size; the last page is filled with empty lines."""
    pages: list[SignInPage] = []
    start = 0
    while True:
        size = first if not pages else following
        chunk = tuple(rows[start : start + size])
        pages.append(SignInPage(len(pages) + 1, chunk, size - len(chunk)))
        start += size
        if start >= len(rows):
            return tuple(pages)


def build_sign_in_sheet(
    day: DayHeader, people: Iterable[Person], offer: OfferInfo | None = None, show_round: bool = False
) -> SignInSheet:
    """Confirmed participants in Dutch name order: of the whole day, or of one workgroup
    (by their current assignment)."""
    selected = _confirmed_in_name_order(people)
    unpublished = 0
    if offer is not None:
        unpublished = sum(
            1
            for p in selected
            if p.offer_in(offer.round) != p.told_in(offer.round)
            and offer.id in (p.offer_in(offer.round), p.told_in(offer.round))
        )
        selected = [p for p in selected if p.offer_in(offer.round) == offer.id]
    rows = [SignInRow(p.name, shorten(p.organisation, ORGANISATION_CHARS), p.no_photos) for p in selected]
    return SignInSheet(day, offer, len(rows), paginate(rows), unpublished, show_round)


def build_sign_in_book(
    day: DayHeader, people: Sequence[Person], offers: Iterable[OfferInfo] | None = None
) -> SignInBook:
    """Without offers: the sheet for the whole day. With offers: one sheet per open
    workgroup, by round and title."""
    if offers is None:
        return SignInBook(day, (build_sign_in_sheet(day, people),))
    offers = list(offers)
    several = len({offer.round for offer in offers}) > 1
    ordered = sorted((o for o in offers if o.is_open), key=lambda o: (o.round, fold(o.title)))
    return SignInBook(day, tuple(build_sign_in_sheet(day, people, offer, several) for offer in ordered))


# --- name badges ------------------------------------------------------------------------

BADGES_PER_SHEET = 8  # 2 x 4 badges of 90 x 60 mm on A4
BADGE_ORGANISATION_CHARS = 40  # one line: the lines below it have fixed places


@dataclass(frozen=True)
class Badge:
    name: str  # "" for a blank badge, written by hand at the door
    organisation: str
    workgroups: tuple[str, ...]  # "Participatiewet · Zaal 1", one per round
    size: str  # xl / l / m / s: the name's type size, by length
    no_photos: bool = False  # a small mark: do not photograph this person

    @property
    def blank(self) -> bool:
        return not self.name


@dataclass(frozen=True)
class BadgeBook:
    day: DayHeader
    sheets: tuple[tuple[Badge, ...], ...]
    participants: int
    rounds: int = 0  # workgroup rounds of the day: 0 prints no workgroup label


def name_size(name: str) -> str:
    length = len(name)
    if length <= 16:
        return "xl"
    if length <= 22:
        return "l"
    if length <= 30:
        return "m"
    return "s"


def build_badges(day: DayHeader, people: Iterable[Person], offers: Iterable[OfferInfo]) -> BadgeBook:
    """A badge per confirmed participant in name order (so they are quick to find at the
    door), with their workgroup and room per round; the last sheet is filled with blanks."""
    by_id = {offer.id: offer for offer in offers}
    rounds = len({offer.round for offer in by_id.values() if offer.is_open})
    several_rounds = rounds > 1
    badges = []
    for person in _confirmed_in_name_order(people):
        lines = []
        for round_, offer_id in sorted(person.assignments):
            offer = by_id.get(offer_id)
            if offer is None:
                continue
            # One line per round when there are several, else up to two; the room always
            # shows, and never breaks over two lines (no-break spaces).
            prefix = f"{round_}. " if several_rounds else ""
            room = "\u00a0·\u00a0" + offer.room.replace(" ", "\u00a0") if offer.room else ""
            budget = (46 if several_rounds else 84) - len(prefix) - len(room)
            lines.append(prefix + shorten(offer.title, max(budget, 12)) + room)
        organisation = shorten(person.organisation, BADGE_ORGANISATION_CHARS)
        badges.append(Badge(person.name, organisation, tuple(lines), name_size(person.name), person.no_photos))
    count = len(badges)
    blanks = -count % BADGES_PER_SHEET if count else BADGES_PER_SHEET
    badges += [Badge("", "", (), "")] * blanks
    sheets = tuple(tuple(badges[i : i + BADGES_PER_SHEET]) for i in range(0, len(badges), BADGES_PER_SHEET))
    return BadgeBook(day=day, sheets=sheets, participants=count, rounds=rounds)
