"""PDF downloads from the organiser area (coordinators only for their own locations)."""

from __future__ import annotations

from flask import Blueprint, Response, request

from app.accounts.access import managed_location_or_404, organiser_area
from app.reports import services

bp = Blueprint("reports", __name__, url_prefix="/beheer")


@bp.route("/locaties/<int:location_id>/programmaboekje.pdf")
@organiser_area
def booklet(location_id: int):
    location = managed_location_or_404(location_id)
    language = request.args.get("lang") if request.args.get("lang") in ("nl", "en") else "nl"
    return pdf_response(services.booklet_pdf(location, language), services.booklet_filename(location))


def pdf_response(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response
