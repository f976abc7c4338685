"""Registering, changing, cancelling, erasing and moving, under the capacity rule.

Every change that can fill or free a seat first locks the location's row
(``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite already lets one writer at a time), then
counts the confirmed registrations, then decides. A new registration takes a free seat
only when nobody is waiting, otherwise it joins the back of the queue (its place taken
after the lock); ``_fill_seats`` confirms the queue's front while seats are free, so a
newcomer can never overtake someone already waiting. Confirmed <= capacity always holds
for the seats: a walk-in admitted over capacity at the door (``when_full=ADMIT``, the
organiser's explicit confirmation) is confirmed with ``over_capacity`` set and is never
counted as a seat, so it neither takes a seat from the waiting list nor opens one.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Table, and_, bindparam, case, delete, func, insert, literal, select, update
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from app.common.privacy import personal_data_removed
from app.common.ratelimit import allow
from app.common.text import one_line
from app.extensions import db
from app.mail import forget_registration
from app.programme.locking import lock_and_reread_location, lock_location
from app.programme.models import LocationDay
from app.registration import links, notify
from app.registration.checks import (
    RegistrationError,
    check_kind,
    checked_preferences,
    clean,
    compact_ranks,
    insert_preferences,
    replace_preferences,
    required_text,
)
from app.registration.models import OrganisationKind, Registration, Source, Status
from app.registration.photo_consent import forget as forget_photo_consent
from app.registration.queries import normalise_email, registration_window, waiting_position
from app.timeutil import utcnow
from app.workgroups.models import WorkgroupAssignment


@dataclass
class RegistrationResult:
    registration: Registration
    created: bool  # False: the address was already registered here; the link went out again
    promoted: list[Registration] = field(default_factory=list)


class WhenFull(enum.Enum):
    """What a new registration does when no seat is free."""

    WAIT = "wait"  # join the waiting list (everyone registering before the day)
    REFUSE = "refuse"  # raise DayFull: a walk-in, until the organiser confirms
    ADMIT = "admit"  # confirmed over capacity: a walk-in the organiser let in anyway


class DayFull(RegistrationError):
    """No seat is free; the organiser can admit the walk-in over capacity."""


def _holds_seat():
    """Confirmed and counted against the capacity (over-capacity walk-ins are not)."""
    return and_(Registration.status == Status.CONFIRMED, Registration.over_capacity.is_(False))


def _confirmed_count(location: LocationDay) -> int:
    return db.session.execute(
        select(func.count()).where(Registration.location_day_id == location.id, _holds_seat())
    ).scalar_one()


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


def register_participant(
    location: LocationDay,
    *,
    name: str,
    email: str | None,
    organisation: str = "",
    organisation_kind: OrganisationKind | None = None,
    municipality: str = "",
    needs: str = "",
    needs_step_free: bool = False,
    needs_hearing_loop: bool = False,
    diet: str = "",
    preferences: Mapping[int, Sequence[int | None]] | None = None,
    consent: bool = False,
    language: str = "nl",
    source: Source = Source.ONLINE,
    now: datetime | None = None,
    photo_consent: bool | None = None,
    when_full: WhenFull = WhenFull.WAIT,
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
    name = required_text(name, "name", _l("Vul uw naam in."))
    email_normalised = normalise_email(email)
    if online and not email_normalised:
        raise RegistrationError(_("Vul uw e-mailadres in."), field="email")
    if online and not consent:
        raise RegistrationError(_("Geef toestemming voor het gebruik van uw gegevens."), field="consent")
    check_kind(location, organisation_kind)
    choices = checked_preferences(location, preferences or {}, require_first=online)

    existing = None
    if email_normalised:
        # Mostly nobody: a plain id lookup, the object only when there is one.
        existing_id = db.session.execute(
            _REGISTERED_ID, {"location_id": location.id, "email_normalised": email_normalised}
        ).scalar()
        existing = db.session.get(Registration, existing_id) if existing_id is not None else None
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
    registration.needs_step_free = bool(needs_step_free)
    registration.needs_hearing_loop = bool(needs_hearing_loop)
    registration.diet = one_line(diet)[:200]
    registration.over_capacity = False
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
        _insert_new(registration)
        insert_preferences(registration, choices)
    else:
        replace_preferences(registration, choices)
        db.session.flush()

    # Under the lock: one statement decides the seat and takes the place in the queue
    # (its time taken now, after the lock, so the waiting list is in the order in which
    # registrations got the lock and the position mailed is the position held).
    capacity = lock_location(location)
    place = _take_place(registration, location, capacity, now if explicit_time else utcnow())
    promoted: list[Registration] = []
    if place.status == Status.WAITING and place.confirmed < capacity:
        # Seats free while people wait: only after an inconsistency; the queue's front goes first.
        promoted = _fill_seats(lock_and_reread_location(location), exclude=registration)  # re-read, lock already held
    if registration.status == Status.WAITING and when_full == WhenFull.REFUSE:
        raise DayFull(_("De dag is vol: er is geen plaats meer vrij."))
    if registration.status == Status.WAITING and when_full == WhenFull.ADMIT:
        registration.status = Status.CONFIRMED
        registration.over_capacity = True
        db.session.flush()
    if registration.status == Status.CONFIRMED:
        notify.confirmed(registration)
    else:
        notify.waiting(registration, place.ahead + 1 if not promoted else waiting_position(registration))
    return RegistrationResult(registration, created=True, promoted=promoted)


_REGISTERED_ID = select(Registration.__table__.c.id).where(
    Registration.__table__.c.location_day_id == bindparam("location_id"),
    Registration.__table__.c.email_normalised == bindparam("email_normalised"),
)


_INSERT_REGISTRATION = insert(cast(Table, Registration.__table__)).returning(Registration.__table__.c.id)
_NEW_COLUMNS = (
    "location_day_id",
    "link_nonce",
    "name",
    "email",
    "email_normalised",
    "organisation",
    "organisation_kind_id",
    "municipality",
    "needs",
    "needs_step_free",
    "needs_hearing_loop",
    "diet",
    "over_capacity",
    "consent_at",
    "photo_consent",
    "photo_consent_at",
    "language",
    "source",
    "status",
    "waiting_since",
    "cancelled_at",
    "checked_in_at",
    "revision",
    "created_at",
)


def _insert_new(registration: Registration) -> None:
    """A new registration: one plain INSERT ... RETURNING id (the unit of work would add
    about a millisecond of Python to every post), then into the session as if it had been
    loaded, so the rest of the transaction uses it as any other row. Columns left out get
    their defaults and are read from the database when someone asks."""
    kind = registration.organisation_kind
    registration.organisation_kind_id = kind.id if kind is not None else None
    values = {name: getattr(registration, name) for name in _NEW_COLUMNS}
    registration.id = db.session.execute(_INSERT_REGISTRATION, values).scalar_one()
    make_transient_to_detached(registration)
    db.session.add(registration)


@dataclass(frozen=True)
class _Place:
    status: Status
    confirmed: int  # confirmed registrations besides this one
    ahead: int  # people waiting besides this one


def _take_place_statement():
    """UPDATE registration: confirmed when a seat is free and nobody else waits, else
    waiting; its place in the queue is the time given. Returns the new status and how many
    others are confirmed and waiting. Built once (a plain Core statement on the table)."""
    table = Registration.__table__
    others = and_(table.c.location_day_id == bindparam("location_id"), table.c.id != bindparam("registration_id"))
    # Over-capacity walk-ins hold no seat.
    holds_seat = and_(
        table.c.status == Status.CONFIRMED, table.c.over_capacity.is_(False)
    )  # not walk-ins over capacity
    confirmed = select(func.count()).where(others, holds_seat).scalar_subquery()
    waiting = select(func.count()).where(others, table.c.status == Status.WAITING).scalar_subquery()
    seat = and_(confirmed < bindparam("capacity"), waiting == 0)
    return (
        update(table)
        .where(table.c.id == bindparam("registration_id"))
        .values(
            status=case((seat, literal(Status.CONFIRMED.value)), else_=literal(Status.WAITING.value)),
            waiting_since=bindparam("queued_at", type_=table.c.waiting_since.type),
        )
        .returning(table.c.status, confirmed, waiting)
    )


_TAKE_PLACE = _take_place_statement()


def _take_place(registration: Registration, location: LocationDay, capacity: int, queued_at: datetime) -> _Place:
    """Confirm the registration when a seat is free and nobody waits, otherwise keep it
    waiting at the back; one UPDATE, run with the location's lock held."""
    status, confirmed_count, ahead = db.session.execute(
        _TAKE_PLACE,
        {"registration_id": registration.id, "location_id": location.id, "capacity": capacity, "queued_at": queued_at},
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
    needs_step_free: bool = False,
    needs_hearing_loop: bool = False,
    diet: str = "",
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
    name = required_text(name, "name", _l("Vul uw naam in."))
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
    check_kind(location, organisation_kind)
    choices = checked_preferences(location, preferences or {}, require_first=not by_organiser)
    registration.name = name
    registration.email = one_line(email) or None
    registration.email_normalised = email_normalised
    registration.organisation = one_line(organisation)
    registration.organisation_kind = organisation_kind
    registration.municipality = one_line(municipality)
    registration.needs = clean(needs)
    registration.needs_step_free = bool(needs_step_free)
    registration.needs_hearing_loop = bool(needs_hearing_loop)
    registration.diet = one_line(diet)[:200]
    replace_preferences(registration, choices)
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
    location = lock_and_reread_location(registration.location_day)
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
    location = lock_and_reread_location(registration.location_day)
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
    location = lock_and_reread_location(location)
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
    locked = {
        loc.id: lock_and_reread_location(loc) for loc in sorted((source_location, target), key=lambda loc: loc.id)
    }
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
    compact_ranks(registration)
    _forget_workgroups(registration)
    registration.location_day = target
    registration.checked_in_at = None
    registration.over_capacity = False
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
