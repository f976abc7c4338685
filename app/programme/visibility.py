"""Who sees what on the public pages: drafts only for organisers and for whoever opened
the edition's preview link (kept in the session); archived days for nobody but organisers.

Shared by the public pages of every feature (programme, registration, calendar, archive),
so no page module imports another.
"""

from __future__ import annotations

import hmac

from flask import abort, session
from flask_login import current_user
from sqlalchemy import select

from app.extensions import db
from app.programme import services
from app.programme.models import Edition, LocationDay, State

PREVIEW_SESSION_KEY = "preview_editions"


def is_organiser() -> bool:
    return bool(getattr(current_user, "is_authenticated", False) and getattr(current_user, "is_organiser", False))


def in_preview(edition: Edition) -> bool:
    return edition.id in session.get(PREVIEW_SESSION_KEY, [])


def may_see_drafts(edition: Edition) -> bool:
    return is_organiser() or in_preview(edition)


def open_preview(edition: Edition, token: str) -> bool:
    """The preview link: the right key lets this browser see the edition's drafts."""
    if not edition.preview_token or not hmac.compare_digest(edition.preview_token, token):
        return False
    seen = [each for each in session.get(PREVIEW_SESSION_KEY, []) if each != edition.id]
    session[PREVIEW_SESSION_KEY] = [*seen[-9:], edition.id]
    return True


def edition_visible(edition: Edition) -> bool:
    # An archived edition stays readable (its look-back, its programme); only drafts hide.
    return edition.state != State.DRAFT or may_see_drafts(edition)


def day_visible(day: LocationDay) -> bool:
    if not edition_visible(day.edition):
        return False
    if day.state == State.PUBLISHED:
        return True
    if day.state == State.DRAFT:
        return may_see_drafts(day.edition)
    return is_organiser()


def public_edition_or_404(slug: str) -> Edition:
    edition = services.edition_by_slug(slug)
    if edition is None or not edition_visible(edition):
        abort(404)
    return edition


def public_day_or_404(day: LocationDay | None) -> LocationDay:
    if day is None or not day_visible(day):
        abort(404)
    return day


def visible_days(edition: Edition) -> list[LocationDay]:
    return [day for day in sorted(edition.location_days, key=lambda day: day.date) if day_visible(day)]


def is_concept(edition: Edition, day: LocationDay | None = None) -> bool:
    """The page shows something the public does not see: the "Concept" banner."""
    return edition.state != State.PUBLISHED or (day is not None and day.state != State.PUBLISHED)


def latest_public_edition() -> Edition | None:
    return db.session.scalar(
        select(Edition).where(Edition.state == State.PUBLISHED).order_by(Edition.year.desc(), Edition.id.desc())
    ) or services.latest_edition_in(State.ARCHIVED)
