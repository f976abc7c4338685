"""Organiser screens for assigning workgroups at one location."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import managed_location_or_404, organiser_area
from app.common.text import whole_number
from app.communication import notices
from app.extensions import db
from app.names import name_sort_key
from app.registration.models import Registration
from app.workgroups import advice_services, assignment_services, needs, notify
from app.workgroups.assignment_forms import RunForm
from app.workgroups.models import WorkgroupAssignment, WorkgroupOffer

bp = Blueprint("assignment", __name__, url_prefix="/beheer/locaties/<int:location_id>/indeling")


@bp.route("/", methods=["GET"])
@organiser_area
def overview(location_id: int):
    location = managed_location_or_404(location_id)
    return _render(location, RunForm())


def _render(location, run_form: RunForm):
    assignments = assignment_services.assignments_at(location)
    registrations = assignment_services.confirmed_registrations(location)
    offers = sorted(location.workgroup_offers, key=lambda o: (o.round, o.workgroup.title))
    by_offer: dict[int, list[WorkgroupAssignment]] = {}
    for assignment in assignments:
        by_offer.setdefault(assignment.offer_id, []).append(assignment)
    assigned_rounds = {(a.registration_id, a.round) for a in assignments}
    rounds = sorted({o.round for o in offers})
    without = [r for r in registrations if any((r.id, round_) not in assigned_rounds for round_ in rounds)]
    without.sort(key=lambda r: name_sort_key(r.name))
    ranks = {(p.registration_id, p.round, p.workgroup_id): p.rank for r in registrations for p in r.preferences}
    run = assignment_services.latest_run(location)
    return render_template(
        "workgroups/assignment.html",
        location=location,
        offers=offers,
        by_offer={k: sorted(v, key=lambda a: name_sort_key(a.registration.name)) for k, v in by_offer.items()},
        ranks=ranks,
        without=without,
        advice=advice_services.advice_rows(location, registrations) if registrations else None,
        run=run,
        attention=assignment_services.attention(run),
        run_form=run_form,
        changes=assignment_services.pending_changes(location, assignments),
        open_offers=[o for o in offers if o.is_open],
        needs=needs.needs_per_offer(assignments),
        step_free_warnings=needs.step_free_warnings(assignments, registrations, offers),
    )


@bp.route("/werkgroepen", methods=["POST"])
@organiser_area
def choose_offers(location_id: int):
    location = managed_location_or_404(location_id)
    chosen = {whole_number(value) for value in request.form.getlist("open")}
    try:
        if not chosen <= {offer.id for offer in location.workgroup_offers}:
            raise advice_services.AdviceError(_("Kies alleen werkgroepen van deze locatie."))
        outcome = advice_services.apply_choice(location, {number for number in chosen if number is not None})
    except advice_services.AdviceError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("assignment.overview", location_id=location.id, _anchor="doorgaan"))
    db.session.commit()
    flash(_("De werkgroepen zijn vastgesteld."), "success")
    if outcome.dropped:
        flash(
            _(
                "Gaan niet door: %(titles)s. Ze staan niet meer op de openbare pagina, het aanmeldformulier"
                " en in het programmaboekje.",
                titles=", ".join(offer.workgroup.title for offer in outcome.dropped),
            ),
            "success",
        )
    if outcome.restored:
        flash(
            _("Gaan weer door: %(titles)s.", titles=", ".join(offer.workgroup.title for offer in outcome.restored)),
            "success",
        )
    if outcome.moved:
        flash(
            _("Opnieuw ingedeeld door de automatische indeling: %(list)s.", list=_moved_list(outcome.moved)),
            "success",
        )
    if outcome.told:
        flash(_("%(count)s deelnemers krijgen bericht van de wijziging.", count=outcome.told), "success")
    return redirect(url_for("assignment.overview", location_id=location.id, _anchor="doorgaan"))


def _moved_list(moved: list[advice_services.Moved], shown: int = 25) -> str:
    parts = [
        _(
            "%(name)s: %(before)s → %(after)s",
            name=m.registration.name,
            before=m.before.workgroup.title,
            after=m.after.workgroup.title if m.after else _("geen plaats meer vrij"),
        )
        for m in sorted(moved, key=lambda m: (name_sort_key(m.registration.name), m.round))
    ]
    if len(parts) > shown:
        parts = [*parts[:shown], _("en %(count)s anderen", count=len(parts) - shown)]
    return "; ".join(parts)


@bp.route("/uitvoeren", methods=["POST"])
@organiser_area
def run(location_id: int):
    location = managed_location_or_404(location_id)
    form = RunForm()
    if not form.validate_on_submit():
        return _render(location, form), 400
    try:
        outcome = assignment_services.run_allocation(
            location,
            mode=form.mode.data,
            tie_break=form.tie_break.data,
            seed=form.seed.data,
            full_rerun=form.full_rerun.data,
            created_by=current_user.email,
        )
    except assignment_services.AssignmentError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("assignment.overview", location_id=location.id))
    db.session.commit()
    flash(
        _(
            "De indeling is gemaakt (lotnummer %(seed)s). Bekijk het resultaat en publiceer het daarna.",
            seed=outcome.run.seed,
        ),
        "success",
    )
    return redirect(url_for("assignment.overview", location_id=location.id, _anchor="resultaat"))


@bp.route("/verplaatsen", methods=["POST"])
@organiser_area
def move(location_id: int):
    location = managed_location_or_404(location_id)
    registration = db.session.get(Registration, whole_number(request.form.get("registration_id")) or 0)
    offer = db.session.get(WorkgroupOffer, whole_number(request.form.get("offer_id")) or 0)
    if registration is None or offer is None or registration.location_day_id != location.id:
        flash(_("Kies een deelnemer en een werkgroep van deze locatie."), "error")
        return redirect(url_for("assignment.overview", location_id=location.id))
    try:
        warning = assignment_services.move(registration, offer, lock=bool(request.form.get("lock")))
    except assignment_services.AssignmentError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(
            warning or _("%(name)s is verplaatst naar %(title)s.", name=registration.name, title=offer.workgroup.title),
            "error" if warning else "success",
        )
    return redirect(url_for("assignment.overview", location_id=location.id, _anchor=f"offer-{offer.id}"))


@bp.route("/ruilen", methods=["POST"])
@organiser_area
def swap(location_id: int):
    location = managed_location_or_404(location_id)
    first = _assignment(location, whole_number(request.form.get("first")))
    second = _assignment(location, whole_number(request.form.get("second")))
    if first is None or second is None:
        flash(_("Kies twee plaatsingen op deze locatie om te ruilen."), "error")
    else:
        try:
            assignment_services.swap(first, second)
        except assignment_services.AssignmentError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("%(a)s en %(b)s zijn geruild.", a=first.registration.name, b=second.registration.name), "success")
    return redirect(url_for("assignment.overview", location_id=location.id))


@bp.route("/<int:assignment_id>/vastzetten", methods=["POST"])
@organiser_area
def toggle_lock(location_id: int, assignment_id: int):
    location = managed_location_or_404(location_id)
    assignment = _assignment(location, assignment_id)
    if assignment is not None:
        assignment_services.set_lock(assignment, not assignment.locked)
        db.session.commit()
    return redirect(
        url_for(
            "assignment.overview",
            location_id=location.id,
            _anchor=f"offer-{assignment.offer_id}" if assignment else None,
        )
    )


@bp.route("/publiceren", methods=["POST"])
@organiser_area
def publish(location_id: int):
    location = managed_location_or_404(location_id)
    # Who was told an earlier workgroup gets a change notice with the updated calendar.
    told_before = {c.registration.id for c in assignment_services.pending_changes(location) if c.before is not None}
    changed = assignment_services.publish(location)
    with db.session.no_autoflush:  # the mail rows go to the database together, at the commit
        notices.notify_workgroups_changed([r for r in changed if r.id in told_before])
        for registration in changed:
            if registration.id not in told_before:
                notify.workgroups_changed(registration)
    db.session.commit()
    flash(_("Gepubliceerd: %(count)s deelnemers krijgen bericht.", count=len(changed)), "success")
    return redirect(url_for("assignment.overview", location_id=location.id))


def _assignment(location, assignment_id: int | None) -> WorkgroupAssignment | None:
    assignment = db.session.get(WorkgroupAssignment, assignment_id or 0)
    if assignment is None or assignment.registration.location_day_id != location.id:
        return None
    if assignment.offer.location_day_id != location.id:
        return None  # a workgroup of another location is never handed on from here
    return assignment
