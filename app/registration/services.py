"""Business rules for registrations: capacity, waiting list, duplicates, changes,
check-in and privacy.

Services take model objects and plain values (never a form or the request), raise
RegistrationError with a user-facing message and the form field it belongs to, queue
their mail in the outbox (a row in the same transaction, sent by a worker after the
commit, see app/mail/) and only flush: the caller commits.

Capacity rule: every change that can fill or free a seat first locks the location's row
(``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite already lets one writer at a time), then
counts the confirmed registrations, then decides. A new registration takes a free seat
only when nobody is waiting, otherwise it joins the back of the queue (its place taken
after the lock); ``_fill_seats`` confirms the queue's front while seats are free, so a
newcomer can never overtake someone already waiting. Confirmed <= capacity always holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, delete, func, insert, literal, or_, select, update
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app.common.privacy import personal_data_removed
from app.common.ratelimit import allow
from app.common.text import one_line
from app.extensions import db
from app.mail import anonymise_registrations, forget_registration
from app.programme.models import Edition, LocationDay
from app.registration import links, notify
from app.registration.models import OrganisationKind, Registration, Source, Status, WorkgroupPreference
from app.registration.photo_consent import forget as forget_photo_consent
from app.timeutil import utcnow
from app.workgroups.models import WorkgroupAssignment, WorkgroupOffer

MAX_CHOICES = 3

# Stored as data, in Dutch; the organiser edits the list per edition.
DEFAULT_ORGANISATION_KINDS = (
    "Cliëntenraad",
    "Armoedeorganisatie",
    "Vakbond",
    "Kerk of geloofsgemeenschap",
    "Mantelzorg",
    "Organisatie voor psychische gezondheid (ggz)",
    "Anders",
)


class RegistrationError(ValueError):
    """A rule was broken; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass
class RegistrationResult:
    registration: Registration
    created: bool  # False: the address was already registered here; the link went out again
    promoted: list[Registration] = field(default_factory=list)


@dataclass(frozen=True)
class Counts:
    capacity: int
    confirmed: int = 0
    waiting: int = 0
    cancelled: int = 0
    present: int = 0

    @property
    def left(self) -> int:
        return max(self.capacity - self.confirmed, 0)

    @property
    def registered(self) -> int:
        return self.confirmed + self.waiting


# --- organisation kinds ---------------------------------------------------------------


def seed_organisation_kinds(edition: Edition) -> list[OrganisationKind]:
    """The seven default kinds, in Dutch; does nothing when the edition has any."""
    if organisation_kinds(edition):
        return []
    kinds = [
        OrganisationKind(edition=edition, name=name, position=position)
        for position, name in enumerate(DEFAULT_ORGANISATION_KINDS, start=1)
    ]
    db.session.add_all(kinds)
    db.session.flush()
    return kinds


def organisation_kinds(edition: Edition) -> list[OrganisationKind]:
    return list(
        db.session.scalars(
            select(OrganisationKind)
            .where(OrganisationKind.edition_id == edition.id)
            .order_by(OrganisationKind.position, OrganisationKind.name)
        )
    )


def add_organisation_kind(edition: Edition, name: str) -> OrganisationKind:
    name = (name or "").strip()
    if not name:
        raise RegistrationError(_("Vul een naam in."), field="name")
    existing = organisation_kinds(edition)
    if any(kind.name.lower() == name.lower() for kind in existing):
        raise RegistrationError(_("Deze soort staat al in de lijst."), field="name")
    kind = OrganisationKind(edition=edition, name=name, position=1 + max((k.position for k in existing), default=0))
    db.session.add(kind)
    db.session.flush()
    return kind


def rename_organisation_kind(kind: OrganisationKind, name: str) -> OrganisationKind:
    name = (name or "").strip()
    if not name:
        raise RegistrationError(_("Vul een naam in."), field="name")
    if any(k is not kind and k.name.lower() == name.lower() for k in organisation_kinds(kind.edition)):
        raise RegistrationError(_("Deze soort staat al in de lijst."), field="name")
    kind.name = name
    db.session.flush()
    return kind


def delete_organisation_kind(kind: OrganisationKind) -> None:
    """Registrations that chose it keep their registration, without a kind."""
    db.session.execute(
        update(Registration).where(Registration.organisation_kind_id == kind.id).values(organisation_kind_id=None)
    )
    db.session.delete(kind)
    db.session.flush()


# --- reading --------------------------------------------------------------------------


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
        )
        .where(Registration.location_day_id.in_(ids))
        .group_by(Registration.location_day_id, Registration.status)
    ).all()
    values: dict[int, dict[str, int]] = {location_id: {} for location_id in ids}
    for location_id, status, number, present in rows:
        values[location_id][Status(status).value] = number
        values[location_id]["present"] = values[location_id].get("present", 0) + present
    return {location.id: Counts(capacity=location.capacity, **values[location.id]) for location in locations}


def counts(location: LocationDay) -> Counts:
    return counts_for([location])[location.id]


def waiting_position(registration: Registration) -> int | None:
    """1 for the first in line; None when not waiting."""
    if registration.status != Status.WAITING:
        return None
    ahead = db.session.scalar(
        select(func.count()).where(
            Registration.location_day_id == registration.location_day_id,
            Registration.status == Status.WAITING,
            or_(
                Registration.waiting_since < registration.waiting_since,
                and_(Registration.waiting_since == registration.waiting_since, Registration.id < registration.id),
            ),
        )
    )
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
    """Offers per round, each round's by title (for offers already loaded with their workgroup)."""
    by_round: dict[int, list[WorkgroupOffer]] = {}
    for offer in sorted(offers, key=lambda offer: (offer.round, offer.workgroup.title)):
        by_round.setdefault(offer.round, []).append(offer)
    return by_round


def registration_window(location: LocationDay, now: datetime) -> str:
    """'before', 'open' or 'after'."""
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


def search_registrations(location: LocationDay, filters: Filters = Filters()) -> list[Registration]:
    """The organiser list: one query for the rows, one for their preferences."""
    query = (
        select(Registration)
        .where(Registration.location_day_id == location.id)
        .options(
            selectinload(Registration.preferences).joinedload(WorkgroupPreference.workgroup),
            selectinload(Registration.organisation_kind),
        )
    )
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
    order = case((Registration.status == Status.CONFIRMED, 0), (Registration.status == Status.WAITING, 1), else_=2)
    query = query.order_by(order, Registration.waiting_since, Registration.id)
    return list(db.session.scalars(query))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# --- the lock -------------------------------------------------------------------------


def _lock(location: LocationDay) -> LocationDay:
    """Hold the location's row until the transaction ends, and re-read it.

    On PostgreSQL this is SELECT ... FOR NO KEY UPDATE: concurrent registrations for the
    same location queue up here, and each sees the others' committed rows when it counts.
    ("NO KEY": a registration inserted before the lock holds a key-share lock on its
    location through the foreign key; a plain FOR UPDATE would wait for it, a deadlock.)
    SQLite ignores the clause (it lets one writer at a time). Tests switch the lock off
    with REGISTRATION_LOCKING = False to show that it is needed.
    """
    if not current_app.config.get("REGISTRATION_LOCKING", True):
        return location
    return db.session.scalars(
        select(LocationDay)
        .where(LocationDay.id == location.id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    ).one()


def _lock_capacity(location: LocationDay) -> int:
    """The same lock as `_lock`, reading only the number of seats (less work while held)."""
    if not current_app.config.get("REGISTRATION_LOCKING", True):
        return db.session.scalar(select(LocationDay.capacity).where(LocationDay.id == location.id))
    return db.session.scalar(
        select(LocationDay.capacity).where(LocationDay.id == location.id).with_for_update(key_share=True)
    )


def _confirmed_count(location: LocationDay) -> int:
    return db.session.scalar(
        select(func.count()).where(Registration.location_day_id == location.id, Registration.status == Status.CONFIRMED)
    )


def _fill_seats(location: LocationDay, exclude: Registration | None = None) -> list[Registration]:
    """Confirm the front of the waiting list while seats are free. Call with the lock held."""
    db.session.flush()
    free = location.capacity - _confirmed_count(location)
    if free <= 0:
        return []
    front = list(
        db.session.scalars(
            select(Registration)
            .where(Registration.location_day_id == location.id, Registration.status == Status.WAITING)
            .order_by(Registration.waiting_since, Registration.id)
            .limit(free)
        )
    )
    for registration in front:
        registration.status = Status.CONFIRMED
        registration.revision += 1
        if registration is not exclude:
            notify.promoted(registration)
    db.session.flush()
    return [registration for registration in front if registration is not exclude]


# --- registering ----------------------------------------------------------------------


def register_participant(
    location: LocationDay,
    *,
    name: str,
    email: str | None,
    organisation: str = "",
    organisation_kind: OrganisationKind | None = None,
    municipality: str = "",
    needs: str = "",
    preferences: Mapping[int, Sequence[int | None]] | None = None,
    consent: bool = False,
    language: str = "nl",
    source: Source = Source.ONLINE,
    now: datetime | None = None,
    photo_consent: bool | None = None,
) -> RegistrationResult:
    """Register someone: confirmed while seats are free, otherwise on the waiting list.

    Registering again with the same address at the same location creates nothing: the
    personal link goes out again (at most REGISTRATION_MAIL_RATE_LIMIT times per address,
    as nobody confirmed that the address is theirs). A cancelled registration is taken
    up again as a new one: new details, no workgroup yet, and a new personal link (the
    old link stops working).
    """
    explicit_time = now is not None
    now = now or utcnow()
    online = source == Source.ONLINE
    if online and registration_window(location, now) != "open":
        raise RegistrationError(_("Aanmelden voor deze dag kan nu niet."))
    name = _required_text(name, "name", _l("Vul uw naam in."))
    email_normalised = normalise_email(email)
    if online and not email_normalised:
        raise RegistrationError(_("Vul uw e-mailadres in."), field="email")
    if online and not consent:
        raise RegistrationError(_("Geef toestemming voor het gebruik van uw gegevens."), field="consent")
    _check_kind(location, organisation_kind)
    choices = _checked_preferences(location, preferences or {}, require_first=online)

    existing = None
    if email_normalised:
        existing = db.session.scalar(
            select(Registration).where(
                Registration.location_day_id == location.id, Registration.email_normalised == email_normalised
            )
        )
    if existing is not None and existing.status != Status.CANCELLED:
        if not online or link_mail_allowed(existing):
            notify.link_again(existing)
        return RegistrationResult(existing, created=False)

    # Written before the lock, on the waiting list: other transactions cannot see it
    # until the commit, and the work under the lock stays small.
    registration = existing or Registration(location_day_id=location.id, link_nonce=links.new_nonce())
    if existing is not None:
        links.revoke(registration)
        _forget_workgroups(registration)
    registration.location_day = location
    registration.name = name
    registration.email = one_line(email) or None
    registration.email_normalised = email_normalised
    registration.organisation = one_line(organisation)
    registration.organisation_kind = organisation_kind
    registration.municipality = one_line(municipality)
    registration.needs = clean(needs)
    registration.consent_at = now if consent else None
    registration.photo_consent = photo_consent
    registration.photo_consent_at = now if photo_consent is not None else None
    registration.language = language if language in ("nl", "en") else "nl"
    registration.source = source
    registration.status = Status.WAITING
    registration.waiting_since = now
    registration.cancelled_at = None
    registration.checked_in_at = None
    registration.revision = (registration.revision or 0) + (1 if existing is not None else 0)
    if existing is None:
        registration.created_at = now
        db.session.add(registration)
        db.session.flush()
        _insert_preferences(registration, choices)
    else:
        _replace_preferences(registration, choices)
        db.session.flush()

    # Under the lock: one statement decides the seat and takes the place in the queue
    # (its time taken now, after the lock, so the waiting list is in the order in which
    # registrations got the lock and the position mailed is the position held).
    capacity = _lock_capacity(location)
    place = _take_place(registration, location, capacity, now if explicit_time else utcnow())
    promoted: list[Registration] = []
    if place.status == Status.WAITING and place.confirmed < capacity:
        # Seats free while people wait: only after an inconsistency; the queue's front goes first.
        promoted = _fill_seats(_lock(location), exclude=registration)  # re-read, lock already held
    if registration.status == Status.CONFIRMED:
        notify.confirmed(registration)
    else:
        notify.waiting(registration, place.ahead + 1 if not promoted else waiting_position(registration))
    return RegistrationResult(registration, created=True, promoted=promoted)


@dataclass(frozen=True)
class _Place:
    status: Status
    confirmed: int  # confirmed registrations besides this one
    ahead: int  # people waiting besides this one


def _take_place(registration: Registration, location: LocationDay, capacity: int, queued_at: datetime) -> _Place:
    """Confirm the registration when a seat is free and nobody waits, otherwise keep it
    waiting at the back; one UPDATE, run with the location's lock held."""
    others = and_(Registration.location_day_id == location.id, Registration.id != registration.id)
    confirmed = select(func.count()).where(others, Registration.status == Status.CONFIRMED).scalar_subquery()
    waiting = select(func.count()).where(others, Registration.status == Status.WAITING).scalar_subquery()
    seat = and_(confirmed < capacity, waiting == 0)
    status, confirmed_count, ahead = db.session.execute(
        update(Registration)
        .where(Registration.id == registration.id)
        .values(
            status=case((seat, literal(Status.CONFIRMED.value)), else_=literal(Status.WAITING.value)),
            waiting_since=queued_at,
        )
        .returning(Registration.status, confirmed, waiting)
        .execution_options(synchronize_session=False)
    ).one()
    status = Status(status)
    set_committed_value(registration, "status", status)
    set_committed_value(registration, "waiting_since", queued_at)
    return _Place(status, confirmed_count or 0, ahead or 0)


def resend_link(registration: Registration) -> None:
    notify.link_again(registration)


def link_mail_allowed(registration: Registration) -> bool:
    """Whether the "your link again" mail may go to this address now (per address, over
    every location): anyone can type someone else's address into the public form."""
    return allow("registration-link-mail", registration.email_normalised or "", "REGISTRATION_MAIL_RATE_LIMIT")


def _forget_workgroups(registration: Registration) -> None:
    """Workgroup assignments belong to one location and one registration: gone when the
    person moves elsewhere or starts over after cancelling."""
    if registration.id is not None:
        db.session.execute(delete(WorkgroupAssignment).where(WorkgroupAssignment.registration_id == registration.id))


def update_registration(
    registration: Registration,
    *,
    name: str,
    email: str | None,
    organisation: str = "",
    organisation_kind: OrganisationKind | None = None,
    municipality: str = "",
    needs: str = "",
    preferences: Mapping[int, Sequence[int | None]] | None = None,
    by_organiser: bool = False,
    now: datetime | None = None,
) -> Registration:
    """Change details and preferences: participants until registration closes."""
    now = now or utcnow()
    location = registration.location_day
    if not by_organiser and now >= location.registration_closes_at:
        raise RegistrationError(
            _("De aanmelding is gesloten. Wijzigen kan niet meer; neem contact op met de organisatie.")
        )
    if registration.status == Status.CANCELLED and not by_organiser:
        raise RegistrationError(_("Deze aanmelding is afgemeld."))
    name = _required_text(name, "name", _l("Vul uw naam in."))
    email_normalised = normalise_email(email)
    if not by_organiser and not email_normalised:
        raise RegistrationError(_("Vul uw e-mailadres in."), field="email")
    if email_normalised and email_normalised != registration.email_normalised:
        clash = db.session.scalar(
            select(Registration.id).where(
                Registration.location_day_id == location.id,
                Registration.email_normalised == email_normalised,
                Registration.id != registration.id,
            )
        )
        if clash is not None:
            raise RegistrationError(_("Met dit e-mailadres is al iemand aangemeld voor deze dag."), field="email")
    _check_kind(location, organisation_kind)
    choices = _checked_preferences(location, preferences or {}, require_first=not by_organiser)
    registration.name = name
    registration.email = one_line(email) or None
    registration.email_normalised = email_normalised
    registration.organisation = one_line(organisation)
    registration.organisation_kind = organisation_kind
    registration.municipality = one_line(municipality)
    registration.needs = clean(needs)
    _replace_preferences(registration, choices)
    registration.revision += 1
    db.session.flush()
    return registration


def cancel_registration(
    registration: Registration, now: datetime | None = None, by_organiser: bool = False
) -> list[Registration]:
    """Cancel; a freed seat goes to the first on the waiting list in the same transaction.
    Returns the registrations promoted."""
    now = now or utcnow()
    if registration.status == Status.CANCELLED:
        return []
    location = _lock(registration.location_day)
    db.session.refresh(registration)
    if registration.status == Status.CANCELLED:
        return []
    registration.status = Status.CANCELLED
    registration.cancelled_at = now
    registration.checked_in_at = None
    registration.revision += 1
    notify.cancelled(registration, by_organiser=by_organiser)
    return _fill_seats(location)


def erase_registration(registration: Registration) -> list[Registration]:
    """Delete the registration and everything in it (the participant's right to erasure)."""
    location = _lock(registration.location_day)
    forget_registration(registration.id)  # its mail log goes too, also unsent messages
    forget_photo_consent(registration)
    db.session.delete(registration)
    db.session.flush()
    personal_data_removed(db.session)
    return _fill_seats(location)


def change_capacity(location: LocationDay, capacity: int) -> list[Registration]:
    """Raise or lower the number of seats; raising promotes from the waiting list.
    Lower than the confirmed registrations is refused: nobody loses a confirmed seat."""
    if capacity is None or capacity < 0:
        raise RegistrationError(_("Het aantal plaatsen kan niet negatief zijn."), field="capacity")
    location = _lock(location)
    confirmed = _confirmed_count(location)
    if capacity < confirmed:
        raise RegistrationError(
            _(
                "Er zijn al %(count)s bevestigde aanmeldingen. "
                "Meld eerst mensen af of kies minstens %(count)s plaatsen.",
                count=confirmed,
            ),
            field="capacity",
        )
    location.capacity = capacity
    db.session.flush()
    return _fill_seats(location)


def move_registration(
    registration: Registration, target: LocationDay, now: datetime | None = None
) -> list[Registration]:
    """Move someone to another location of the same edition.

    They join the target's queue (confirmed at once when seats are free); the seat they
    leave goes to the first waiting at the old location. Preferences for workgroups the
    target does not offer are dropped. Returns everyone promoted at either location.
    """
    now = now or utcnow()
    source_location = registration.location_day
    if target.id == source_location.id:
        raise RegistrationError(_("Kies een andere locatie."), field="location_id")
    if target.edition_id != source_location.edition_id:
        raise RegistrationError(_("Kies een locatie van dezelfde editie."), field="location_id")
    # Always lock in id order, so two moves in opposite directions cannot deadlock.
    locked = {loc.id: _lock(loc) for loc in sorted((source_location, target), key=lambda loc: loc.id)}
    source_location, target = locked[source_location.id], locked[target.id]
    if registration.email_normalised:
        clash = db.session.scalar(
            select(Registration.id).where(
                Registration.location_day_id == target.id,
                Registration.email_normalised == registration.email_normalised,
            )
        )
        if clash is not None:
            raise RegistrationError(_("Deze persoon is op die locatie al aangemeld."), field="location_id")
    was_active = registration.status != Status.CANCELLED
    offered = {(offer.round, offer.workgroup_id) for offer in target.workgroup_offers}
    for preference in list(registration.preferences):
        if (preference.round, preference.workgroup_id) not in offered:
            registration.preferences.remove(preference)
    _compact_ranks(registration)
    _forget_workgroups(registration)
    registration.location_day = target
    registration.checked_in_at = None
    registration.revision += 1
    if was_active:
        registration.status = Status.WAITING
        registration.waiting_since = now
    db.session.flush()
    promoted = _fill_seats(source_location)
    if was_active:
        promoted += _fill_seats(target, exclude=registration)
        notify.moved(registration, waiting_position(registration))
    return promoted


# --- check-in -------------------------------------------------------------------------


def check_in(registration: Registration, now: datetime | None = None) -> Registration:
    if registration.status != Status.CONFIRMED:
        raise RegistrationError(
            _("Alleen bevestigde deelnemers kunnen binnenkomen. Zet iemand eerst van de wachtlijst.")
        )
    if registration.checked_in_at is None:
        registration.checked_in_at = now or utcnow()
        db.session.flush()
    return registration


def undo_check_in(registration: Registration) -> Registration:
    registration.checked_in_at = None
    db.session.flush()
    return registration


def register_walk_in(
    location: LocationDay, *, name: str, email: str | None = None, organisation: str = "", now: datetime | None = None
) -> RegistrationResult:
    """Someone at the door: registered on the spot and, when a seat is free, checked in."""
    now = now or utcnow()
    result = register_participant(
        location, name=name, email=email, organisation=organisation, source=Source.WALK_IN, now=now, consent=False
    )
    if result.registration.status == Status.CONFIRMED:
        check_in(result.registration, now)
    return result


# --- privacy --------------------------------------------------------------------------


def export_data(registration: Registration) -> dict:
    """Everything we hold about this person, for the participant's own download."""
    location = registration.location_day
    return {
        "registration": {
            "name": registration.name,
            "email": registration.email,
            "organisation": registration.organisation,
            "organisation_kind": registration.organisation_kind.name if registration.organisation_kind else None,
            "municipality": registration.municipality,
            "needs": registration.needs,
            "language": registration.language,
            "status": registration.status.value if registration.status else None,
            "waiting_position": waiting_position(registration),
            "source": registration.source.value if registration.source else None,
            "consent_at": _iso(registration.consent_at),
            "photo_consent": registration.photo_consent,
            "photo_consent_at": _iso(registration.photo_consent_at),
            "created_at": _iso(registration.created_at),
            "cancelled_at": _iso(registration.cancelled_at),
            "checked_in_at": _iso(registration.checked_in_at),
        },
        "location_day": {
            "edition": location.edition.name,
            "city": location.city,
            "venue": location.venue,
            "address": location.address,
            "date": location.date.isoformat(),
        },
        "workgroup_preferences": [
            {"round": p.round, "rank": p.rank, "workgroup": p.workgroup.title} for p in registration.preferences
        ],
        "times_are": "UTC",
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") + "Z" if moment else None


ANONYMOUS_NAME = "Geanonimiseerd"


def edition_is_finished(edition: Edition, today) -> bool:
    return bool(edition.location_days) and all(day.date < today for day in edition.location_days)


def anonymise_edition(edition: Edition, now: datetime | None = None) -> int:
    """Replace the personal data of an edition's registrations, keeping what reports count:
    location, status, source, kind of organisation, municipality, workgroup preferences,
    check-in and the moments. Returns the number of registrations changed."""
    now = now or utcnow()
    location_ids = [day.id for day in edition.location_days]
    registrations = db.session.scalars(
        select(Registration).where(Registration.location_day_id.in_(location_ids), Registration.anonymised_at.is_(None))
    ).all()
    for registration in registrations:
        registration.name = ANONYMOUS_NAME
        registration.email = None
        registration.email_normalised = None
        registration.organisation = ""
        registration.needs = ""
        registration.link_nonce = links.new_nonce()  # every old link stops working
        registration.anonymised_at = now
    anonymise_registrations([registration.id for registration in registrations])
    db.session.flush()
    personal_data_removed(db.session)
    return len(registrations)


# --- helpers --------------------------------------------------------------------------

_CONTROL = {code: None for code in (*range(0, 9), 11, 12, *range(14, 32), 127)}


def clean(value: str | None) -> str:
    """Trimmed text without control characters (PostgreSQL refuses NUL; nobody types them)."""
    return (value or "").translate(_CONTROL).strip()


def _required_text(value: str | None, field_name: str, message) -> str:
    value = one_line(value)
    if not value:
        raise RegistrationError(str(message), field=field_name)
    return value


def _check_kind(location: LocationDay, kind: OrganisationKind | None) -> None:
    if kind is not None and kind.edition_id != location.edition_id:
        raise RegistrationError(_("Kies een soort organisatie uit de lijst."), field="organisation_kind_id")


def preference_field(round_: int, rank: int) -> str:
    return f"pref_{round_}_{rank}"


def _checked_preferences(
    location: LocationDay, preferences: Mapping[int, Sequence[int | None]], require_first: bool
) -> list[tuple[int, int, int]]:
    """(round, rank, workgroup_id) rows; ranks close up when a choice is left empty."""
    offered: dict[int, set[int]] = {}
    for offer in location.workgroup_offers:
        offered.setdefault(offer.round, set()).add(offer.workgroup_id)
    rows = []
    for round_ in sorted(set(offered) | set(preferences)):
        chosen = list(preferences.get(round_, ()))[:MAX_CHOICES]
        seen: set[int] = set()
        for rank, workgroup_id in enumerate(chosen, start=1):
            if not workgroup_id:
                continue
            if workgroup_id not in offered.get(round_, set()):
                raise RegistrationError(_("Kies een werkgroep uit de lijst."), field=preference_field(round_, rank))
            if workgroup_id in seen:
                raise RegistrationError(
                    _("U koos deze werkgroep al. Kies een andere werkgroep, of laat dit leeg."),
                    field=preference_field(round_, rank),
                )
            seen.add(workgroup_id)
            rows.append((round_, len(seen), workgroup_id))
        if require_first and offered.get(round_) and not seen:
            raise RegistrationError(_("Kies uw eerste keus."), field=preference_field(round_, 1))
    return rows


def _replace_preferences(registration: Registration, rows: Iterable[tuple[int, int, int]]) -> None:
    if registration.id is not None and registration.preferences:
        registration.preferences.clear()
        db.session.flush()  # delete the old rows before the new ones reuse (round, rank)
    for round_, rank, workgroup_id in rows:
        registration.preferences.append(WorkgroupPreference(round=round_, rank=rank, workgroup_id=workgroup_id))


def _insert_preferences(registration: Registration, rows: Sequence[tuple[int, int, int]]) -> None:
    """A new registration's choices in one statement (the ORM would insert them one by one)."""
    if rows:
        db.session.execute(
            insert(WorkgroupPreference),
            [
                {"registration_id": registration.id, "round": round_, "rank": rank, "workgroup_id": workgroup_id}
                for round_, rank, workgroup_id in rows
            ],
        )


def _compact_ranks(registration: Registration) -> None:
    by_round: dict[int, list[WorkgroupPreference]] = {}
    for preference in sorted(registration.preferences, key=lambda p: (p.round, p.rank)):
        by_round.setdefault(preference.round, []).append(preference)
    changed = False
    for preferences in by_round.values():
        for rank, preference in enumerate(preferences, start=1):
            if preference.rank != rank:
                changed = True
    if changed:
        rows = [(p.round, rank, p.workgroup_id) for ps in by_round.values() for rank, p in enumerate(ps, start=1)]
        _replace_preferences(registration, rows)
