"""Business rules for speakers' materials and photos: what may be uploaded, and who sees what.

Services take model objects and plain values, raise ArchiveError with a message for the
person (and the form field it belongs to), and only flush; the views commit.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, BinaryIO
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import and_, exists, select

from app.archive import files
from app.archive.images import PhotoProblem, PhotoRefused, process_photo
from app.archive.models import Material, Photo, Visibility
from app.common.errors import DomainError
from app.common.language import dutch
from app.extensions import db
from app.names import name_sort_key
from app.programme.models import Contribution, LocationDay, ProgrammeItem
from app.registration.models import PhotoConsentWithdrawal, Registration, Status
from app.registration.services import clean
from app.storage.filetypes import FileRefused, Refusal, identify_document
from app.timeutil import to_local, utcnow

MEGABYTE = 1024 * 1024
MIN_ALT_TEXT = 5


def single_line(text: str | None) -> str:
    """One line: no control characters (PostgreSQL refuses NUL), line breaks and tabs
    become spaces, runs of spaces one."""
    return " ".join(clean(text).split())


def multi_line(text: str | None) -> str:
    """Paragraphs kept (Windows line ends made plain), control characters removed."""
    return clean((text or "").replace("\r\n", "\n").replace("\r", "\n"))


class ArchiveError(DomainError):
    """A rule about the archive (materials, photos, reports) was broken."""


# --- when a day counts as held ------------------------------------------------------------


def local_today() -> date:
    return to_local(utcnow()).date()


def is_held(location: LocationDay, today: date | None = None) -> bool:
    """From the day itself on: workgroups write their reports that afternoon or later.
    (When editions get an explicit lifecycle, this is the one place to ask it.)"""
    return location.date <= (today or local_today())


def material_is_public(material: Material, today: date | None = None) -> bool:
    if material.visibility == Visibility.ORGANISERS:
        return False
    return material.visibility == Visibility.NOW or is_held(material.location_day, today)


# --- materials ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """Where a material belongs: a programme item, and the speaker's slot if there is one."""

    item: ProgrammeItem
    contribution: Contribution | None = None


def target_choices(location: LocationDay) -> list[tuple[str, str]]:
    """Per programme item: each speaker's contribution at this location, then the item itself."""
    choices: list[tuple[str, str]] = []
    for item in sorted(location.edition.programme_items, key=lambda each: each.position):
        for contribution in sorted(location.contributions, key=lambda c: c.position):
            if contribution.programme_item_id == item.id:
                label = f"{item.title}: {contribution.speaker.name}"
                if contribution.title:
                    label += f" ({contribution.title})"
                choices.append((f"contribution-{contribution.id}", dutch(label)))  # Dutch titles: marked
        choices.append((f"item-{item.id}", _("%(item)s (het onderdeel als geheel)", item=item.title)))
    return choices


def resolve_target(location: LocationDay, value: str) -> Target:
    kind, _sep, number = (value or "").partition("-")
    if number.isdigit() and kind == "contribution":
        contribution = db.session.get(Contribution, int(number))
        if contribution is not None and contribution.location_day_id == location.id:
            return Target(contribution.programme_item, contribution)
    elif number.isdigit() and kind == "item":
        item = db.session.get(ProgrammeItem, int(number))
        if item is not None and item.edition_id == location.edition_id:
            return Target(item)
    raise ArchiveError(_("Kies een onderdeel van het programma uit de lijst."), field="target")


def target_value(material: Material) -> str:
    if material.contribution_id:
        return f"contribution-{material.contribution_id}"
    return f"item-{material.programme_item_id}"


def add_material_file(
    location: LocationDay,
    target: Target,
    *,
    title: str,
    upload: BinaryIO,
    filename: str,
    visibility: Visibility,
    max_bytes: int,
    user_id: int | None = None,
) -> Material:
    """Slides or a hand-out: PDF, PowerPoint, OpenDocument or Word, judged by content."""
    size = _size_of(upload)
    if size > max_bytes:
        raise ArchiveError(too_large_message(max_bytes), field="file")
    try:
        kind = identify_document(upload)
    except FileRefused as refused:
        raise ArchiveError(refusal_message(refused.reason), field="file") from refused
    checksum = files.sha256_of(upload)
    key = files.new_key("materials", location.id, f".{kind.extension}")
    stored = files.store(key, upload, kind.mimetype)
    material = Material(
        location_day_id=location.id,
        programme_item_id=target.item.id,
        contribution_id=target.contribution.id if target.contribution else None,
        title=_title(title, filename),
        storage_key=key,
        filename=download_name(filename, title, kind.extension),
        file_type=kind.code,
        content_type=kind.mimetype,
        size=stored,
        sha256=checksum,
        visibility=visibility,
        created_by_id=user_id,
    )
    db.session.add(material)
    db.session.flush()
    return material


def add_material_link(
    location: LocationDay,
    target: Target,
    *,
    title: str,
    url: str,
    visibility: Visibility,
    user_id: int | None = None,
) -> Material:
    """A link to the speaker's contribution elsewhere (a video, an article, their site)."""
    material = Material(
        location_day_id=location.id,
        programme_item_id=target.item.id,
        contribution_id=target.contribution.id if target.contribution else None,
        title=_required_title(title),
        url=checked_url(url),
        visibility=visibility,
        created_by_id=user_id,
    )
    db.session.add(material)
    db.session.flush()
    return material


def update_material(material: Material, target: Target, *, title: str, visibility: Visibility, url: str = "") -> None:
    material.title = _required_title(title)
    material.programme_item_id = target.item.id
    material.contribution_id = target.contribution.id if target.contribution else None
    material.visibility = visibility
    if not material.is_file:
        material.url = checked_url(url)
    db.session.flush()


def delete_material(material: Material) -> None:
    files.discard(material.storage_key)
    db.session.delete(material)
    db.session.flush()


def materials_of(location_ids: Sequence[int]) -> list[Material]:
    if not location_ids:
        return []
    return list(
        db.session.scalars(
            select(Material).where(Material.location_day_id.in_(list(location_ids))).order_by(Material.id)
        )
    )


def checked_url(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    if (
        not url
        or len(url) > 2000
        or parts.scheme not in ("http", "https")
        or not parts.netloc
        or re.search(r"[\s\x00-\x1f\x7f]", url)
    ):
        raise ArchiveError(_("Vul een volledig webadres in dat begint met https://."), field="url")
    return url


def _required_title(title: str) -> str:
    title = single_line(title)
    if not title:
        raise ArchiveError(_("Geef een titel, bijvoorbeeld 'Dia's van de inleiding'."), field="title")
    return title[:200]


def _title(title: str, filename: str) -> str:
    given = single_line(title)
    if given:
        return given[:200]
    stem = (filename or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0]
    return single_line(stem.replace("_", " "))[:200] or _("Materiaal")


def download_name(filename: str, title: str, extension: str) -> str:
    """The name a download gets: the uploaded name's stem (or the title), the real extension."""
    stem = (filename or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0] or title or "materiaal"
    cleaned = re.sub(r"[^\w\- .()]+", "", stem, flags=re.UNICODE).strip(" .") or "materiaal"
    return f"{cleaned[:150]}.{extension}"


def _size_of(upload: BinaryIO) -> int:
    upload.seek(0, io.SEEK_END)
    size = upload.tell()
    upload.seek(0)
    return size


def too_large_message(max_bytes: int) -> str:
    return _(
        "Dit bestand is te groot. Een bestand mag hoogstens %(size)s MB zijn. "
        "Maak het kleiner (bijvoorbeeld als PDF) of plaats een link.",
        size=max_bytes // MEGABYTE,
    )


def refusal_message(reason: Refusal) -> str:
    messages = {
        Refusal.EMPTY: _("Dit bestand is leeg. Kies het bestand opnieuw."),
        Refusal.EXECUTABLE: _("Dit bestand is een programma, geen document. Programma's kunnen niet worden geplaatst."),
        Refusal.MACROS: _(
            "Dit bestand bevat macro's. Sla het op zonder macro's (als .pptx, .docx of PDF) en probeer het opnieuw."
        ),
        Refusal.OLD_OFFICE: _(
            "Dit is een oud Office-bestand (.ppt of .doc). Sla het op als .pptx, .docx of PDF en probeer het opnieuw."
        ),
        Refusal.DAMAGED: _("Dit bestand is beschadigd of onvolledig. Sla het opnieuw op en probeer het nog eens."),
    }
    return messages.get(
        reason,
        _(
            "Dit soort bestand kan niet. Kies een PDF, een PowerPoint (.pptx), "
            "een OpenDocument-presentatie (.odp) of een Word-document (.docx)."
        ),
    )


# --- photos -------------------------------------------------------------------------------


def add_photo(location: LocationDay, upload: IO[bytes], *, user_id: int | None = None) -> Photo:
    """Re-encoded (no metadata, upright, sRGB), a web size and a thumbnail; not yet public."""
    try:
        processed = process_photo(upload)
    except PhotoRefused as refused:
        raise ArchiveError(photo_message(refused.problem), field="photos") from refused
    web_key = files.new_key("photos", location.id, "-web.jpg")
    thumb_key = web_key.removesuffix("-web.jpg") + "-thumb.jpg"
    size = files.store(web_key, processed.web.data, "image/jpeg")
    files.store(thumb_key, processed.thumb.data, "image/jpeg")
    photo = Photo(
        location_day_id=location.id,
        web_key=web_key,
        thumb_key=thumb_key,
        width=processed.web.width,
        height=processed.web.height,
        thumb_width=processed.thumb.width,
        thumb_height=processed.thumb.height,
        size=size,
        sha256=files.sha256_of(io.BytesIO(processed.web.data)),
        created_by_id=user_id,
    )
    db.session.add(photo)
    db.session.flush()
    return photo


def photo_message(problem: PhotoProblem) -> str:
    if problem == PhotoProblem.TOO_LARGE:
        return _("Deze foto heeft te veel beeldpunten (meer dan 60 megapixel). Verklein hem en probeer het opnieuw.")
    if problem == PhotoProblem.DAMAGED:
        return _("Deze foto is beschadigd of onvolledig. Kies hem opnieuw.")
    return _("Dit is geen foto die wij kunnen plaatsen. Kies een JPEG-, PNG- of WebP-foto.")


def describe_photo(photo: Photo, *, alt_text: str, caption: str) -> None:
    alt_text, caption = single_line(alt_text), single_line(caption)
    if photo.published and len(alt_text) < MIN_ALT_TEXT:
        raise ArchiveError(_alt_text_message(), field="alt_text")
    photo.alt_text, photo.caption = alt_text[:300], caption[:300]
    db.session.flush()


def publish_photo(photo: Photo, now: datetime | None = None) -> None:
    """Publishing is also the check that nobody without consent is recognisable."""
    if len(photo.alt_text.strip()) < MIN_ALT_TEXT:
        raise ArchiveError(_alt_text_message(), field="alt_text")
    now = now or utcnow()
    photo.published = True
    photo.published_at = photo.published_at or now
    photo.checked_at = now
    db.session.flush()


def _alt_text_message() -> str:
    return _(
        "Beschrijf eerst wat er op de foto te zien is (de tekst voor wie de foto niet kan zien). "
        "Daarna kunt u hem publiceren."
    )


def unpublish_photo(photo: Photo) -> None:
    photo.published = False
    db.session.flush()


def confirm_photo_checked(photo: Photo, now: datetime | None = None) -> None:
    photo.checked_at = now or utcnow()
    db.session.flush()


def delete_photo(photo: Photo) -> None:
    files.discard(photo.web_key)
    files.discard(photo.thumb_key)
    db.session.delete(photo)
    db.session.flush()


def _withdrawn_since_check():
    return exists().where(
        PhotoConsentWithdrawal.location_day_id == Photo.location_day_id,
        PhotoConsentWithdrawal.withdrawn_at > Photo.checked_at,
    )


def public_photo_filter():
    """Published, and no consent withdrawn at its location since it was last checked."""
    return and_(Photo.published.is_(True), ~_withdrawn_since_check())


def photo_is_public(photo: Photo) -> bool:
    return bool(db.session.scalar(select(Photo.id).where(Photo.id == photo.id, public_photo_filter())))


def photos_of(location_ids: Iterable[int], public_only: bool = False) -> list[Photo]:
    ids = list(location_ids)
    if not ids:
        return []
    query = select(Photo).where(Photo.location_day_id.in_(ids)).order_by(Photo.created_at, Photo.id)
    if public_only:
        query = query.where(public_photo_filter())
    return list(db.session.scalars(query))


def withdrawals_since(photos: Sequence[Photo]) -> dict[int, list[datetime]]:
    """Per published photo: the consent withdrawals at its location after its last check."""
    published = [photo for photo in photos if photo.published]
    if not published:
        return {}
    rows = db.session.execute(
        select(PhotoConsentWithdrawal.location_day_id, PhotoConsentWithdrawal.withdrawn_at).where(
            PhotoConsentWithdrawal.location_day_id.in_({photo.location_day_id for photo in published})
        )
    ).all()
    return {
        photo.id: sorted(
            moment
            for location_id, moment in rows
            if location_id == photo.location_day_id and (photo.checked_at is None or moment > photo.checked_at)
        )
        for photo in published
    }


def people_without_photo_consent(location: LocationDay) -> list[Registration]:
    """Confirmed participants who did not say yes: the photographer avoids them (the badge
    and the sign-in sheet carry a mark). Those present first."""
    people = db.session.scalars(
        select(Registration).where(
            Registration.location_day_id == location.id,
            Registration.status == Status.CONFIRMED,
            Registration.photo_consent.is_not(True),
        )
    ).all()
    return sorted(people, key=lambda person: (person.checked_in_at is None, name_sort_key(person.name)))
