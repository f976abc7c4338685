"""A facilitator's own page: the participants of their workgroup(s), and the sign-in sheet."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from app.accounts.access import facilitator_area
from app.extensions import db
from app.reports import documents
from app.workgroups.models import WorkgroupOffer
from app.workgroups.sorting import participants_of

bp = Blueprint("facilitator", __name__, url_prefix="/beheer/mijn-werkgroepen")


@bp.route("/")
@facilitator_area
def workgroups():
    offers = sorted(current_user.offers, key=lambda offer: (offer.location_day.date, offer.round))
    return render_template("workgroups/facilitator.html", offers=[(offer, participants_of(offer)) for offer in offers])


@bp.route("/<int:offer_id>/presentielijst.pdf")
@facilitator_area
def sign_in_sheet(offer_id: int):
    return documents.serve("offer_sheet", _own_offer(offer_id))


def _own_offer(offer_id: int) -> WorkgroupOffer:
    """Facilitators see their own workgroups; organisers and coordinators see theirs."""
    offer = db.get_or_404(WorkgroupOffer, offer_id)
    if current_user.is_facilitator:
        if offer not in current_user.offers:
            abort(403)
    elif not current_user.may_manage(offer.location_day_id):
        abort(403)
    return offer
