"""Dutch-first formatting of dates and times for templates, mail and PDFs."""

from __future__ import annotations

from datetime import date, datetime, time

from flask import Flask
from flask_babel import format_date, format_datetime
from markupsafe import Markup

from app.common.language import current_language, dutch, in_language
from app.timeutil import to_local


def long_date(value: date) -> str:
    """'vrijdag 4 oktober 2013' / 'Friday 4 October 2013'."""
    return format_date(value, "EEEE d MMMM y")


def short_date(value: date) -> str:
    return format_date(value, "d MMMM y")


def clock(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def local_moment(value: datetime | None) -> str:
    """A stored UTC moment, shown as Amsterdam wall-clock time."""
    if value is None:
        return ""
    return format_datetime(to_local(value), "d MMMM y, HH:mm", rebase=False)


def local_clock(value: datetime | None) -> str:
    """A stored UTC moment as Amsterdam wall-clock time of day (10:12)."""
    return to_local(value).strftime("%H:%M") if value else ""


def css_string(value: str) -> Markup:
    """A quoted CSS string, safe inside a <style> element (report headers)."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;!?()-–·'/" else f"\\{ord(ch):x} " for ch in str(value))
    return Markup(f'"{escaped}"')


def register(app: Flask) -> None:
    app.add_template_filter(css_string)
    app.add_template_filter(long_date)
    app.add_template_filter(short_date)
    app.add_template_filter(clock)
    app.add_template_filter(local_moment)
    app.add_template_filter(local_clock)
    app.add_template_global(in_language)
    app.add_template_filter(dutch)

    @app.context_processor
    def inject_locale():
        return {"current_locale": current_language()}
