"""PDF downloads from the organiser area: coordinators only for their own locations,
the edition report for organisers only. A document comes from the report cache when its
data are unchanged; otherwise a worker builds it while a status page follows the build
(app/reports/documents.py)."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.accounts.access import facilitator_area, managed_location_or_404, organiser_area, organiser_only
from app.extensions import db
from app.programme.models import Edition
from app.reports import documents, render
from app.reports.models import DocumentBuild
from app.workgroups.models import WorkgroupOffer

bp = Blueprint("reports", __name__, url_prefix="/beheer")
bp.add_app_template_filter(render.number, "nl_number")
bp.add_app_template_filter(render.percent, "nl_percent")
bp.add_app_template_filter(render.score, "nl_score")
bp.add_app_template_global(render.chart, "report_chart")


@bp.route("/locaties/<int:location_id>/programmaboekje.pdf")
@organiser_area
def booklet(location_id: int):
    return documents.serve("booklet", managed_location_or_404(location_id))


@bp.route("/locaties/<int:location_id>/presentielijst.pdf")
@organiser_area
def day_sheet(location_id: int):
    return documents.serve("day_sheet", managed_location_or_404(location_id))


@bp.route("/locaties/<int:location_id>/presentielijsten-werkgroepen.pdf")
@organiser_area
def workgroup_sheets(location_id: int):
    return documents.serve("workgroup_sheets", managed_location_or_404(location_id))


@bp.route("/aanbod/<int:offer_id>/presentielijst.pdf")
@organiser_area
def offer_sheet(offer_id: int):
    offer = db.get_or_404(WorkgroupOffer, offer_id)
    managed_location_or_404(offer.location_day_id)
    return documents.serve("offer_sheet", offer)


@bp.route("/locaties/<int:location_id>/naambadges.pdf")
@organiser_area
def badges(location_id: int):
    return documents.serve("badges", managed_location_or_404(location_id))


@bp.route("/locaties/<int:location_id>/evaluatierapport.pdf")
@organiser_area
def evaluation_report(location_id: int):
    return documents.serve("evaluation_report", managed_location_or_404(location_id))  # 404 without a form


@bp.route("/edities/<int:edition_id>/rapport.pdf")
@organiser_only
def edition_report(edition_id: int):
    return documents.serve("edition_report", db.get_or_404(Edition, edition_id))


# --- documents being built --------------------------------------------------------------


def _build_for_user(build_id: int) -> DocumentBuild:
    """The same rules as the download that started it, checked on every request."""
    build = db.get_or_404(DocumentBuild, build_id)
    if build.edition_id is not None and not current_user.is_organiser:
        abort(403)
    if current_user.is_facilitator:
        if build.document != "offer_sheet" or all(offer.id != build.subject_id for offer in current_user.offers):
            abort(403)
    elif build.location_day_id is not None:
        managed_location_or_404(build.location_day_id)
    return build


@bp.route("/documenten/<int:build_id>")
@facilitator_area
def document_status(build_id: int):
    build = _build_for_user(build_id)
    return render_template(
        "reports/document_status.html", build=build, progress=documents.progress(build), title=_title(build)
    )


@bp.route("/documenten/<int:build_id>.json")
@facilitator_area
def document_status_json(build_id: int):
    build = _build_for_user(build_id)
    state = documents.progress(build)
    response = jsonify(
        status=state.status,
        percent=state.percent,
        seconds_left=state.seconds_left,
        file=url_for("reports.document_file", build_id=build.id) if state.status == "done" else None,
    )
    response.cache_control.no_store = True
    return response


@bp.route("/documenten/<int:build_id>/bestand")
@facilitator_area
def document_file(build_id: int):
    build = _build_for_user(build_id)
    pdf = documents.file_of(build)
    if pdf is None:
        abort(404)
    return documents.pdf_download(pdf, build.filename)


DOCUMENT_TITLES = {
    "booklet": _l("Programmaboekje"),
    "day_sheet": _l("Presentielijst"),
    "workgroup_sheets": _l("Presentielijsten werkgroepen"),
    "offer_sheet": _l("Presentielijst werkgroep"),
    "badges": _l("Naambadges"),
    "evaluation_report": _l("Evaluatierapport"),
    "edition_report": _l("Editierapport"),
}


def _title(build: DocumentBuild) -> str:
    return str(DOCUMENT_TITLES.get(build.document, build.filename))
