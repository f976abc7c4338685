"""Organiser area: the workgroup catalogue and the workgroups each location offers."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from app.accounts.access import managed_location_or_404, organiser_area, organiser_only
from app.common.forms import attach_error, form_values
from app.common.language import choice_label, dutch
from app.communication import notices
from app.extensions import db
from app.programme.models import Edition
from app.workgroups import services
from app.workgroups.forms import OfferForm, WorkgroupForm
from app.workgroups.models import Workgroup, WorkgroupOffer

bp = Blueprint("workgroups_manage", __name__, url_prefix="/beheer")

WORKGROUP_FIELDS = ("title", "description", "description_en", "default_capacity", "min_size")
OFFER_FIELDS = ("round", "capacity", "room", "room_step_free", "facilitator")


@bp.route("/edities/<int:edition_id>/werkgroepen", methods=["GET", "POST"])
@organiser_only
def catalogue(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    form = WorkgroupForm()
    if form.validate_on_submit() and _save_workgroup(Workgroup(), edition, form):
        flash(_("De werkgroep is toegevoegd."), "success")
        return redirect(url_for("workgroups_manage.catalogue", edition_id=edition.id))
    return render_template(
        "workgroups/catalogue.html", edition=edition, workgroups=services.catalogue(edition), form=form
    )


@bp.route("/werkgroepen/<int:workgroup_id>/bewerken", methods=["GET", "POST"])
@organiser_only
def edit_workgroup(workgroup_id: int):
    workgroup = db.get_or_404(Workgroup, workgroup_id)
    form = WorkgroupForm(obj=workgroup)
    if form.validate_on_submit() and _save_workgroup(workgroup, workgroup.edition, form):
        flash(_("De werkgroep is opgeslagen."), "success")
        return redirect(url_for("workgroups_manage.catalogue", edition_id=workgroup.edition_id))
    return render_template("manage/form.html", form=form, heading=_("Werkgroep bewerken"))


def _save_workgroup(workgroup: Workgroup, edition: Edition, form: WorkgroupForm) -> bool:
    try:
        services.save_workgroup(workgroup, edition, **form_values(form, *WORKGROUP_FIELDS))
    except services.WorkgroupError as error:
        db.session.rollback()
        attach_error(form, error)
        return False
    db.session.commit()
    return True


@bp.route("/locaties/<int:location_id>/werkgroepen/nieuw", methods=["GET", "POST"])
@organiser_area
def create_offer(location_id: int):
    location = managed_location_or_404(location_id)
    return _edit_offer(WorkgroupOffer(), location, _("Werkgroep aanbieden"))


@bp.route("/aanbod/<int:offer_id>/bewerken", methods=["GET", "POST"])
@organiser_area
def edit_offer(offer_id: int):
    offer = db.get_or_404(WorkgroupOffer, offer_id)
    location = managed_location_or_404(offer.location_day_id)
    return _edit_offer(offer, location, _("Aanbod bewerken"))


def _edit_offer(offer: WorkgroupOffer, location, heading: str):
    form = OfferForm(obj=offer)
    room_before = offer.room if offer.id else None
    form.workgroup_id.choices = [
        SelectChoice(w.id, **choice_label(dutch(w.title))) for w in services.catalogue(location.edition)
    ]
    if form.validate_on_submit():
        workgroup = db.get_or_404(Workgroup, form.workgroup_id.data)
        try:
            services.save_offer(offer, location, workgroup, **form_values(form, *OFFER_FIELDS))
        except services.WorkgroupError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            told = 0
            if room_before is not None and offer.room != room_before and form.notify.data:
                told = notices.notify_workgroups_changed(notices.told_of_offer(offer))
            db.session.commit()
            flash(_("Het werkgroepaanbod is opgeslagen."), "success")
            if told:
                flash(_("%(count)s deelnemers krijgen bericht van de wijziging.", count=told), "success")
            return redirect(url_for("manage.location", location_id=location.id, _anchor="werkgroepen"))
    notice = (
        _(
            "Verandert u de zaal, dan krijgen %(count)s deelnemers die al in deze werkgroep zijn ingedeeld"
            " binnen enkele minuten één bericht.",
            count=len(notices.told_of_offer(offer)),
        )
        if offer.id
        else None
    )
    return render_template("manage/form.html", form=form, heading=heading, notice=notice)


@bp.route("/aanbod/<int:offer_id>/verwijderen", methods=["POST"])
@organiser_area
def delete_offer(offer_id: int):
    offer = db.get_or_404(WorkgroupOffer, offer_id)
    location = managed_location_or_404(offer.location_day_id)
    services.remove_offer(offer)
    db.session.commit()
    flash(_("De werkgroep is van deze locatie gehaald."), "success")
    return redirect(url_for("manage.location", location_id=location.id, _anchor="werkgroepen"))
