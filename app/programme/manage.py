"""Organiser area: editions, the programme template, location days, speakers, readiness."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice

from app.accounts.access import facilitator_area, managed_location_or_404, organiser_area, organiser_only
from app.common.forms import attach_error, form_values
from app.common.language import choice_label, in_language
from app.communication import notices
from app.dashboard.attention import needs_attention
from app.dashboard.figures import AssignmentState, build_dashboard, editions_without_days
from app.evaluation.questionnaire import form_for as evaluation_form_for
from app.extensions import db
from app.programme import lifecycle, services
from app.programme.forms import (
    ITEM_KIND_LABELS,
    ContributionForm,
    EditionForm,
    LocationDayForm,
    ProgrammeItemForm,
    SpeakerForm,
)
from app.programme.models import Contribution, Edition, ItemKind, LocationDay, ProgrammeItem, Speaker, State
from app.programme.readiness import build_readiness
from app.registration.services import RegistrationError, change_capacity
from app.seasons.forms import ConfirmForm
from app.seasons.services import item_impact, marked
from app.timeutil import local_to_utc, to_local, utcnow

bp = Blueprint("manage", __name__, url_prefix="/beheer")

ASSIGNMENT_STATE_LABELS = {
    AssignmentState.NOT_RUN: _l("nog niet gemaakt"),
    AssignmentState.RUN: _l("gemaakt, niet gepubliceerd"),
    AssignmentState.PUBLISHED: _l("gepubliceerd"),
}

EDITION_FIELDS = (
    "name",
    "slug",
    "theme",
    "year",
    "organising_alliance",
    "partner_organisations",
    "funding_organisations",
    "description",
)
ITEM_FIELDS = ("title", "description", "title_en", "description_en", "start_time", "end_time", "workgroup_round")
LOCATION_FIELDS = ("city", "slug", "venue", "address", "date", "doors_open", "capacity", "coordinating_organisations")


@bp.route("/")
@facilitator_area
def dashboard():
    if current_user.is_facilitator:
        return redirect(url_for("facilitator.workgroups"))
    own = None if current_user.is_organiser else [location.id for location in current_user.locations]
    blocks = build_dashboard(own)
    return render_template(
        "manage/dashboard.html",
        blocks=blocks,
        attention=needs_attention(blocks, organiser=own is None),
        editions=services.list_editions() if own is None else None,
        new_editions=editions_without_days() if own is None else [],
        states=ASSIGNMENT_STATE_LABELS,
    )


# --- editions -------------------------------------------------------------------------


@bp.route("/edities/nieuw", methods=["GET", "POST"])
@organiser_only
def create_edition():
    # A new edition starts as a draft: nobody but the organisers sees it until it is published.
    return _edit_edition(Edition(state=State.DRAFT), _("Nieuwe editie"))


@bp.route("/edities/<int:edition_id>/bewerken", methods=["GET", "POST"])
@organiser_only
def edit_edition(edition_id: int):
    return _edit_edition(db.get_or_404(Edition, edition_id), _("Editie bewerken"))


def _edit_edition(edition: Edition, heading: str):
    form = EditionForm(obj=edition)
    if form.validate_on_submit():
        values = form_values(form, *EDITION_FIELDS)
        try:
            services.save_edition(edition, **values)
        except services.ProgrammeError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("De editie is opgeslagen."), "success")
            return redirect(url_for("manage.edition", edition_id=edition.id))
    return render_template("manage/form.html", form=form, heading=heading)


@bp.route("/edities/<int:edition_id>")
@organiser_only
def edition(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    return render_template(
        "manage/edition.html",
        edition=edition,
        kind_labels=ITEM_KIND_LABELS,
        locations=services.location_days_for(edition),
        overlapping=lifecycle.items_overlapping(edition),
        now=utcnow(),
    )


# --- programme template ---------------------------------------------------------------


@bp.route("/edities/<int:edition_id>/programma/nieuw", methods=["GET", "POST"])
@organiser_only
def create_item(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    form = ProgrammeItemForm()
    if form.validate_on_submit():
        try:
            services.add_programme_item(edition, kind=ItemKind(form.kind.data), **form_values(form, *ITEM_FIELDS))
        except services.ProgrammeError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("Het programmaonderdeel is toegevoegd."), "success")
            return redirect(url_for("manage.edition", edition_id=edition.id))
    return render_template("manage/form.html", form=form, heading=_("Nieuw programmaonderdeel"))


@bp.route("/programma/<int:item_id>/bewerken", methods=["GET", "POST"])
@organiser_only
def edit_item(item_id: int):
    item = db.get_or_404(ProgrammeItem, item_id)
    form = ProgrammeItemForm(obj=item)
    before = notices.edition_snapshots(item.edition)
    if form.validate_on_submit():
        try:
            services.update_programme_item(item, kind=ItemKind(form.kind.data), **form_values(form, *ITEM_FIELDS))
        except services.ProgrammeError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            told = notices.notify_edition_changed(item.edition, before) if form.notify.data else 0
            db.session.commit()
            flash(_("Het programmaonderdeel is opgeslagen."), "success")
            if told:
                flash(_("%(count)s deelnemers krijgen bericht van de wijziging.", count=told), "success")
            return redirect(url_for("manage.edition", edition_id=item.edition_id))
    notice = _(
        "Verandert daardoor de begin- of eindtijd van de dag, dan krijgen %(count)s deelnemers"
        " (bevestigd en wachtlijst, alle locaties) binnen enkele minuten één bericht.",
        count=notices.edition_audience_count(item.edition),
    )
    return render_template("manage/form.html", form=form, heading=_("Programmaonderdeel bewerken"), notice=notice)


@bp.route("/programma/<int:item_id>/verplaatsen", methods=["POST"])
@organiser_only
def move_item(item_id: int):
    item = db.get_or_404(ProgrammeItem, item_id)
    offset = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if offset is None:
        abort(400)
    services.move_programme_item(item, offset)
    db.session.commit()
    return redirect(url_for("manage.edition", edition_id=item.edition_id, _anchor=f"item-{item.id}"))


@bp.route("/programma/<int:item_id>/verwijderen", methods=["GET", "POST"])
@organiser_only
def delete_item(item_id: int):
    """A slot is removed only after a page that says what goes with it."""
    item = db.get_or_404(ProgrammeItem, item_id)
    edition_id = item.edition_id
    form = ConfirmForm()
    if not form.validate_on_submit() or not form.confirm.data:
        if form.is_submitted() and not form.errors:
            form.confirm.errors = [_("Vink aan dat u dit echt wilt.")]
        return render_template(
            "seasons/confirm.html",
            subject=marked(
                _("Programmaonderdeel %(title)s verwijderen", title="%(title)s"), title=in_language(item, "title")
            ),
            impact=item_impact(item),
            back=url_for("manage.edition", edition_id=edition_id),
            form=form,
            removal=True,
            action_label=_("Verwijderen"),
        )
    services.delete_programme_item(item)
    db.session.commit()
    flash(_("Het programmaonderdeel is verwijderd."), "success")
    return redirect(url_for("manage.edition", edition_id=edition_id))


# --- location days --------------------------------------------------------------------


@bp.route("/edities/<int:edition_id>/locaties/nieuw", methods=["GET", "POST"])
@organiser_only
def create_location(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    return _edit_location(LocationDay(state=State.DRAFT), edition, _("Nieuwe locatie"))


@bp.route("/locaties/<int:location_id>/bewerken", methods=["GET", "POST"])
@organiser_area
def edit_location(location_id: int):
    location = managed_location_or_404(location_id)
    return _edit_location(location, location.edition, _("Locatie bewerken"))


def _edit_location(location: LocationDay, edition: Edition, heading: str):
    form = LocationDayForm(obj=location)
    before = notices.day_snapshot(location) if location.id else None
    if request.method == "GET" and location.id:
        # The form shows and takes Amsterdam wall-clock time; the database keeps UTC.
        form.registration_opens_at.data = to_local(location.registration_opens_at).replace(tzinfo=None)
        form.registration_closes_at.data = to_local(location.registration_closes_at).replace(tzinfo=None)
    if form.validate_on_submit():
        values = form_values(form, *LOCATION_FIELDS)
        for name in ("registration_opens_at", "registration_closes_at"):
            moment = getattr(form, name).data
            values[name] = local_to_utc(moment.date(), moment.time())
        # Seats of a day with registrations change by the registrations' rule (never below
        # the confirmed count; more seats promote from the waiting list).
        capacity = values.pop("capacity") if location.id else None
        try:
            services.save_location_day(location, edition, **values)
            if capacity is not None:
                change_capacity(location, capacity)
            lifecycle.check_dates(location, utcnow())
        except (services.ProgrammeError, RegistrationError) as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            told = notices.notify_day_changed(location, before) if before and form.notify.data else 0
            db.session.commit()
            flash(_("De locatie is opgeslagen."), "success")
            if told:
                flash(_("%(count)s deelnemers krijgen bericht van de wijziging.", count=told), "success")
            return redirect(url_for("manage.location", location_id=location.id))
    notice = (
        _(
            "Verandert u datum, tijd, gebouw, adres of plaats, dan krijgen %(count)s deelnemers"
            " (bevestigd en wachtlijst) binnen enkele minuten één bericht met hun bijgewerkte agenda.",
            count=notices.day_audience_count(location),
        )
        if location.id
        else None
    )
    return render_template("manage/form.html", form=form, heading=heading, notice=notice)


@bp.route("/locaties/<int:location_id>/afgelasten", methods=["POST"])
@organiser_only
def cancel_location(location_id: int):
    location = db.get_or_404(LocationDay, location_id)
    if location.is_cancelled:
        flash(_("Deze dag was al afgelast."), "info")
        return redirect(url_for("manage.location", location_id=location.id))
    if request.form.get("confirm") != "1":
        flash(_("Vink aan dat u deze dag echt wilt afgelasten."), "error")
        return redirect(url_for("manage.location", location_id=location.id, _anchor="afgelasten"))
    services.cancel_location_day(location)
    told = notices.notify_day_cancelled(location) if request.form.get("notify") == "1" else 0
    db.session.commit()
    flash(_("De dag is afgelast. %(count)s deelnemers krijgen bericht.", count=told), "success")
    return redirect(url_for("manage.location", location_id=location.id))


@bp.route("/locaties/<int:location_id>", methods=["GET", "POST"])
@organiser_area
def location(location_id: int):
    location = managed_location_or_404(location_id)
    form = _contribution_form(location)
    if form.validate_on_submit():
        if _add_contribution(location, form):
            db.session.commit()
            flash(_("De spreker is toegevoegd."), "success")
            return redirect(url_for("manage.location", location_id=location.id))
    return render_template(
        "manage/location.html",
        location=location,
        programme=services.programme_for(location),
        form=form,
        contributions=location.contributions,
        has_evaluation_form=evaluation_form_for(location.edition) is not None,
        audience_count=notices.day_audience_count(location),
        publish_problems=lifecycle.publish_problems(location, utcnow()) if location.state == State.DRAFT else [],
        phase=location.phase(utcnow()),
    )


def _contribution_form(location: LocationDay) -> ContributionForm:
    form = ContributionForm()
    form.programme_item_id.choices = [
        SelectChoice(item.id, f"{item.start_time:%H:%M} {title.text}", render_kw=choice_label(title)["render_kw"])
        for item in location.edition.programme_items
        if (title := in_language(item, "title")) is not None
        if ItemKind(item.kind).takes_speaker
    ]
    form.speaker_id.choices = [SelectChoice(0, _("— nieuwe spreker —"))] + [
        SelectChoice(speaker.id, f"{speaker.name} ({speaker.organisation})" if speaker.organisation else speaker.name)
        for speaker in location.edition.speakers
    ]
    return form


def _add_contribution(location: LocationDay, form: ContributionForm) -> bool:
    item = db.session.get(ProgrammeItem, form.programme_item_id.data)
    try:
        if form.speaker_id.data:
            speaker = db.session.get(Speaker, form.speaker_id.data)
            if speaker is None or speaker.edition_id != location.edition_id:
                raise services.ProgrammeError(_("Kies een spreker uit de lijst."), field="speaker_id")
        else:
            speaker = services.find_or_create_speaker(location.edition, form.name.data, form.organisation.data)
        if item is None:
            raise services.ProgrammeError(_("Kies een programmaonderdeel uit de lijst."), field="programme_item_id")
        services.assign_speaker(location, item, speaker, form.title.data or "")
    except services.ProgrammeError as error:
        db.session.rollback()
        attach_error(form, error)
        return False
    return True


@bp.route("/bijdragen/<int:contribution_id>/verwijderen", methods=["POST"])
@organiser_area
def delete_contribution(contribution_id: int):
    contribution = db.get_or_404(Contribution, contribution_id)
    location = managed_location_or_404(contribution.location_day_id)
    services.remove_contribution(contribution)
    db.session.commit()
    flash(_("De spreker is van dit onderdeel gehaald."), "success")
    return redirect(url_for("manage.location", location_id=location.id))


# --- speakers -------------------------------------------------------------------------


@bp.route("/edities/<int:edition_id>/sprekers")
@organiser_only
def speakers(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    return render_template("manage/speakers.html", edition=edition)


@bp.route("/sprekers/<int:speaker_id>/bewerken", methods=["GET", "POST"])
@organiser_only
def edit_speaker(speaker_id: int):
    speaker = db.get_or_404(Speaker, speaker_id)
    form = SpeakerForm(obj=speaker)
    if form.validate_on_submit():
        try:
            services.update_speaker(speaker, form.name.data, form.organisation.data, form.bio.data or "")
        except services.ProgrammeError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("De spreker is opgeslagen."), "success")
            return redirect(url_for("manage.speakers", edition_id=speaker.edition_id))
    return render_template("manage/form.html", form=form, heading=_("Spreker bewerken"))


# --- readiness ------------------------------------------------------------------------


@bp.route("/edities/<int:edition_id>/gereedheid")
@organiser_area
def readiness(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    own = None if current_user.is_organiser else [location.id for location in current_user.locations]
    locations = services.location_days_for(edition, own)
    if own is not None and not locations:
        abort(403)
    return render_template("manage/readiness.html", edition=edition, readiness=build_readiness(edition, locations))
