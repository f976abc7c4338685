"""Calendar downloads and subscribable feeds, answering conditional requests."""

from __future__ import annotations

from flask import Blueprint, Response, abort, request
from sqlalchemy import select

from app.calendar import services
from app.calendar.links import calendar_etag
from app.common.language import current_language
from app.extensions import db
from app.programme.models import LocationDay
from app.programme.visibility import public_day_or_404, public_edition_or_404
from app.registration.links import registration_for_token

bp = Blueprint("calendar", __name__)

# Feeds are public and change rarely; clients re-check cheaply with If-None-Match.
PUBLIC_CACHE_SECONDS = 900


@bp.route("/<slug>/<location_slug>/agenda.ics")
def location_day(slug: str, location_slug: str) -> Response:
    edition = public_edition_or_404(slug)
    location = public_day_or_404(
        db.session.scalar(
            select(LocationDay).where(LocationDay.edition_id == edition.id, LocationDay.slug == location_slug)
        )
    )
    if not edition.programme_items:
        abort(404)
    per_item = request.args.get("onderdelen") == "1"
    body = services.location_day_ics(location, current_language(), per_item)
    suffix = "-programma" if per_item else ""
    return calendar_response(body, f"alliantiedag-{location.slug}{suffix}.ics", attachment=True)


@bp.route("/<slug>/agenda.ics")
def edition_feed(slug: str) -> Response:
    edition = public_edition_or_404(slug)
    try:
        body = services.edition_ics(edition, current_language())
    except LookupError:
        abort(404)
    return calendar_response(body, f"{edition.slug}.ics", attachment=False)


@bp.route("/aanmelding/<token>/agenda.ics")
def participant(token: str) -> Response:
    """A participant's own calendar, also usable as a subscription that follows changes."""
    registration = registration_for_token(token) or abort(404)
    if not registration.location_day.edition.programme_items:
        abort(404)
    body = services.participant_ics(registration, request.args.get("lang"))
    attachment = request.args.get("abonneren") != "1"
    return calendar_response(body, "mijn-alliantiedag.ics", attachment=attachment, private=True)


def calendar_response(body: bytes, filename: str, *, attachment: bool, private: bool = False) -> Response:
    response = Response(body, mimetype="text/calendar")  # Werkzeug adds "; charset=utf-8"
    disposition = "attachment" if attachment else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.set_etag(calendar_etag(body).strip('"'))
    if private:
        response.cache_control.private = True
        response.cache_control.no_cache = True
    else:
        response.cache_control.public = True
        response.cache_control.max_age = PUBLIC_CACHE_SECONDS
    response.vary.add("Cookie")  # the language comes from the session
    response.make_conditional(request)
    return response
