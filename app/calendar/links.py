"""The "add to calendar" links, the webcal:// subscribe link and ETags for calendar bytes.

Pure like the builder: plain values in, strings out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from .data import DayCalendarData, labels_for
from .ical import TZID, as_utc, day_location, day_span, day_title


@dataclass(frozen=True)
class LinkEvent:
    title: str
    start: dt.datetime
    end: dt.datetime
    location: str = ""
    details: str = ""


def day_link_event(day: DayCalendarData, language: str) -> LinkEvent:
    """The day for an "add to calendar" link.

    The details point to the page rather than copying the programme: a link makes a
    one-off copy that never updates, and long query strings get cut off.
    """
    start, end = day_span(day)
    return LinkEvent(
        title=day_title(day),
        start=start,
        end=end,
        location=day_location(day),
        details=f"{labels_for(language).more_info}: {day.page_url}",
    )


def _query(params: dict[str, str]) -> str:
    # quote, not quote_plus: both services read "+" in startdt/details literally.
    return urlencode(params, quote_via=quote, safe="/")


def google_calendar_url(event: LinkEvent) -> str:
    """Google Calendar "create event" template; dates in UTC basic format."""
    start = as_utc(event.start).strftime("%Y%m%dT%H%M%SZ")
    end = as_utc(event.end).strftime("%Y%m%dT%H%M%SZ")
    params = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{start}/{end}",
        "details": event.details,
        "location": event.location,
        "ctz": TZID,
    }
    return "https://calendar.google.com/calendar/render?" + _query(params)


def outlook_calendar_url(event: LinkEvent) -> str:
    """Outlook on the web compose deeplink; startdt/enddt as ISO 8601 in UTC."""
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": as_utc(event.start).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "enddt": as_utc(event.end).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "body": event.details,
        "location": event.location,
    }
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + _query(params)


def webcal_url(url: str) -> str:
    """The webcal:// form of an http(s) feed URL, which opens a subscribe dialog."""
    scheme, separator, rest = url.partition("://")
    if not separator or scheme.lower() not in {"http", "https"}:
        raise ValueError(f"not an http(s) URL: {url!r}")
    return "webcal://" + rest


def calendar_etag(data: bytes) -> str:
    """A strong ETag (quoted) for calendar bytes.

    DTSTAMP makes the bytes differ whenever ``now`` does; pass a ``now`` that moves only
    when the content changes (such as the newest LAST-MODIFIED) to let conditional
    requests hit.
    """
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
