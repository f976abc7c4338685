"""PDF downloads from the organiser area: coordinators only for their own locations,
the edition report for organisers only. Every document comes from the report cache
when its data are unchanged."""

from __future__ import annotations

from flask import Blueprint, Response, abort, request

from app.accounts.access import managed_location_or_404, organiser_area, organiser_only
from app.extensions import db
from app.programme.models import Edition
from app.reports import render, services
from app.reports.render import ReportJob, render_cached
from app.workgroups.models import WorkgroupOffer

bp = Blueprint("reports", __name__, url_prefix="/beheer")
bp.add_app_template_filter(render.number, "nl_number")
bp.add_app_template_filter(render.percent, "nl_percent")
bp.add_app_template_filter(render.score, "nl_score")
bp.add_app_template_global(render.chart, "report_chart")


@bp.route("/locaties/<int:location_id>/programmaboekje.pdf")
@organiser_area
def booklet(location_id: int):
    return send(services.booklet_job(managed_location_or_404(location_id), _language()))


@bp.route("/locaties/<int:location_id>/presentielijst.pdf")
@organiser_area
def day_sheet(location_id: int):
    return send(services.day_sheet_job(managed_location_or_404(location_id), _language()))


@bp.route("/locaties/<int:location_id>/presentielijsten-werkgroepen.pdf")
@organiser_area
def workgroup_sheets(location_id: int):
    return send(services.workgroup_sheets_job(managed_location_or_404(location_id), _language()))


@bp.route("/aanbod/<int:offer_id>/presentielijst.pdf")
@organiser_area
def offer_sheet(offer_id: int):
    offer = db.get_or_404(WorkgroupOffer, offer_id)
    managed_location_or_404(offer.location_day_id)
    return send(services.offer_sheet_job(offer, _language()))


@bp.route("/locaties/<int:location_id>/naambadges.pdf")
@organiser_area
def badges(location_id: int):
    return send(services.badges_job(managed_location_or_404(location_id), _language()))


@bp.route("/locaties/<int:location_id>/evaluatierapport.pdf")
@organiser_area
def evaluation_report(location_id: int):
    job = services.evaluation_report_job(managed_location_or_404(location_id), _language())
    if job is None:
        abort(404)
    return send(job)


@bp.route("/edities/<int:edition_id>/rapport.pdf")
@organiser_only
def edition_report(edition_id: int):
    return send(services.edition_report_job(db.get_or_404(Edition, edition_id), _language()))


def _language() -> str:
    return request.args.get("lang") if request.args.get("lang") in ("nl", "en") else "nl"


def send(job: ReportJob) -> Response:
    return pdf_response(render_cached(job).pdf, job.filename)


def pdf_response(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response
