"""Turn stored location days into the plain data the pure iCal builder takes."""

from __future__ import annotations

from datetime import datetime
from email.utils import parseaddr

from flask import current_app, url_for
from flask_babel import force_locale

from app.calendar import ical
from app.programme.forms import ITEM_KIND_LABELS
from app.programme.models import Edition, ItemKind, LocationDay
from app.programme.services import programme_for


def calendar_context(language: str) -> ical.CalendarContext:
    name, email = parseaddr(current_app.config["MAIL_SENDER"])
    return ical.CalendarContext(
        domain=current_app.config["CALENDAR_UID_DOMAIN"],
        organizer=ical.Organizer(name=name or "Alliantiedagen", email=email),
        language=language,
    )


def day_data(location: LocationDay, language: str) -> ical.DayCalendarData:
    with force_locale(language):
        kinds = {kind.value: str(label) for kind, label in ITEM_KIND_LABELS.items()}
    programme = tuple(
        ical.ProgrammeEntry(
            entry_id=line.item_id,
            start=line.start_time,
            end=line.end_time,
            title=line.title,
            kind=kinds[ItemKind(line.kind).value],
            speakers=tuple(ical.Speaker(*speaker) for speaker in line.speakers),
        )
        for line in programme_for(location)
    )
    return ical.DayCalendarData(
        location_day_id=location.id,
        edition_name=location.edition.name,
        city=location.city,
        venue=location.venue,
        address=location.address,
        date=location.date,
        doors_open=location.doors_open,
        programme=programme,
        page_url=public_url(
            "programme.location", slug=location.edition.slug, location_slug=location.slug
        ),
        sequence=location.revision,
        last_modified=location.updated_at,
    )


def public_url(endpoint: str, **values) -> str:
    """Absolute URL on the public base, also outside a request (mail, CLI)."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return base + url_for(endpoint, **values)


def stamp_for(days: list[ical.DayCalendarData]) -> datetime:
    """DTSTAMP that moves only when content does, so ETags stay valid between changes."""
    return max(day.last_modified for day in days)


def location_day_ics(location: LocationDay, language: str, per_item: bool) -> bytes:
    data = day_data(location, language)
    return ical.location_day_calendar(
        data, calendar_context(language), now=stamp_for([data]), per_item=per_item
    )


def edition_ics(edition: Edition, language: str) -> bytes:
    days = [day_data(location, language) for location in edition.location_days]
    if not days:
        raise LookupError("edition without location days")
    return ical.edition_calendar(
        days, calendar_context(language), name=f"{edition.name}: {edition.theme}", now=stamp_for(days)
    )


def add_to_calendar_links(location: LocationDay, language: str) -> dict[str, str]:
    data = day_data(location, language)
    event = ical.day_link_event(data, language)
    edition_feed = public_url("calendar.edition_feed", slug=location.edition.slug)
    return {
        "download": url_for(
            "calendar.location_day", slug=location.edition.slug, location_slug=location.slug
        ),
        "download_items": url_for(
            "calendar.location_day",
            slug=location.edition.slug,
            location_slug=location.slug,
            onderdelen=1,
        ),
        "subscribe": ical.webcal_url(edition_feed),
        "google": ical.google_calendar_url(event),
        "outlook": ical.outlook_calendar_url(event),
    }
