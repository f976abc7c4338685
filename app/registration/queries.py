"""What the pages read: counts per location, waiting-list positions, the registration
window, offers per round, and the organisers' search.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, case, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from app.common.text import one_line
from app.extensions import db
from app.names import name_sort_key
from app.programme.models import Edition, LocationDay, State
from app.registration.models import Registration, Source, Status, WorkgroupPreference
from app.workgroups.models import WorkgroupOffer


@dataclass(frozen=True)
class Counts:
    capacity: int
    confirmed: int = 0
    waiting: int = 0
    cancelled: int = 0
    present: int = 0
    over_capacity: int = 0  # walk-ins admitted on a full day: confirmed, but not in a seat
    walk_ins: int = 0  # confirmed walk-ins, over capacity or not

    @property
    def seated(self) -> int:
        """Confirmed registrations that hold one of the seats."""
        return self.confirmed - self.over_capacity

    @property
    def left(self) -> int:
        return max(self.capacity - self.seated, 0)

    @property
    def registered(self) -> int:
        return self.confirmed + self.waiting


# The registration form's location with its edition, offers and workgroups: one query,
# built once per process (a statement is immutable; only the slugs change).
_LOCATION_FOR_FORM = (
    select(LocationDay)
    .join(LocationDay.edition)
    .where(Edition.slug == bindparam("slug"), LocationDay.slug == bindparam("location_slug"))
    .options(
        contains_eager(LocationDay.edition),
        joinedload(LocationDay.workgroup_offers).joinedload(WorkgroupOffer.workgroup),
    )
)


def location_for_form(slug: str, location_slug: str) -> LocationDay | None:
    """The location of /<slug>/<location_slug>/aanmelden, ready for the form: its edition,
    and its offers with their workgroups (for the choices), in one query."""
    return db.session.scalars(_LOCATION_FOR_FORM, {"slug": slug, "location_slug": location_slug}).unique().one_or_none()


def normalise_email(email: str | None) -> str | None:
    email = one_line(email)
    return email.lower() or None


def counts_for(locations: Sequence[LocationDay]) -> dict[int, Counts]:
    """Counts per location in one query, whatever the number of registrations."""
    ids = [location.id for location in locations]
    rows = db.session.execute(
        select(
            Registration.location_day_id,
            Registration.status,
            func.count(),
            func.count(Registration.checked_in_at),
            func.sum(case((Registration.over_capacity.is_(True), 1), else_=0)),
            func.sum(case((Registration.source == Source.WALK_IN, 1), else_=0)),
        )
        .where(Registration.location_day_id.in_(ids))
        .group_by(Registration.location_day_id, Registration.status)
    ).all()
    values: dict[int, dict[str, int]] = {location_id: {} for location_id in ids}
    for location_id, status, number, present, over_capacity, walk_ins in rows:
        values[location_id][Status(status).value] = number
        values[location_id]["present"] = values[location_id].get("present", 0) + present
        if Status(status) == Status.CONFIRMED:
            values[location_id]["over_capacity"] = int(over_capacity or 0)
            values[location_id]["walk_ins"] = int(walk_ins or 0)
    return {location.id: Counts(capacity=location.capacity, **values[location.id]) for location in locations}


def counts(location: LocationDay) -> Counts:
    return counts_for([location])[location.id]


def waiting_position(registration: Registration) -> int | None:
    """1 for the first in line; None when not waiting."""
    if registration.status != Status.WAITING:
        return None
    ahead = db.session.execute(
        select(func.count()).where(
            Registration.location_day_id == registration.location_day_id,
            Registration.status == Status.WAITING,
            or_(
                Registration.waiting_since < registration.waiting_since,
                and_(Registration.waiting_since == registration.waiting_since, Registration.id < registration.id),
            ),
        )
    ).scalar_one()
    return ahead + 1


def waiting_positions(location: LocationDay) -> dict[int, int]:
    ids = db.session.scalars(
        select(Registration.id)
        .where(Registration.location_day_id == location.id, Registration.status == Status.WAITING)
        .order_by(Registration.waiting_since, Registration.id)
    )
    return {registration_id: position for position, registration_id in enumerate(ids, start=1)}


def offers_by_round(location: LocationDay) -> dict[int, list[WorkgroupOffer]]:
    offers = db.session.scalars(
        select(WorkgroupOffer)
        .where(WorkgroupOffer.location_day_id == location.id)
        .options(selectinload(WorkgroupOffer.workgroup))
    )
    return group_by_round(offers)


def group_by_round(offers: Iterable[WorkgroupOffer]) -> dict[int, list[WorkgroupOffer]]:
    """The offers that run, per round, each round's by title (for offers already loaded with
    their workgroup). A dropped workgroup cannot be chosen."""
    by_round: dict[int, list[WorkgroupOffer]] = {}
    running = (offer for offer in offers if offer.is_open)
    for offer in sorted(running, key=lambda offer: (offer.round, offer.workgroup.title)):
        by_round.setdefault(offer.round, []).append(offer)
    return by_round


def registration_window(location: LocationDay, now: datetime) -> str:
    """'before', 'open' or 'after'. A draft is 'before' (it is not open yet, whatever its
    dates); an archived day or edition is 'after'."""
    if location.state == State.ARCHIVED or location.edition.state == State.ARCHIVED:
        return "after"
    if location.state == State.DRAFT or location.edition.state == State.DRAFT:
        return "before"
    if now < location.registration_opens_at:
        return "before"
    if now >= location.registration_closes_at or location.is_cancelled:
        return "after"
    return "open"


@dataclass(frozen=True)
class Filters:
    search: str = ""
    status: str = ""  # confirmed / waiting / cancelled / "" for all
    source: str = ""
    present: str = ""  # "yes" / "no" / ""
    kind_id: int | None = None


def _search(location: LocationDay, filters: Filters, *columns):
    query = select(*columns).where(Registration.location_day_id == location.id)
    text = filters.search.strip().lower()
    if text:
        pattern = f"%{_escape_like(text)}%"
        query = query.where(
            or_(
                func.lower(Registration.name).like(pattern, escape="\\"),
                func.lower(Registration.email_normalised).like(pattern, escape="\\"),
                func.lower(Registration.organisation).like(pattern, escape="\\"),
                func.lower(Registration.municipality).like(pattern, escape="\\"),
            )
        )
    if filters.status in {s.value for s in Status}:
        query = query.where(Registration.status == Status(filters.status))
    if filters.source in {s.value for s in Source}:
        query = query.where(Registration.source == Source(filters.source))
    if filters.present == "yes":
        query = query.where(Registration.checked_in_at.is_not(None))
    elif filters.present == "no":
        query = query.where(Registration.checked_in_at.is_(None))
    if filters.kind_id:
        query = query.where(Registration.organisation_kind_id == filters.kind_id)
    return query


def _with_details(query):
    return query.options(
        selectinload(Registration.preferences).joinedload(WorkgroupPreference.workgroup),
        selectinload(Registration.organisation_kind),
    )


def search_registrations(location: LocationDay, filters: Filters = Filters()) -> list[Registration]:
    """Every matching registration in list order (the exports): one query for the rows,
    one for their preferences."""
    query = _with_details(_search(location, filters, Registration))
    return sorted(db.session.scalars(query), key=_list_order)


PAGE_SIZE = 100


@dataclass(frozen=True)
class Page:
    """One page of the organiser list (the attributes of Flask-SQLAlchemy's pagination)."""

    items: list[Registration]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(-(-self.total // self.per_page), 1)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def search_page(location: LocationDay, filters: Filters = Filters(), page: int = 1, per_page: int = PAGE_SIZE) -> Page:
    """One page of the list in list order: the order is decided on four light columns of
    every match (names sort in Dutch order, which SQL cannot do), then only the page's
    rows are read with their preferences, so the page costs the same at 2,000 as at 20."""
    light = db.session.execute(
        _search(
            location, filters, Registration.id, Registration.status, Registration.name, Registration.waiting_since
        ).order_by(Registration.id)  # equal names keep one order from page to page
    ).all()
    ordered = sorted(light, key=lambda row: _order_key(row.status, row.name, row.waiting_since, row.id))
    pages = max(-(-len(ordered) // per_page), 1)
    page = min(max(page, 1), pages)
    ids = [row.id for row in ordered[(page - 1) * per_page : page * per_page]]
    rows = {r.id: r for r in db.session.scalars(_with_details(select(Registration).where(Registration.id.in_(ids))))}
    return Page([rows[i] for i in ids if i in rows], page, per_page, len(ordered))


_STATUS_ORDER = {Status.CONFIRMED: 0, Status.WAITING: 1, Status.CANCELLED: 2}


def _list_order(registration: Registration) -> tuple:
    return _order_key(registration.status, registration.name, registration.waiting_since, registration.id)


def _order_key(status: Status, name: str, waiting_since: datetime, registration_id: int) -> tuple:
    """Confirmed, then waiting, then cancelled; the waiting list in its own order, the others
    by name in Dutch order (particles ignored), as on the printed sign-in sheets."""
    rank = _STATUS_ORDER[status]
    if status == Status.WAITING:
        return rank, (waiting_since, registration_id)
    return rank, name_sort_key(name)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
