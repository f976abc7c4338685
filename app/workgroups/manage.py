"""Organiser area: the workgroup catalogue and the workgroups each location offers."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from app.accounts.access import managed_location_or_404, organiser_area, organiser_only
from app.common.forms import attach_error, form_values
from app.common.language import choice_label, dutch
from app.common.text import whole_number
from app.communication import notices
from app.extensions import db
from app.programme.models import Edition
from app.workgroups import services
from app.workgroups.forms import OfferForm, SeveralLocationsForm, WorkgroupForm
from app.workgroups.models import Workgroup, WorkgroupOffer

bp = Blueprint("workgroups_manage", __name__, url_prefix="/beheer")

WORKGROUP_FIELDS = ("title", "description", "description_en", "default_capacity", "min_size")
OFFER_FIELDS = ("round", "capacity", "min_size", "room", "room_step_free", "facilitator")


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


def _workgroup_choices(edition: Edition, keep: Workgroup | None = None) -> list[SelectChoice]:
    return [SelectChoice(w.id, **choice_label(dutch(w.title))) for w in services.offerable(edition, keep)]


def _edit_offer(offer: WorkgroupOffer, location, heading: str):
    form = OfferForm(obj=offer)
    room_before = offer.room if offer.id else None
    form.workgroup_id.choices = _workgroup_choices(location.edition, offer.workgroup if offer.id else None)
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


@bp.route("/edities/<int:edition_id>/werkgroepen/aanbieden", methods=["GET", "POST"])
@organiser_area
def offer_at_locations(edition_id: int):
    """One catalogue workgroup at several locations in one save: all rows or none.
    Coordinators get rows for their own locations only; no other location is read."""
    edition = db.get_or_404(Edition, edition_id)
    locations = [location for location in edition.location_days if current_user.may_manage(location.id)]
    if not locations:
        abort(403)
    form = SeveralLocationsForm.for_locations({location.id: location.city for location in locations})()
    form.workgroup_id.choices = _workgroup_choices(edition)
    if request.method == "GET" and (chosen := whole_number(request.args.get("werkgroep"))) is not None:
        form.workgroup_id.data = chosen
    by_id = {location.id: location for location in locations}
    if request.method == "POST" and _foreign_locations(by_id):
        form.form_errors.append(_("U kunt een werkgroep alleen aanbieden op locaties die u beheert."))
    elif form.validate_on_submit():
        workgroup = db.session.get(Workgroup, form.workgroup_id.data)
        rows = [
            services.OfferRow(
                location=by_id[location_id],
                round=form.row(location_id, "round").data,
                capacity=form.row(location_id, "capacity").data,
                min_size=form.row(location_id, "min_size").data,
                room=form.row(location_id, "room").data or "",
                facilitator=form.row(location_id, "facilitator").data or "",
            )
            for location_id in form.picked()
        ]
        try:
            if workgroup is None:
                raise services.WorkgroupError(_("Kies een werkgroep uit de lijst."), field="workgroup_id")
            offers = services.offer_at_locations(workgroup, rows)
        except services.OfferRowsError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
            for location_id, problems in error.problems.items():
                for name, message in problems:
                    in_row = name in ("round", "capacity", "min_size")
                    target = form.row(location_id, name) if in_row else form.workgroup_id
                    target.errors = [*target.errors, message]
        except services.WorkgroupError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(
                _(
                    "%(title)s wordt nu aangeboden in: %(cities)s.",
                    title=workgroup.title,
                    cities=", ".join(offer.location_day.city for offer in offers),
                ),
                "success",
            )
            if current_user.is_organiser:
                return redirect(url_for("workgroups_manage.catalogue", edition_id=edition.id))
            return redirect(url_for("manage.location", location_id=offers[0].location_day_id, _anchor="werkgroepen"))
    return render_template(
        "workgroups/offer_locations.html",
        edition=edition,
        form=form,
        locations=locations,
        rounds=services.programme_rounds(edition),
    ), (400 if form.errors else 200)


def _foreign_locations(allowed: dict) -> bool:
    """A post that names a location outside the rows (another coordinator's, or none)."""
    for name in request.form:
        prefix, _sep, number = name.rpartition("_")
        if prefix in ("pick", "round", "capacity", "min_size", "room", "facilitator") and number:
            if whole_number(number) not in allowed:
                return True
    return False
