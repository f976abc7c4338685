"""The mails a registration gets.

Queueing (in the request, under the caller's transaction) writes one outbox row with the
registration's id and the plain values of the moment (a waiting-list position); the
worker renders it later with the renderers below, from what the database holds then.
Participants without an address (some phone, paper and walk-in registrations) get no mail.
"""

from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.mail import Attachment, Composed, MailData, MailGone, insert_mail, mail_kind, queue_mail
from app.programme.models import LocationDay
from app.registration import links
from app.registration.models import Registration, WorkgroupPreference

log = logging.getLogger(__name__)

SUBJECTS = {
    "registration_confirmed": {
        "nl": "Uw aanmelding voor {city} is bevestigd",
        "en": "Your registration for {city} is confirmed",
    },
    "registration_waiting": {
        "nl": "U staat op de wachtlijst voor {city}",
        "en": "You are on the waiting list for {city}",
    },
    "registration_promoted": {
        "nl": "Er is een plaats vrij: u bent aangemeld voor {city}",
        "en": "A seat has come free: you are registered for {city}",
    },
    "registration_cancelled": {
        "nl": "Uw aanmelding voor {city} is afgemeld",
        "en": "Your registration for {city} has been cancelled",
    },
    "registration_link": {
        "nl": "Uw persoonlijke link voor {city}",
        "en": "Your personal link for {city}",
    },
    "registration_moved": {
        "nl": "Uw aanmelding is verplaatst naar {city}",
        "en": "Your registration has moved to {city}",
    },
}

# A later feature (calendar files) registers a function here that returns attachments
# for a registration, e.g. lambda registration: (Attachment("aanmelding.ics", ...),).
attachment_providers: list = []


# --- queueing (in the request) ---------------------------------------------------------


def _queue(kind: str, registration: Registration, **params) -> None:
    if not registration.email:
        return
    queue_mail(
        kind,
        registration.email,
        language=registration.language,
        registration_id=registration.id,
        location_day_id=registration.location_day_id,
        params=params,
    )


def _insert(kind: str, registration: Registration, **params) -> None:
    """The same row, written at once without an ORM object (the registration post writes
    it with the location's lock held; the registration is already in the database)."""
    if not registration.email:
        return
    insert_mail(
        kind,
        registration.email,
        language=registration.language,
        registration_id=registration.id,
        location_day_id=registration.location_day_id,
        params=params,
    )


def confirmed(registration: Registration) -> None:
    _insert("registration_confirmed", registration)


def waiting(registration: Registration, position: int | None) -> None:
    _insert("registration_waiting", registration, position=position)


def promoted(registration: Registration) -> None:
    _queue("registration_promoted", registration)


def cancelled(registration: Registration, by_organiser: bool = False) -> None:
    _queue("registration_cancelled", registration, by_organiser=by_organiser)


def link_again(registration: Registration) -> None:
    _queue("registration_link", registration)


def moved(registration: Registration, position: int | None) -> None:
    _queue("registration_moved", registration, position=position)


# --- rendering (in the worker) ---------------------------------------------------------


def load_registration(registration_id: int | None) -> Registration:
    """The registration with its day, edition and choices, in two queries."""
    registration = db.session.scalar(
        select(Registration)
        .where(Registration.id == registration_id)
        .options(
            joinedload(Registration.location_day).joinedload(LocationDay.edition),
            selectinload(Registration.preferences).joinedload(WorkgroupPreference.workgroup),
        )
    )
    if registration is None:
        raise MailGone(f"registration {registration_id} no longer exists")
    return registration


def attachments_for(registration: Registration) -> tuple[Attachment, ...]:
    """Attachments from the registered providers. A provider that fails costs its
    attachment, never the mail."""
    found: list[Attachment] = []
    for provider in attachment_providers:
        try:
            found.extend(provider(registration))
        except Exception:  # noqa: BLE001 - an attachment is never worth a lost mail
            log.exception("attachment provider %r failed for registration %s", provider, registration.id)
    return tuple(found)


def cancellation_attachments(registration: Registration) -> tuple[Attachment, ...]:
    """METHOD:CANCEL files (same UIDs, higher SEQUENCE): calendar programs remove the
    events the confirmation put there."""
    from app.calendar.services import scheduling_attachments  # the calendar builds on this module

    try:
        return scheduling_attachments(registration)
    except Exception:  # noqa: BLE001 - an attachment is never worth a lost mail
        log.exception("cancellation calendar failed for registration %s", registration.id)
        return ()


def _render(mail: MailData, attach: bool = True) -> Composed:
    registration = load_registration(mail.registration_id)
    day = registration.location_day
    return Composed(
        SUBJECTS[mail.kind][mail.language].format(city=day.city),
        mail.kind,
        context=dict(
            registration=registration,
            day=day,
            edition=day.edition,
            link=links.link_for(registration),
            preferences=[(p.round, p.rank, p.workgroup.title) for p in registration.preferences],
            **mail.params,
        ),
        attachments=attachments_for(registration) if attach else cancellation_attachments(registration),
    )


@mail_kind("registration_confirmed", label=_l("Bevestiging"))
def _confirmed(mail: MailData) -> Composed:
    return _render(mail)


@mail_kind("registration_waiting", label=_l("Wachtlijst"))
def _waiting(mail: MailData) -> Composed:
    return _render(mail)


@mail_kind("registration_promoted", label=_l("Van de wachtlijst"))
def _promoted(mail: MailData) -> Composed:
    return _render(mail)


@mail_kind("registration_cancelled", label=_l("Afmelding"))
def _cancelled(mail: MailData) -> Composed:
    return _render(mail, attach=False)


@mail_kind("registration_link", label=_l("Persoonlijke link opnieuw"))
def _link(mail: MailData) -> Composed:
    return _render(mail)


@mail_kind("registration_moved", label=_l("Verplaatst"))
def _moved(mail: MailData) -> Composed:
    return _render(mail)
