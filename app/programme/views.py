"""Public pages: the edition with its location days, and each location's programme."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.calendar.links import webcal_url
from app.calendar.services import add_to_calendar_links, public_url
from app.common.language import current_language
from app.common.urls import safe_next
from app.extensions import db
from app.programme import lifecycle, services, visibility  # noqa: F401  lifecycle: its flush hook
from app.programme.forms import ITEM_KIND_LABELS
from app.programme.models import LocationDay
from app.timeutil import utcnow
from app.workgroups.models import WorkgroupOffer

bp = Blueprint("programme", __name__)


@bp.app_template_global()
def is_concept(edition, day=None) -> bool:
    """For the "Concept" banner on the public pages (templates/_concept.html)."""
    return visibility.is_concept(edition, day)


@bp.route("/")
def index():
    edition = visibility.latest_public_edition()
    if edition is None:
        return render_template("programme/empty.html")
    return redirect(url_for("programme.edition", slug=edition.slug))


@bp.route("/privacy")
def privacy():
    return render_template("programme/privacy.html")


@bp.route("/taal/<language>")
def set_language(language: str):
    if language not in ("nl", "en"):
        abort(404)
    session["lang"] = language
    return redirect(safe_next(request.args.get("next"), url_for("programme.index")))


@bp.route("/<slug>/")
def edition(slug: str):
    edition = visibility.public_edition_or_404(slug)
    now = utcnow()
    days = [(day, services.registration_is_open(day, now)) for day in visibility.visible_days(edition)]
    feed = public_url("calendar.edition_feed", slug=edition.slug)
    return render_template(
        "programme/edition.html",
        edition=edition,
        days=days,
        feed_url=url_for("calendar.edition_feed", slug=edition.slug),
        subscribe_url=webcal_url(feed),
    )


@bp.route("/<slug>/voorbeeld/<token>")
def preview(slug: str, token: str):
    """The preview link of a draft: this browser sees the public pages as they will look."""
    edition = services.edition_by_slug(slug) or abort(404)
    if not visibility.open_preview(edition, token):
        abort(404)
    return redirect(url_for("programme.edition", slug=edition.slug))


@bp.route("/<slug>/<location_slug>/")
def location(slug: str, location_slug: str):
    edition = visibility.public_edition_or_404(slug)
    day = db.session.scalar(
        select(LocationDay)
        .where(LocationDay.edition_id == edition.id, LocationDay.slug == location_slug)
        .options(
            selectinload(LocationDay.workgroup_offers).selectinload(WorkgroupOffer.workgroup),
        )
    )
    day = visibility.public_day_or_404(day)
    offers_by_round: dict[int, list[WorkgroupOffer]] = {}
    running = (offer for offer in day.workgroup_offers if offer.is_open)  # a dropped workgroup is shown nowhere public
    for offer in sorted(running, key=lambda offer: (offer.round, offer.workgroup.title)):
        offers_by_round.setdefault(offer.round, []).append(offer)
    return render_template(
        "programme/location.html",
        edition=edition,
        day=day,
        programme=services.programme_for(day),
        offers_by_round=offers_by_round,
        kind_labels=ITEM_KIND_LABELS,
        registration_open=services.registration_is_open(day, utcnow()),
        calendar_links=add_to_calendar_links(day, current_language()),
    )
