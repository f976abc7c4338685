"""At the door (organisers and the location's coordinators): everyone of the day on one
page in Dutch name order, filters by first letter and workgroup, one tap to check in or
undo, and walk-ins (over capacity only after an explicit confirmation).

Without JavaScript every button is an ordinary form post that comes back to the same
filters and the same row (an anchor); with JavaScript (static/js/check-in.js) the row is
replaced in place from the JSON answer of the same post."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.accounts.access import managed_location_or_404, organiser_area
from app.common.forms import attach_error
from app.common.text import one_line, whole_number
from app.extensions import db
from app.programme.models import LocationDay
from app.registration import services
from app.registration.editing import chosen_kind, kind_choices
from app.registration.forms import WalkInForm
from app.registration.models import Registration

bp = Blueprint("door", __name__, url_prefix="/beheer")


def _already_registered() -> services.RegistrationError:
    return services.RegistrationError(_("Met dit e-mailadres is al iemand aangemeld. Zoek op de naam."), "email")


def _filters(values) -> dict:
    """The list's filters from the query string (or the hidden fields of a post)."""
    letter = (values.get("letter") or "")[:1].upper()
    letters = set(services.LETTERS) | {services.OTHER}
    offer_id = whole_number(values.get("werkgroep"))
    return {
        "letter": letter if letter in letters else "",
        "werkgroep": offer_id if offer_id and offer_id < 2**31 else None,
        "zoek": one_line(values.get("zoek", ""))[:100],
    }


def _page_url(location_id: int, filters: dict, anchor: str | None = None) -> str:
    query = {key: value for key, value in filters.items() if value}
    return url_for("door.check_in_page", location_id=location_id, _anchor=anchor, **query)


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


@bp.route("/locaties/<int:location_id>/inchecken", methods=["GET", "POST"])
@organiser_area
def check_in_page(location_id: int):
    location = managed_location_or_404(location_id)
    filters = _filters(request.args)
    form = WalkInForm()
    form.organisation_kind_id.choices = kind_choices(location)
    day_full = False
    if form.validate_on_submit():
        try:
            result = services.register_walk_in(
                location,
                name=form.name.data,
                email=form.email.data,
                organisation=form.organisation.data,
                organisation_kind=chosen_kind(location, form.organisation_kind_id.data),
                admit_over_capacity=bool(form.admit_over_capacity.data),
            )
            if not result.created:
                raise services.RegistrationError(
                    _("Met dit e-mailadres is al iemand aangemeld. Zoek op de naam."), "email"
                )
            db.session.commit()
        except services.DayFull:
            db.session.rollback()
            day_full = True  # the page asks again: admit over capacity?
        except services.RegistrationError as error:
            db.session.rollback()
            attach_error(form, error)
        except IntegrityError:
            db.session.rollback()
            attach_error(
                form,
                services.RegistrationError(_("Met dit e-mailadres is al iemand aangemeld. Zoek op de naam."), "email"),
            )
        else:
            registration = result.registration
            if registration.over_capacity:
                flash(_("%(name)s is binnen, boven de capaciteit (binnenloper).", name=registration.name), "success")
            else:
                flash(_("%(name)s is aangemeld en binnen.", name=registration.name), "success")
            return redirect(_page_url(location.id, filters, anchor=f"r{registration.id}"))
    return _render(location, filters, form, day_full)


def _render(location: LocationDay, filters: dict, form: WalkInForm, day_full: bool):
    door = services.door_list(location, letter=filters["letter"], offer_id=filters["werkgroep"], search=filters["zoek"])
    offers = [offer for offers in services.offers_by_round(location).values() for offer in offers]
    seated = door.confirmed - door.over_capacity
    door_full = seated >= location.capacity
    admitting = None  # a waiting person the organiser is asked about (?toelaten=<id>)
    if door_full and (chosen := whole_number(request.args.get("toelaten"))) is not None:
        admitting = next((r for r in door.rows if r.id == chosen and r.is_waiting), None)
    return render_template(
        "registration/manage/check_in.html",
        location=location,
        door=door,
        filters=filters,
        offers=offers,
        several_rounds=len({offer.round for offer in offers}) > 1,
        letters=[*services.LETTERS, services.OTHER],
        form=form,
        day_full=day_full,
        seated=seated,
        door_full=door_full,
        admitting=admitting,
        kept_filters={key: value for key, value in filters.items() if value},
    )


@bp.route("/aanmeldingen/<int:registration_id>/toelaten", methods=["POST"])
@organiser_area
def admit_waiting(registration_id: int):
    """Someone of the waiting list at the door of a full day, in over capacity: only with the
    explicit confirmation of the question on the check-in page, otherwise that question."""
    registration = db.get_or_404(Registration, registration_id)
    location = managed_location_or_404(registration.location_day_id)
    filters = _filters(request.form)
    if request.form.get("admit_over_capacity") != "y":
        query = {key: value for key, value in filters.items() if value}
        return redirect(
            url_for(
                "door.check_in_page", location_id=location.id, toelaten=registration.id, _anchor="toelaten", **query
            )
        )
    try:
        services.admit_waiting_over_capacity(registration)
        db.session.commit()
    except services.RegistrationError as problem:
        db.session.rollback()
        flash(str(problem), "error")
    else:
        flash(_("%(name)s is binnen, boven de capaciteit (van de wachtlijst).", name=registration.name), "success")
    return redirect(_page_url(location.id, filters, anchor=f"r{registration.id}"))


@bp.route("/aanmeldingen/<int:registration_id>/aanwezig", methods=["POST"])
@organiser_area
def toggle_present(registration_id: int):
    registration = db.get_or_404(Registration, registration_id)
    location = managed_location_or_404(registration.location_day_id)
    filters = _filters(request.form)
    error = None
    try:
        if request.form.get("undo"):
            services.undo_check_in(registration)
        else:
            services.check_in(registration)
        db.session.commit()
    except services.RegistrationError as problem:
        db.session.rollback()
        error = str(problem)
    if _wants_json():
        counts = services.counts(location)
        row = services.door_row(location, registration.id)
        return jsonify(
            ok=error is None,
            message=error
            or (
                _("%(name)s is binnen.", name=registration.name)
                if registration.checked_in_at
                else _("%(name)s is niet meer ingecheckt.", name=registration.name)
            ),
            present=counts.present,
            confirmed=counts.confirmed,
            row=render_template(
                "registration/manage/_door_row.html",
                r=row,
                location=location,
                filters=filters,
            ),
        ), (409 if error else 200)
    if error:
        flash(error, "error")
    return redirect(_page_url(location.id, filters, anchor=f"r{registration.id}"))
