"""Access rules for organiser pages, checked on every request."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from app.extensions import db
from app.programme.models import LocationDay


def organiser_area(view):
    """Any signed-in organiser or coordinator (facilitators have their own page only)."""

    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if current_user.is_facilitator:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def facilitator_area(view):
    """Signed in; each view shows only the signed-in person's own workgroups."""
    return login_required(view)


def organiser_only(view):
    """Edition-wide pages: national organisers only."""

    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not current_user.is_organiser:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def managed_location_or_404(location_day_id: int) -> LocationDay:
    """The location, if the current user may manage it; 404 if absent, 403 if not theirs."""
    location = db.get_or_404(LocationDay, location_day_id)
    if not current_user.may_manage(location.id):
        abort(403)
    return location
