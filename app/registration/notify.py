"""The mails a registration gets. Each one is queued on the session by app.mail.send_mail
and goes out only after the commit. Participants without an address (some phone, paper
and walk-in registrations) get no mail."""

from __future__ import annotations

import logging

from app.mail import Attachment, send_mail
from app.registration import links

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


def _send(template_base: str, registration, **context) -> None:
    if not registration.email:
        return
    language = registration.language if registration.language in ("nl", "en") else "nl"
    day = registration.location_day
    attachments: tuple[Attachment, ...] = ()
    if template_base != "registration_cancelled":
        attachments = _attachments(registration)
    send_mail(
        registration.email,
        SUBJECTS[template_base][language].format(city=day.city),
        template_base,
        attachments=attachments,
        language=language,
        registration=registration,
        day=day,
        edition=day.edition,
        link=links.link_for(registration),
        preferences=[(p.round, p.rank, p.workgroup.title) for p in registration.preferences],
        **context,
    )


def _attachments(registration) -> tuple[Attachment, ...]:
    """Attachments from the registered providers. A provider that fails costs its
    attachment, never the registration or the mail."""
    found: list[Attachment] = []
    for provider in attachment_providers:
        try:
            found.extend(provider(registration))
        except Exception:  # noqa: BLE001 - an attachment is never worth a lost registration
            log.exception("attachment provider %r failed for registration %s", provider, registration.id)
    return tuple(found)


def confirmed(registration) -> None:
    _send("registration_confirmed", registration)


def waiting(registration, position: int | None) -> None:
    _send("registration_waiting", registration, position=position)


def promoted(registration) -> None:
    _send("registration_promoted", registration)


def cancelled(registration, by_organiser: bool = False) -> None:
    _send("registration_cancelled", registration, by_organiser=by_organiser)


def link_again(registration) -> None:
    _send("registration_link", registration)


def moved(registration, position: int | None) -> None:
    _send("registration_moved", registration, position=position)
