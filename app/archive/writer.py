"""Writing and reviewing a workgroup report: one page for the facilitator (save a draft,
come back, send) and the coordinator (edit, send back with a note, publish).

Facilitators reach only their own workgroups; coordinators only their own locations;
checked on every request, also for direct URLs and form posts.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import facilitator_area
from app.archive import services, workgroup_reports
from app.archive.forms import ReportForm, ReturnForm
from app.archive.models import ReportStatus
from app.archive.services import ArchiveError
from app.archive.workgroup_reports import ReportText
from app.common.forms import attach_error
from app.extensions import db
from app.workgroups.models import WorkgroupOffer

bp = Blueprint("report_writer", __name__, url_prefix="/beheer/werkgroepverslagen")

WRITER_ACTIONS = {"save", "submit"}
REVIEWER_ACTIONS = {"save", "publish", "unpublish"}


@bp.app_template_global()
def workgroup_report_of(offer: WorkgroupOffer):
    """For the facilitator's own page: the report of this workgroup, if one was started."""
    return workgroup_reports.report_for(offer)


def _offer_for_writing(offer_id: int) -> WorkgroupOffer:
    offer = db.get_or_404(WorkgroupOffer, offer_id)
    if not workgroup_reports.may_write(current_user, offer):
        abort(403)
    return offer


@bp.route("/<int:offer_id>", methods=["GET", "POST"])
@facilitator_area
def edit(offer_id: int):
    offer = _offer_for_writing(offer_id)
    report = workgroup_reports.report_for(offer)
    reviewer = workgroup_reports.may_review(current_user, offer)
    form = ReportForm(obj=report)
    if form.validate_on_submit():
        action = request.form.get("action", "save")
        if action not in (REVIEWER_ACTIONS if reviewer else WRITER_ACTIONS):
            abort(400)
        try:
            report = _apply(offer, form, action)
            db.session.commit()
        except ArchiveError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            flash(_done_message(action), "success")
            return redirect(url_for(".edit", offer_id=offer.id))
    return _page(offer, report, form, reviewer)


def _apply(offer: WorkgroupOffer, form: ReportForm, action: str):
    text = ReportText(
        form.summary.data or "", form.points.data or "", form.recommendations.data or "", form.participants.data
    )
    current = workgroup_reports.report_for(offer)
    if action == "unpublish":
        if current is None:
            abort(400)
        workgroup_reports.unpublish_report(current)
        return current
    report = workgroup_reports.save_draft(offer, text, author=current_user)
    if action == "submit":
        workgroup_reports.submit_report(report)
    elif action == "publish":
        workgroup_reports.publish_report(report, current_user)
    return report


def _done_message(action: str) -> str:
    return {
        "save": _("Het verslag is opgeslagen. U kunt later verder schrijven."),
        "submit": _("Dank u wel! Het verslag is verstuurd naar de coördinator."),
        "publish": _("Het verslag is gepubliceerd en staat op de website."),
        "unpublish": _("Het verslag is van de website gehaald."),
    }[action]


def _page(offer: WorkgroupOffer, report, form: ReportForm, reviewer: bool, return_form: ReturnForm | None = None):
    return render_template(
        "archive/report_edit.html",
        offer=offer,
        location=offer.location_day,
        report=report,
        form=form,
        return_form=return_form or ReturnForm(formdata=None),
        reviewer=reviewer,
        held=services.is_held(offer.location_day),
        statuses=ReportStatus,
    )


@bp.route("/<int:offer_id>/terugsturen", methods=["POST"])
@facilitator_area
def send_back(offer_id: int):
    offer = _offer_for_writing(offer_id)
    if not workgroup_reports.may_review(current_user, offer):
        abort(403)
    report = workgroup_reports.report_for(offer) or abort(404)
    return_form = ReturnForm()
    if return_form.validate_on_submit():
        try:
            workgroup_reports.return_report(report, return_form.note.data)
            db.session.commit()
        except ArchiveError as error:
            db.session.rollback()
            attach_error(return_form, error)
        else:
            flash(_("Het verslag is teruggestuurd naar de begeleider, met uw opmerking."), "success")
            return redirect(url_for(".edit", offer_id=offer.id))
    return _page(offer, report, ReportForm(formdata=None, obj=report), True, return_form)
