"""Organiser area after the day: a location's materials and photos and its workgroup
reports (coordinators, for their own locations), and the edition's look-back (organisers).

Uploads may be larger than any other form: the per-route limit is raised before anything
reads the body, and a body over it gets a clear page instead of a bare 413.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import SelectChoice

from app.accounts.access import managed_location_or_404, organiser_area, organiser_only
from app.archive import gather, markdown, notify, services, workgroup_reports
from app.archive.forms import (
    ACCEPTED_DOCUMENTS,
    ACCEPTED_PHOTOS,
    VISIBILITY_LABELS,
    LookBackForm,
    MaterialEditForm,
    MaterialFileForm,
    MaterialLinkForm,
    PhotoDescribeForm,
    PhotoUploadForm,
)
from app.archive.look_back import publish_look_back, save_look_back, unpublish_look_back
from app.archive.models import Material, Photo, Visibility
from app.archive.services import ArchiveError
from app.common.forms import attach_error
from app.extensions import db
from app.programme.models import Edition, LocationDay
from app.storage import StorageError
from app.storage.filetypes import DOCUMENT_TYPES


def select_choices(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    """An <option> holds no <span>: a label in another language than the page sets lang."""
    return [SelectChoice(value, str(label), render_kw=_lang_of(label)) for value, label in pairs]


def _lang_of(label: str) -> dict:
    lang = getattr(label, "lang", None)
    return {"lang": lang} if lang else {}


bp = Blueprint("archive_manage", __name__, url_prefix="/beheer")

UPLOAD_ENDPOINTS = {"archive_manage.add_material_file", "archive_manage.upload_photos"}
FORM_OVERHEAD = 1024 * 1024  # the other fields and the multipart framing
DRAIN_LIMIT = 512 * 1024 * 1024


@bp.url_value_preprocessor
def allow_large_uploads(endpoint: str | None, values: dict | None) -> None:
    """Runs before every before_request hook (CSRF reads the form there), so the larger
    limit holds from the first byte read; every other form keeps the global one."""
    if endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = current_app.config["UPLOAD_MAX_BYTES"] + FORM_OVERHEAD


@bp.errorhandler(RequestEntityTooLarge)
def upload_too_large(error):
    """Read the rest of the body first: a browser that is still sending when the server
    answers shows a broken connection instead of this page."""
    _drain()
    message = services.too_large_message(current_app.config["UPLOAD_MAX_BYTES"])
    location = db.session.get(LocationDay, (request.view_args or {}).get("location_id") or 0)
    if location is None or not _may_manage(location):  # before the view's own checks ran
        return render_template("errors/error.html", title=_("Bestand te groot"), message=message), 413
    if request.endpoint == "archive_manage.upload_photos":
        flash(message, "error")
        return _photos_page(location, status=413)
    file_form = MaterialFileForm(formdata=None)
    file_form.file.errors = [message]
    return _materials_page(location, file_form=file_form, status=413)


def _may_manage(location: LocationDay) -> bool:
    return current_user.is_authenticated and not current_user.is_facilitator and current_user.may_manage(location.id)


def _drain() -> None:
    length = request.content_length or 0
    if not 0 < length <= DRAIN_LIMIT:
        return
    stream = request.environ.get("wsgi.input")
    if stream is None:
        return
    remaining = length
    try:
        while remaining > 0 and (chunk := stream.read(min(remaining, 1024 * 1024))):
            remaining -= len(chunk)
    except (OSError, ValueError):
        pass


# --- materials ----------------------------------------------------------------------------


@bp.route("/locaties/<int:location_id>/materiaal")
@organiser_area
def materials(location_id: int):
    return _materials_page(managed_location_or_404(location_id))


def _materials_page(location: LocationDay, file_form=None, link_form=None, status: int = 200):
    file_form = file_form or MaterialFileForm(formdata=None)
    link_form = link_form or MaterialLinkForm(formdata=None)
    choices = services.target_choices(location)
    file_form.target.choices = link_form.target.choices = select_choices(choices)
    found = services.materials_of([location.id])
    listing = [(value, label, [m for m in found if services.target_value(m) == value]) for value, label in choices]
    return (
        render_template(
            "archive/manage/materials.html",
            location=location,
            file_form=file_form,
            link_form=link_form,
            listing=[row for row in listing if row[2]],
            visibility_labels=VISIBILITY_LABELS,
            types=DOCUMENT_TYPES,
            accept=ACCEPTED_DOCUMENTS,
            max_mb=current_app.config["UPLOAD_MAX_BYTES"] // services.MEGABYTE,
            held=services.is_held(location),
        ),
        status,
    )


@bp.route("/locaties/<int:location_id>/materiaal/bestand", methods=["POST"])
@organiser_area
def add_material_file(location_id: int):
    location = managed_location_or_404(location_id)
    form = MaterialFileForm()
    form.target.choices = select_choices(services.target_choices(location))
    if form.validate_on_submit():
        upload = form.file.data
        try:
            if not upload or not getattr(upload, "filename", ""):
                raise ArchiveError(_("Kies een bestand."), field="file")
            services.add_material_file(
                location,
                services.resolve_target(location, form.target.data),
                title=form.title.data,
                upload=upload.stream,
                filename=upload.filename,
                visibility=Visibility(form.visibility.data),
                max_bytes=current_app.config["UPLOAD_MAX_BYTES"],
                user_id=current_user.id,
            )
            db.session.commit()
        except ArchiveError as error:
            db.session.rollback()
            attach_error(form, error)
        except StorageError:
            db.session.rollback()
            attach_error(form, ArchiveError(_storage_trouble(), field="file"))
        else:
            flash(_("Het bestand is toegevoegd."), "success")
            return redirect(url_for(".materials", location_id=location.id))
    return _materials_page(location, file_form=form)


@bp.route("/locaties/<int:location_id>/materiaal/link", methods=["POST"])
@organiser_area
def add_material_link(location_id: int):
    location = managed_location_or_404(location_id)
    form = MaterialLinkForm()
    form.target.choices = select_choices(services.target_choices(location))
    if form.validate_on_submit():
        try:
            services.add_material_link(
                location,
                services.resolve_target(location, form.target.data),
                title=form.title.data,
                url=form.url.data,
                visibility=Visibility(form.visibility.data),
                user_id=current_user.id,
            )
            db.session.commit()
        except ArchiveError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            flash(_("De link is toegevoegd."), "success")
            return redirect(url_for(".materials", location_id=location.id))
    return _materials_page(location, link_form=form)


@bp.route("/materiaal/<int:material_id>/bewerken", methods=["GET", "POST"])
@organiser_area
def edit_material(material_id: int):
    material = db.get_or_404(Material, material_id)
    location = managed_location_or_404(material.location_day_id)
    form = MaterialEditForm(obj=material)
    form.target.choices = select_choices(services.target_choices(location))
    if request.method == "GET":
        form.target.data = services.target_value(material)
        form.visibility.data = material.visibility.value
    if form.validate_on_submit():
        try:
            services.update_material(
                material,
                services.resolve_target(location, form.target.data),
                title=form.title.data,
                visibility=Visibility(form.visibility.data),
                url=form.url.data or "",
            )
            db.session.commit()
        except ArchiveError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            flash(_("Het materiaal is opgeslagen."), "success")
            return redirect(url_for(".materials", location_id=location.id))
    return render_template("archive/manage/material_edit.html", location=location, material=material, form=form)


@bp.route("/materiaal/<int:material_id>/verwijderen", methods=["POST"])
@organiser_area
def delete_material(material_id: int):
    material = db.get_or_404(Material, material_id)
    location = managed_location_or_404(material.location_day_id)
    services.delete_material(material)
    db.session.commit()
    flash(_("Het materiaal is verwijderd."), "success")
    return redirect(url_for(".materials", location_id=location.id))


def _storage_trouble() -> str:
    return _(
        "Het bestand kon nu niet worden bewaard. Er is niets opgeslagen; probeer het over een paar minuten opnieuw."
    )


# --- photos -------------------------------------------------------------------------------


@bp.route("/locaties/<int:location_id>/fotos")
@organiser_area
def photos(location_id: int):
    return _photos_page(managed_location_or_404(location_id))


def _photos_page(location: LocationDay, forms: dict | None = None, status: int = 200):
    found = services.photos_of([location.id])
    forms = forms or {}
    for photo in found:
        forms.setdefault(photo.id, PhotoDescribeForm(formdata=None, obj=photo, prefix=f"photo-{photo.id}"))
    return (
        render_template(
            "archive/manage/photos.html",
            location=location,
            upload_form=PhotoUploadForm(formdata=None),
            photos=found,
            forms=forms,
            withdrawals=services.withdrawals_since(found),
            without_consent=services.people_without_photo_consent(location),
            accept=ACCEPTED_PHOTOS,
            max_mb=current_app.config["UPLOAD_MAX_BYTES"] // services.MEGABYTE,
        ),
        status,
    )


@bp.route("/locaties/<int:location_id>/fotos", methods=["POST"])
@organiser_area
def upload_photos(location_id: int):
    location = managed_location_or_404(location_id)
    form = PhotoUploadForm()
    if not form.validate_on_submit():
        return _photos_page(location, status=400)
    uploads = [upload for upload in request.files.getlist(form.photos.name) if upload and upload.filename]
    if not uploads:
        flash(_("Kies een of meer foto's."), "error")
        return _photos_page(location)
    added = 0
    for upload in uploads:
        try:
            services.add_photo(location, upload.stream, user_id=current_user.id)
            added += 1
        except ArchiveError as error:
            flash(f"{upload.filename}: {error}", "error")
        except StorageError:
            db.session.rollback()
            flash(_storage_trouble(), "error")
            return _photos_page(location)
    db.session.commit()
    if added:
        flash(
            ngettext(
                "%(num)s foto toegevoegd. Beschrijf wat erop te zien is en publiceer hem.",
                "%(num)s foto's toegevoegd. Beschrijf wat erop te zien is en publiceer ze.",
                added,
            ),
            "success",
        )
    return redirect(url_for(".photos", location_id=location.id))


PHOTO_ACTIONS = {"save", "publish", "unpublish", "checked"}


@bp.route("/fotos/<int:photo_id>", methods=["POST"])
@organiser_area
def update_photo(photo_id: int):
    photo = db.get_or_404(Photo, photo_id)
    location = managed_location_or_404(photo.location_day_id)
    form = PhotoDescribeForm(prefix=f"photo-{photo.id}")
    action = request.form.get("action", "save")
    if action not in PHOTO_ACTIONS or not form.validate_on_submit():
        return _photos_page(location, {photo.id: form}, status=400)
    try:
        services.describe_photo(photo, alt_text=form.alt_text.data, caption=form.caption.data)
        if action == "publish":
            services.publish_photo(photo)
        elif action == "unpublish":
            services.unpublish_photo(photo)
        elif action == "checked":
            services.confirm_photo_checked(photo)
        db.session.commit()
    except ArchiveError as error:
        db.session.rollback()
        attach_error(form, error)
        return _photos_page(location, {photo.id: form})
    messages = {
        "save": _("De foto is opgeslagen."),
        "publish": _("De foto staat op de website."),
        "unpublish": _("De foto is van de website gehaald."),
        "checked": _("Gecontroleerd: de foto blijft op de website."),
    }
    flash(messages[action], "success")
    return redirect(url_for(".photos", location_id=location.id, _anchor=f"foto-{photo.id}"))


@bp.route("/fotos/<int:photo_id>/verwijderen", methods=["POST"])
@organiser_area
def delete_photo(photo_id: int):
    photo = db.get_or_404(Photo, photo_id)
    location = managed_location_or_404(photo.location_day_id)
    services.delete_photo(photo)
    db.session.commit()
    flash(_("De foto is verwijderd."), "success")
    return redirect(url_for(".photos", location_id=location.id))


# --- workgroup reports of a location ------------------------------------------------------


@bp.route("/locaties/<int:location_id>/verslagen")
@organiser_area
def reports(location_id: int):
    location = managed_location_or_404(location_id)
    rows = workgroup_reports.offers_with_reports([location])
    return render_template(
        "archive/manage/reports.html",
        location=location,
        rows=rows,
        reminded=workgroup_reports.last_reminders([offer.id for offer, _report in rows]),
        held=services.is_held(location),
        several_rounds=len({offer.round for offer, _report in rows}) > 1,
    )


# --- the edition's look-back (organisers) -------------------------------------------------


@bp.route("/edities/<int:edition_id>/terugblik", methods=["GET", "POST"])
@organiser_only
def look_back(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    text = gather.look_back_of(edition)
    form = LookBackForm(obj=text)
    preview = None
    if form.validate_on_submit():
        action = request.form.get("action", "save")
        if action == "preview":  # shown under the form, nothing saved yet
            preview = markdown.to_html(form.body.data or "")
        else:
            text = save_look_back(edition, form.body.data or "", current_user)
            if action == "publish":
                publish_look_back(text)
            elif action == "unpublish":
                unpublish_look_back(text)
            db.session.commit()
            flash(_("De terugblik is opgeslagen."), "success")
            return redirect(url_for(".look_back", edition_id=edition.id))
    locations = gather.locations_of(edition)
    rows = workgroup_reports.offers_with_reports(locations)
    return render_template(
        "archive/manage/look_back.html",
        edition=edition,
        text=gather.look_back_of(edition),
        form=form,
        preview=preview,
        overview=_overview(locations, rows),
        due=len(workgroup_reports.reminders_due(edition, services.local_today())),
    )


def _overview(locations: list[LocationDay], rows) -> list[dict]:
    """Per location: what the archive holds and what is still missing."""
    photos = services.photos_of([location.id for location in locations])
    withdrawn = services.withdrawals_since(photos)
    material_counts: dict[int, int] = {}
    for material in services.materials_of([location.id for location in locations]):
        material_counts[material.location_day_id] = material_counts.get(material.location_day_id, 0) + 1
    overview = []
    for location in locations:
        reports = [report for offer, report in rows if offer.location_day_id == location.id]
        mine = [photo for photo in photos if photo.location_day_id == location.id]
        overview.append(
            {
                "location": location,
                "held": services.is_held(location),
                "materials": material_counts.get(location.id, 0),
                "workgroups": len(reports),
                "published": sum(1 for r in reports if r is not None and r.is_published),
                "submitted": sum(1 for r in reports if r is not None and r.status.value == "submitted"),
                "photos": sum(1 for photo in mine if photo.published),
                "to_check": sum(1 for photo in mine if withdrawn.get(photo.id)),
            }
        )
    return overview


@bp.route("/edities/<int:edition_id>/herinneringen", methods=["POST"])
@organiser_only
def send_reminders(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    sent = notify.send_reminders(edition, services.local_today())
    db.session.commit()  # the mail goes out after this commit
    if sent:
        flash(
            ngettext("%(num)s begeleider kreeg een herinnering.", "%(num)s begeleiders kregen een herinnering.", sent),
            "success",
        )
    else:
        flash(_("Niemand hoefde een herinnering te krijgen."), "info")
    return redirect(url_for(".look_back", edition_id=edition.id))
