"""Organiser pages of an edition's life: publish, archive and restore, duplicate.

Archiving asks first, on a page that says what goes with it; an archived edition's
forms are refused by one check (`app.programme.lifecycle`), answered here for every page.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.accounts.access import organiser_only
from app.common.forms import attach_error
from app.common.language import dutch
from app.common.urls import safe_next
from app.extensions import db
from app.programme import lifecycle
from app.programme.models import Edition, LocationDay, Phase, State
from app.programme.services import ProgrammeError
from app.seasons import services
from app.seasons.forms import ConfirmForm, DuplicateEditionForm
from app.timeutil import utcnow
from app.workgroups.models import Workgroup

bp = Blueprint("seasons", __name__, url_prefix="/beheer")

STATE_LABELS = {
    State.DRAFT: _l("Concept"),
    State.PUBLISHED: _l("Gepubliceerd"),
    State.ARCHIVED: _l("Gearchiveerd"),
}
PHASE_LABELS = {
    Phase.DRAFT: _l("Concept"),
    Phase.ARCHIVED: _l("Gearchiveerd"),
    Phase.CANCELLED: _l("Afgelast"),
    Phase.NOT_YET_OPEN: _l("Gepubliceerd, inschrijving nog niet open"),
    Phase.OPEN: _l("Inschrijving open"),
    Phase.CLOSED: _l("Inschrijving gesloten"),
    Phase.HELD: _l("Gehouden"),
}


@bp.app_template_global()
def state_label(state: str) -> str:
    return str(STATE_LABELS[State(state)])


@bp.app_template_global()
def phase_label(phase: str) -> str:
    return str(PHASE_LABELS[Phase(phase)])


@bp.app_errorhandler(lifecycle.ArchivedEditionError)
def archived(error: lifecycle.ArchivedEditionError):
    """Any write to an archived edition, from any page: nothing changes, the page says why."""
    db.session.rollback()
    flash(str(error), "error")
    referrer = request.referrer or ""
    back = urlsplit(referrer)._replace(scheme="", netloc="").geturl() if referrer else ""
    return redirect(safe_next(back, url_for("manage.dashboard")))


# --- duplicate --------------------------------------------------------------------------


@bp.route("/edities/<int:edition_id>/dupliceren", methods=["GET", "POST"])
@organiser_only
def duplicate(edition_id: int):
    source = db.get_or_404(Edition, edition_id)
    form = DuplicateEditionForm(
        data=None if request.method == "POST" else {"theme": source.theme, "year": source.year + 1, "offset_days": 364}
    )
    if form.validate_on_submit():
        choices = services.DuplicateChoices(
            name=form.name.data,
            slug=form.slug.data,
            year=form.year.data,
            theme=form.theme.data,
            offset_days=form.offset_days.data,
            copy_speakers=form.copy_speakers.data,
            copy_rooms=form.copy_rooms.data,
            copy_facilitators=form.copy_facilitators.data,
        )
        try:
            copy = services.duplicate_edition(source, choices)
        except ProgrammeError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("De nieuwe editie is gemaakt als concept. Alleen organisatoren zien haar."), "success")
            return redirect(url_for("manage.edition", edition_id=copy.id))
    return render_template(
        "seasons/duplicate.html", form=form, edition=source, heading=_("Editie dupliceren: %(name)s", name=source.name)
    )


# --- publish ----------------------------------------------------------------------------


@bp.route("/edities/<int:edition_id>/publiceren", methods=["POST"])
@organiser_only
def publish_edition(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    try:
        result = lifecycle.publish_edition(edition, utcnow())
    except lifecycle.NotReady as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
        for reason in refusal.reasons:
            flash(reason, "error")
        return redirect(url_for("manage.edition", edition_id=edition.id))
    except ProgrammeError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("manage.edition", edition_id=edition.id))
    db.session.commit()
    flash(_("De editie is gepubliceerd."), "success")
    if result.published:
        flash(_("Gepubliceerd: %(cities)s.", cities=", ".join(day.city for day in result.published)), "success")
    for location, problems in result.waiting:
        flash(_("%(city)s blijft concept: %(reasons)s", city=location.city, reasons="; ".join(problems)), "info")
    return redirect(url_for("manage.edition", edition_id=edition.id))


@bp.route("/locaties/<int:location_id>/publiceren", methods=["POST"])
@organiser_only
def publish_location(location_id: int):
    location = db.get_or_404(LocationDay, location_id)
    try:
        lifecycle.publish_location_day(location, utcnow())
    except lifecycle.NotReady as refusal:
        db.session.rollback()
        flash(str(refusal) + " " + _("Wat nog ontbreekt staat hieronder."), "error")
        return redirect(url_for("manage.location", location_id=location.id, _anchor="publiceren"))
    db.session.commit()
    if location.edition.state == State.DRAFT:
        flash(_("De locatie is klaar. Ze wordt openbaar zodra de editie is gepubliceerd."), "success")
    else:
        flash(_("De locatie is gepubliceerd."), "success")
    return redirect(url_for("manage.location", location_id=location.id))


# --- archive and restore ----------------------------------------------------------------


def _confirm_page(subject: str, impact: services.Impact, back: str, form: ConfirmForm):
    return render_template("seasons/confirm.html", subject=subject, impact=impact, back=back, form=form)


def _confirmed(form: ConfirmForm) -> bool:
    if not form.validate_on_submit():
        return False
    if not form.confirm.data:
        form.confirm.errors = [_("Vink aan dat u dit echt wilt.")]
        return False
    return True


@bp.route("/edities/<int:edition_id>/archiveren", methods=["GET", "POST"])
@organiser_only
def archive_edition(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    back = url_for("manage.edition", edition_id=edition.id)
    form = ConfirmForm()
    if _confirmed(form):
        lifecycle.archive_edition(edition)
        db.session.commit()
        flash(_("De editie is gearchiveerd: alleen nog te lezen. U kunt haar terugzetten."), "success")
        return redirect(back)
    subject = _("Editie %(name)s archiveren", name=edition.name)
    return _confirm_page(subject, services.edition_impact(edition), back, form)


@bp.route("/edities/<int:edition_id>/terugzetten", methods=["POST"])
@organiser_only
def restore_edition(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    lifecycle.restore_edition(edition)
    db.session.commit()
    flash(_("De editie is teruggezet en weer te bewerken."), "success")
    return redirect(url_for("manage.edition", edition_id=edition.id))


@bp.route("/locaties/<int:location_id>/archiveren", methods=["GET", "POST"])
@organiser_only
def archive_location(location_id: int):
    location = db.get_or_404(LocationDay, location_id)
    form = ConfirmForm()
    if _confirmed(form):
        lifecycle.archive_location_day(location)
        db.session.commit()
        flash(_("De locatie is gearchiveerd en niet meer openbaar. U kunt haar terugzetten."), "success")
        return redirect(url_for("manage.edition", edition_id=location.edition_id))
    subject = _("Locatie %(city)s archiveren", city=location.city)
    back = url_for("manage.location", location_id=location.id)
    return _confirm_page(subject, services.location_impact(location), back, form)


@bp.route("/locaties/<int:location_id>/terugzetten", methods=["POST"])
@organiser_only
def restore_location(location_id: int):
    location = db.get_or_404(LocationDay, location_id)
    lifecycle.restore_location_day(location)
    db.session.commit()
    flash(_("De locatie is teruggezet als concept. Publiceer haar opnieuw als ze klaar is."), "success")
    return redirect(url_for("manage.location", location_id=location.id))


@bp.route("/werkgroepen/<int:workgroup_id>/archiveren", methods=["GET", "POST"])
@organiser_only
def archive_workgroup(workgroup_id: int):
    workgroup = db.get_or_404(Workgroup, workgroup_id)
    back = url_for("workgroups_manage.catalogue", edition_id=workgroup.edition_id)
    form = ConfirmForm()
    if _confirmed(form):
        services.archive_workgroup(workgroup)
        db.session.commit()
        flash(_("De werkgroep is uit de catalogus gehaald. U kunt haar terugzetten."), "success")
        return redirect(back)
    subject = services.marked(_("Werkgroep %(title)s archiveren", title="%(title)s"), title=dutch(workgroup.title))
    return _confirm_page(subject, services.workgroup_impact(workgroup), back, form)


@bp.route("/werkgroepen/<int:workgroup_id>/terugzetten", methods=["POST"])
@organiser_only
def restore_workgroup(workgroup_id: int):
    workgroup = db.get_or_404(Workgroup, workgroup_id)
    services.restore_workgroup(workgroup)
    db.session.commit()
    flash(_("De werkgroep staat weer in de catalogus."), "success")
    return redirect(url_for("workgroups_manage.catalogue", edition_id=workgroup.edition_id))
