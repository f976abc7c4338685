"""Organisers (any location) and coordinators (their own) write to a chosen group of a
day's participants: preview with the count and one example, then send through the outbox."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from app.accounts.access import managed_location_or_404, organiser_area
from app.communication import messages
from app.communication.forms import MessageForm
from app.extensions import db
from app.workgroups.models import WorkgroupOffer

bp = Blueprint("messages", __name__, url_prefix="/beheer")


def _form(location) -> MessageForm:
    form = MessageForm()
    offers = sorted(location.workgroup_offers, key=lambda offer: (offer.round, offer.workgroup.title))
    form.offer_id.choices = [SelectChoice(0, _("Alle werkgroepen"))] + [
        SelectChoice(offer.id, _("Ronde %(round)s: %(title)s", round=offer.round, title=offer.workgroup.title))
        for offer in offers
    ]
    return form


def _audience(form: MessageForm) -> messages.Audience:
    return messages.Audience(
        status=form.status.data,
        offer_id=form.offer_id.data or 0,
        checked_in=form.checked_in.data,
        evaluation=form.evaluation.data,
    )


@bp.route("/locaties/<int:location_id>/berichten", methods=["GET", "POST"])
@organiser_area
def compose(location_id: int):
    location = managed_location_or_404(location_id)
    form = _form(location)
    preview = None
    if form.validate_on_submit():
        audience = _audience(form)
        if request.form.get("action") == "send":
            message = messages.send(location, current_user.id, form.subject.data, form.body.data, audience)
            db.session.commit()
            flash(_("Het bericht gaat naar %(count)s deelnemers.", count=message.recipient_count), "success")
            return redirect(url_for("messages.log", location_id=location.id))
        people = messages.recipients(location, audience)
        example = messages.render_for(form.subject.data, form.body.data, people[0]) if people else None
        preview = dict(count=len(people), example=example)
    return render_template("communication/compose.html", location=location, form=form, preview=preview)


@bp.route("/locaties/<int:location_id>/berichten/verstuurd")
@organiser_area
def log(location_id: int):
    location = managed_location_or_404(location_id)
    offers = {offer.id: offer for offer in db.session.query(WorkgroupOffer).filter_by(location_day_id=location.id)}
    return render_template("communication/log.html", location=location, sent=messages.sent_at(location), offers=offers)
