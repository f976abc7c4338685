"""Public pages after the day: the edition's look-back (page, PDF, Word), every workgroup's
reports side by side across the locations, all recommendations, and the stored files.

Files are served only after checking, on every request, that the visitor may see them:
public material and published photos to everyone, the rest to organisers and the
location's coordinators (app/storage/serve.py adds the protective headers).
"""

from __future__ import annotations

import base64

from flask import Blueprint, Response, abort, make_response, render_template
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from app.archive import context, documents, exports, gather
from app.archive.models import Material, Photo
from app.archive.services import material_is_public, photo_is_public
from app.common.language import current_language
from app.extensions import db
from app.programme import visibility
from app.programme.models import Edition, LocationDay
from app.reports import documents as report_documents
from app.storage import get_storage
from app.storage.serve import content_disposition, send_stored
from app.workgroups.models import Workgroup

bp = Blueprint("archive", __name__)


@bp.app_template_filter("jpeg_data_uri")
def jpeg_data_uri(image: bytes) -> Markup:
    """A thumbnail inside a PDF: WeasyPrint fetches nothing but data: and the report assets."""
    return Markup("data:image/jpeg;base64," + base64.b64encode(image).decode("ascii"))


@bp.app_template_filter("file_size")
def file_size(size: int) -> str:
    """1 234 567 bytes -> '1,2 MB' (Dutch) / '1.2 MB'."""
    if size < 1024 * 1024:
        return f"{format_decimal(max(size, 1024) / 1024, format='0')} kB"
    return f"{format_decimal(size / (1024 * 1024), format='0.0')} MB"


@bp.app_template_global()
def location_archive(day: LocationDay) -> context.LocationArchive | None:
    """For the public location page: its materials, reports and photos, when there are any."""
    found = gather.location_archives([day])
    return found[0] if found and found[0].has_content else None


@bp.app_template_global()
def edition_has_archive(edition: Edition) -> bool:
    """For the public edition page: link to the look-back once there is something in it."""
    book = gather.look_back_book(edition)
    return bool(book.text_html or any(location.has_content for location in book.locations))


WAIT_REFRESH_SECONDS = 3


def _edition_or_404(slug: str) -> Edition:
    return visibility.public_edition_or_404(slug)


# --- the look-back ------------------------------------------------------------------------


@bp.route("/<slug>/terugblik/")
def look_back(slug: str):
    edition = _edition_or_404(slug)
    book = gather.look_back_book(edition)
    return render_template("archive/look_back.html", edition=edition, book=book)


@bp.route("/<slug>/terugblik.pdf")
def look_back_pdf(slug: str):
    return _public_pdf("look_back", _edition_or_404(slug), _("Terugblik"))


@bp.route("/<slug>/terugblik.docx")
def look_back_docx(slug: str):
    body, filename = documents.look_back_docx(_edition_or_404(slug), current_language())
    return document_response(body, documents.DOCX_MIMETYPE, filename)


# --- across the locations -----------------------------------------------------------------


@bp.route("/<slug>/werkgroepen/")
def workgroups(slug: str):
    edition = _edition_or_404(slug)
    return render_template("archive/workgroups.html", edition=edition, comparisons=gather.comparisons(edition))


@bp.route("/<slug>/werkgroepen/<int:workgroup_id>/")
def workgroup(slug: str, workgroup_id: int):
    edition = _edition_or_404(slug)
    found = db.session.get(Workgroup, workgroup_id)
    if found is None or found.edition_id != edition.id:
        abort(404)
    comparison = next((c for c in gather.comparisons(edition) if c.workgroup_id == workgroup_id), None)
    if comparison is None:
        comparison = context.WorkgroupComparison(found.id, found.title, found.description, (), ())
    return render_template("archive/workgroup.html", edition=edition, comparison=comparison)


@bp.route("/<slug>/werkgroepverslagen.pdf")
def workgroup_reports_pdf(slug: str):
    return _public_pdf("workgroup_reports", _edition_or_404(slug), _("Werkgroepverslagen"))


def _public_pdf(document: str, edition: Edition, title: str):
    """The file when it is ready; until then a page that says so and reloads itself
    (202: the request is accepted, the worker makes the PDF)."""
    ready = report_documents.public_document(document, edition, current_language())
    if ready.pdf is not None:
        return document_response(ready.pdf, "application/pdf", ready.filename)
    page = render_template("archive/document_wait.html", edition=edition, title=title, filename=ready.filename)
    response = make_response(page, 202)
    response.headers["Refresh"] = str(WAIT_REFRESH_SECONDS)
    response.cache_control.no_store = True
    return response


@bp.route("/<slug>/aanbevelingen/")
def recommendations(slug: str):
    edition = _edition_or_404(slug)
    book = gather.workgroup_reports_book(edition)
    return render_template("archive/recommendations.html", edition=edition, book=book)


@bp.route("/<slug>/aanbevelingen.<any(csv, xlsx):kind>")
def recommendations_export(slug: str, kind: str):
    edition = _edition_or_404(slug)
    rows = gather.workgroup_reports_book(edition).recommendations
    filename = f"aanbevelingen-{edition.slug}.{kind}"
    if kind == "csv":
        return document_response(exports.to_csv(rows), "text/csv", filename)
    return document_response(exports.to_xlsx(rows), exports.XLSX_MIMETYPE, filename)


def document_response(body: bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.cache_control.no_cache = True
    return response


# --- stored files -------------------------------------------------------------------------


def _may_manage(location_id: int) -> bool:
    return current_user.is_authenticated and not current_user.is_facilitator and current_user.may_manage(location_id)


@bp.route("/archief/materiaal/<int:material_id>/<path:filename>")
def material_file(material_id: int, filename: str):
    material = db.get_or_404(Material, material_id)
    if material.storage_key is None:  # a link, not a file
        abort(404)
    public = material_is_public(material)
    if not public and not _may_manage(material.location_day_id):
        abort(404)  # a private file does not exist for whoever may not see it
    return send_stored(
        get_storage(),
        material.storage_key,
        content_type=material.content_type,
        download_name=material.filename,
        etag=material.sha256,
        private=not public,
    )


@bp.route("/archief/foto/<int:photo_id>/<any(web, thumb):variant>.jpg")
def photo_file(photo_id: int, variant: str):
    photo = db.get_or_404(Photo, photo_id)
    public = photo_is_public(photo)
    if not public and not _may_manage(photo.location_day_id):
        abort(404)
    return send_stored(
        get_storage(),
        photo.web_key if variant == "web" else photo.thumb_key,
        content_type="image/jpeg",
        download_name=f"foto-{photo.id}-{variant}.jpg",
        etag=f"{photo.sha256}-{variant}",
        inline=True,
        private=not public,
    )
