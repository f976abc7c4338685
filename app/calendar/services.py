"""Turn stored location days into the plain data the pure iCal builder takes."""

from __future__ import annotations

from datetime import datetime
from email.utils import parseaddr
from typing import Any

from flask import current_app, url_for
from flask_babel import force_locale

from app.calendar import ical, itip
from app.calendar.data import (
    Attendee,
    CalendarContext,
    DayCalendarData,
    Organizer,
    ProgrammeEntry,
    RegistrationData,
    Speaker,
    Status,
    WorkgroupSession,
)
from app.calendar.links import day_link_event, google_calendar_url, outlook_calendar_url, webcal_url
from app.mail import Attachment
from app.programme.forms import ITEM_KIND_LABELS
from app.programme.models import Edition, ItemKind, LocationDay
from app.programme.services import programme_for
from app.registration.models import Registration
from app.registration.notify import attachment_providers
from app.workgroups.notify import sessions_of


def calendar_context(language: str) -> CalendarContext:
    name, email = parseaddr(current_app.config["MAIL_SENDER"])
    return CalendarContext(
        domain=current_app.config["CALENDAR_UID_DOMAIN"],
        organizer=Organizer(name=name or "Alliantiedagen", email=email),
        language=language,
    )


def day_data(location: LocationDay, language: str) -> DayCalendarData:
    with force_locale(language):
        kinds = {kind.value: str(label) for kind, label in ITEM_KIND_LABELS.items()}
    programme = tuple(
        ProgrammeEntry(
            entry_id=line.item_id,
            start=line.start_time,
            end=line.end_time,
            title=line.title,
            kind=kinds[ItemKind(line.kind).value],
            speakers=tuple(Speaker(*speaker) for speaker in line.speakers),
        )
        for line in programme_for(location)
    )
    return DayCalendarData(
        location_day_id=location.id,
        edition_name=location.edition.name,
        city=location.city,
        venue=location.venue,
        address=location.address,
        date=location.date,
        doors_open=location.doors_open,
        programme=programme,
        page_url=public_url("programme.location", slug=location.edition.slug, location_slug=location.slug),
        sequence=location.revision,
        last_modified=location.updated_at,
        status=Status.CANCELLED if location.is_cancelled else Status.CONFIRMED,
    )


def public_url(endpoint: str, **values: Any) -> str:
    """Absolute URL on the public base, also outside a request (mail, CLI)."""
    base: str = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return base + path


def stamp_for(days: list[DayCalendarData]) -> datetime:
    """DTSTAMP that moves only when content does, so ETags stay valid between changes."""
    return max(day.last_modified for day in days)


def location_day_ics(location: LocationDay, language: str, per_item: bool) -> bytes:
    data = day_data(location, language)
    return ical.location_day_calendar(data, calendar_context(language), now=stamp_for([data]), per_item=per_item)


def edition_ics(edition: Edition, language: str) -> bytes:
    # The feed is public: only published days, whoever asks (it is cached for everyone).
    days = [day_data(location, language) for location in edition.location_days if location.is_public]
    if not days or not edition.programme_items:
        raise LookupError("edition without location days or programme")
    return ical.edition_calendar(
        days, calendar_context(language), name=f"{edition.name}: {edition.theme}", now=stamp_for(days)
    )


def add_to_calendar_links(location: LocationDay, language: str) -> dict[str, str]:
    event = day_link_event(day_data(location, language), language)
    edition_feed = public_url("calendar.edition_feed", slug=location.edition.slug)
    return {
        "download": url_for("calendar.location_day", slug=location.edition.slug, location_slug=location.slug),
        "download_items": url_for(
            "calendar.location_day", slug=location.edition.slug, location_slug=location.slug, onderdelen=1
        ),
        "subscribe": webcal_url(edition_feed),
        "google": google_calendar_url(event),
        "outlook": outlook_calendar_url(event),
    }


# --- a participant's own calendar -------------------------------------------------------

REGISTRATION_STATUS = {"confirmed": Status.CONFIRMED, "waiting": Status.TENTATIVE}


def participant_data(registration: Registration) -> tuple[RegistrationData, list[WorkgroupSession]]:
    """Their registration and the workgroups they were told about (published ones only)."""
    status = REGISTRATION_STATUS.get(registration.status.value, Status.CANCELLED)
    data = RegistrationData(
        registration_id=registration.id,
        sequence=registration.revision,
        last_modified=registration.updated_at,
        status=status,
    )
    rounds = {
        item.workgroup_round: item for item in registration.location_day.edition.programme_items if item.workgroup_round
    }
    sessions = [
        WorkgroupSession(
            assignment_id=assignment.id,
            workgroup_title=assignment.published_offer.workgroup.title,
            room=assignment.published_offer.room,
            facilitator=assignment.published_offer.facilitator,
            start=rounds[assignment.round].start_time,
            end=rounds[assignment.round].end_time,
            sequence=assignment.revision,
            last_modified=assignment.updated_at,
        )
        for assignment in sessions_of(registration)
        if assignment.published_offer is not None and assignment.round in rounds
    ]
    return data, sessions


def _language(registration: Registration, language: str | None) -> str:
    if language in ("nl", "en"):
        return language
    return registration.language if registration.language in ("nl", "en") else "nl"


def _participant(
    registration: Registration, language: str
) -> tuple[DayCalendarData, RegistrationData, list[WorkgroupSession], datetime]:
    """The builder's input for one participant and a DTSTAMP that moves only with it."""
    day = day_data(registration.location_day, language)
    data, sessions = participant_data(registration)
    stamp = max([day.last_modified, data.last_modified, *(s.last_modified for s in sessions)])
    return day, data, sessions, stamp


def participant_ics(registration: Registration, language: str | None = None) -> bytes:
    language = _language(registration, language)
    day, data, sessions, stamp = _participant(registration, language)
    return ical.participant_calendar(day, data, sessions, calendar_context(language), now=stamp)


def participant_attachment(registration: Registration) -> tuple[Attachment, ...]:
    """The .ics that goes with every mail to a participant (see registration.notify)."""
    if not registration.location_day.edition.programme_items:
        return ()  # a day without a programme has no times to put in a calendar yet
    return (Attachment("alliantiedag.ics", participant_ics(registration), "text/calendar; method=PUBLISH"),)


def scheduling_attachments(registration: Registration, language: str | None = None) -> tuple[Attachment, ...]:
    """Change and cancellation mails: one iTIP file per event of this participant.

    Events still on come as METHOD:REQUEST (same UID, higher SEQUENCE: calendar programs
    update their copy), events called off as METHOD:CANCEL (they remove it). Nothing for a
    registration without an e-mail address or a day without a programme.
    """
    if not registration.email or not registration.location_day.edition.programme_items:
        return ()
    language = _language(registration, language)
    day, data, sessions, stamp = _participant(registration, language)
    attendee = Attendee(name=registration.name, email=registration.email)
    messages = itip.participant_messages(day, data, sessions, attendee, calendar_context(language), now=stamp)
    return tuple(
        Attachment(f"agenda-{index}.ics", message.data, message.mimetype)
        for index, message in enumerate(messages, start=1)
    )


def install_mail_attachments() -> None:
    if participant_attachment not in attachment_providers:
        attachment_providers.append(participant_attachment)
