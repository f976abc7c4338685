"""Organiser area: registrations per location, capacity, moves, exports, and the
edition's list of organisation kinds (check-in at the door: check_in_manage.py). Every
view checks access: a coordinator reaches only their own locations
(managed_location_or_404), edition-wide pages are organiser_only."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from wtforms import SelectChoice

from app.accounts.access import managed_location_or_404, organiser_area, organiser_only
from app.common.forms import attach_error
from app.common.text import one_line, whole_number
from app.extensions import db
from app.mail.outbox import registration_log
from app.programme.models import Edition, LocationDay
from app.registration import exports, services
from app.registration.editing import chosen_kind, duplicate_email_error, kind_choices, save_changes
from app.registration.forms import (
    CapacityForm,
    ManualRegistrationForm,
    MoveForm,
    OrganisationKindForm,
    fill_preferences,
    needs_from,
    preference_rows,
    preferences_from,
    with_preferences,
)
from app.registration.models import OrganisationKind, Registration, Source

bp = Blueprint("registration_manage", __name__, url_prefix="/beheer")

STATUS_LABELS = {"confirmed": _l("Bevestigd"), "waiting": _l("Wachtlijst"), "cancelled": _l("Afgemeld")}


def _registration_for_manager(registration_id: int) -> tuple[Registration, LocationDay]:
    registration = db.get_or_404(Registration, registration_id)
    location = managed_location_or_404(registration.location_day_id)
    return registration, location


def _filters() -> services.Filters:
    return services.Filters(
        search=one_line(request.args.get("zoek", ""))[:100],
        status=request.args.get("status", ""),
        source=request.args.get("bron", ""),
        present=request.args.get("aanwezig", ""),
        kind_id=whole_number(request.args.get("soort")),
    )


# --- the list -------------------------------------------------------------------------


@bp.route("/locaties/<int:location_id>/aanmeldingen", methods=["GET", "POST"])
@organiser_area
def registrations(location_id: int):
    location = managed_location_or_404(location_id)
    capacity_form = CapacityForm(obj=location)
    if capacity_form.validate_on_submit():
        try:
            promoted = services.change_capacity(location, capacity_form.capacity.data)
        except services.RegistrationError as error:
            db.session.rollback()
            attach_error(capacity_form, error)
        else:
            db.session.commit()
            flash(_("Het aantal plaatsen is nu %(count)s.", count=location.capacity), "success")
            if promoted:
                flash(
                    _(
                        "%(count)s mensen zijn van de wachtlijst gehaald en hebben een e-mail gekregen.",
                        count=len(promoted),
                    ),
                    "success",
                )
            return redirect(url_for("registration_manage.registrations", location_id=location.id))
    filters = _filters()
    return render_template(
        "registration/manage/list.html",
        location=location,
        counts=services.counts(location),
        page=services.search_page(location, filters, whole_number(request.args.get("pagina")) or 1),
        positions=services.waiting_positions(location),
        filters=filters,
        kinds=services.organisation_kinds(location.edition),
        capacity_form=capacity_form,
        status_labels=STATUS_LABELS,
    )


# --- add, edit, cancel, move ----------------------------------------------------------


@bp.route("/locaties/<int:location_id>/aanmeldingen/nieuw", methods=["GET", "POST"])
@organiser_area
def create(location_id: int):
    location = managed_location_or_404(location_id)
    offers = services.offers_by_round(location)
    form = with_preferences(ManualRegistrationForm, offers)()
    form.organisation_kind_id.choices = kind_choices(location)
    if form.validate_on_submit():
        try:
            result = services.register_participant(
                location,
                name=form.name.data,
                email=form.email.data,
                organisation=form.organisation.data,
                organisation_kind=chosen_kind(location, form.organisation_kind_id.data),
                municipality=form.municipality.data,
                **needs_from(form),
                preferences=preferences_from(form, offers),
                consent=form.consent.data,
                source=Source.MANUAL,
            )
            if not result.created:
                raise duplicate_email_error()
            db.session.commit()
        except services.RegistrationError as error:
            db.session.rollback()
            attach_error(form, error)
        except IntegrityError:
            db.session.rollback()
            attach_error(
                form,
                duplicate_email_error(),
            )
        else:
            registration = result.registration
            if registration.is_confirmed:
                flash(_("%(name)s is aangemeld.", name=registration.name), "success")
            else:
                flash(_("De dag is vol: %(name)s staat op de wachtlijst.", name=registration.name), "success")
            return redirect(url_for("registration_manage.registrations", location_id=location.id))
    return render_template(
        "registration/manage/form.html",
        location=location,
        form=form,
        rounds=preference_rows(form, offers),
        several_rounds=len(offers) > 1,
        heading=_("Aanmelding toevoegen"),
    )


@bp.route("/aanmeldingen/<int:registration_id>/bewerken", methods=["GET", "POST"])
@organiser_area
def edit(registration_id: int):
    registration, location = _registration_for_manager(registration_id)
    offers = services.offers_by_round(location)
    form = with_preferences(ManualRegistrationForm, offers)(obj=registration)
    del form.consent
    form.organisation_kind_id.choices = kind_choices(location)
    if request.method == "GET":
        fill_preferences(form, registration)
    if form.validate_on_submit() and save_changes(registration, form, offers, by_organiser=True):
        flash(_("De aanmelding is opgeslagen."), "success")
        return redirect(url_for("registration_manage.registrations", location_id=location.id))
    return render_template(
        "registration/manage/form.html",
        location=location,
        registration=registration,
        form=form,
        rounds=preference_rows(form, offers),
        several_rounds=len(offers) > 1,
        heading=_("Aanmelding van %(name)s bewerken", name=registration.name),
        mails=registration_log(registration.id),
    )


@bp.route("/aanmeldingen/<int:registration_id>/afmelden", methods=["POST"])
@organiser_area
def cancel(registration_id: int):
    registration, location = _registration_for_manager(registration_id)
    promoted = services.cancel_registration(registration, by_organiser=True)
    db.session.commit()
    flash(_("%(name)s is afgemeld.", name=registration.name), "success")
    for person in promoted:
        flash(_("%(name)s is van de wachtlijst gehaald en heeft een e-mail gekregen.", name=person.name), "success")
    return redirect(url_for("registration_manage.registrations", location_id=location.id))


@bp.route("/aanmeldingen/<int:registration_id>/verplaatsen", methods=["GET", "POST"])
@organiser_area
def move(registration_id: int):
    registration, location = _registration_for_manager(registration_id)
    form = MoveForm()
    targets = [
        day
        for day in sorted(location.edition.location_days, key=lambda day: day.date)
        if day.id != location.id and current_user.may_manage(day.id)
    ]
    form.location_id.choices = [SelectChoice(day.id, f"{day.city} ({day.date:%d-%m-%Y})") for day in targets]
    if form.validate_on_submit():
        target = managed_location_or_404(form.location_id.data)
        try:
            services.move_registration(registration, target)
            db.session.commit()
        except services.RegistrationError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            state = _("bevestigd") if registration.is_confirmed else _("op de wachtlijst")
            flash(
                _(
                    "%(name)s is verplaatst naar %(city)s (%(state)s).",
                    name=registration.name,
                    city=target.city,
                    state=state,
                ),
                "success",
            )
            return redirect(url_for("registration_manage.registrations", location_id=location.id))
    return render_template("registration/manage/move.html", location=location, registration=registration, form=form)


# --- exports --------------------------------------------------------------------------


def _export_table(location: LocationDay):
    registrations = services.search_registrations(location, _filters())
    rounds = sorted(services.offers_by_round(location)) or [1]
    table = exports.rows(registrations, services.waiting_positions(location), rounds)
    return table, exports.header(rounds)


def _filename(location: LocationDay, extension: str) -> str:
    return f"aanmeldingen-{location.edition.slug}-{location.slug}.{extension}"


@bp.route("/locaties/<int:location_id>/aanmeldingen.csv")
@organiser_area
def export_csv(location_id: int):
    location = managed_location_or_404(location_id)
    table, columns = _export_table(location)
    return Response(
        exports.to_csv(table, columns),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{_filename(location, "csv")}"'},
    )


@bp.route("/locaties/<int:location_id>/aanmeldingen.xlsx")
@organiser_area
def export_xlsx(location_id: int):
    location = managed_location_or_404(location_id)
    table, columns = _export_table(location)
    return Response(
        exports.to_xlsx(table, columns, title=location.city),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{_filename(location, "xlsx")}"'},
    )


# --- organisation kinds (edition-wide) ------------------------------------------------


@bp.route("/edities/<int:edition_id>/organisatiesoorten", methods=["GET", "POST"])
@organiser_only
def organisation_kinds(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    form = OrganisationKindForm()
    if form.validate_on_submit():
        try:
            services.add_organisation_kind(edition, form.name.data, form.name_en.data)
            db.session.commit()
        except services.RegistrationError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            flash(_("De soort is toegevoegd."), "success")
            return redirect(url_for("registration_manage.organisation_kinds", edition_id=edition.id))
    return render_template(
        "registration/manage/kinds.html", edition=edition, kinds=services.organisation_kinds(edition), form=form
    )


@bp.route("/organisatiesoorten/<int:kind_id>/verwijderen", methods=["POST"])
@organiser_only
def delete_organisation_kind(kind_id: int):
    kind = db.get_or_404(OrganisationKind, kind_id)
    edition_id = kind.edition_id
    services.delete_organisation_kind(kind)
    db.session.commit()
    flash(_("De soort is verwijderd."), "success")
    return redirect(url_for("registration_manage.organisation_kinds", edition_id=edition_id))


@bp.route("/edities/<int:edition_id>/aanmeldingen")
@organiser_area
def overview(edition_id: int):
    """Counts per location side by side; coordinators see only their own locations."""
    edition = db.get_or_404(Edition, edition_id)
    days = sorted(edition.location_days, key=lambda day: day.date)
    if not current_user.is_organiser:
        days = [day for day in days if current_user.may_manage(day.id)]
        if not days:
            abort(403)
    return render_template(
        "registration/manage/overview.html", edition=edition, days=days, counts=services.counts_for(days)
    )
