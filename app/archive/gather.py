"""Stored rows to the plain archive values of app/archive/context.py: a handful of
queries per page or document, never one per row. Only what the public may see:
published reports, public materials, published photos whose consent check still holds.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.archive import context, markdown
from app.archive.models import LookBack, Material, ReportStatus, WorkgroupReport
from app.archive.services import is_held, local_today, material_is_public, materials_of, photos_of
from app.calendar.services import public_url
from app.common.language import dutch, in_language
from app.extensions import db
from app.programme.models import Contribution, Edition, LocationDay
from app.storage import StorageError, get_storage
from app.storage.filetypes import DOCUMENT_TYPES
from app.workgroups.models import Workgroup, WorkgroupOffer

log = logging.getLogger(__name__)


def edition_info(edition: Edition) -> context.EditionInfo:
    days = sorted(location.date for location in edition.location_days)
    return context.EditionInfo(
        name=edition.name,
        theme=edition.theme,
        slug=edition.slug,
        organising_alliance=edition.organising_alliance,
        partners=tuple(edition.partner_list),
        funders=tuple(edition.funder_list),
        first_day=days[0] if days else None,
        last_day=days[-1] if days else None,
    )


def locations_of(edition: Edition) -> list[LocationDay]:
    return list(
        db.session.scalars(
            select(LocationDay)
            .where(LocationDay.edition_id == edition.id)
            .order_by(LocationDay.date, LocationDay.city)
            .options(
                selectinload(LocationDay.contributions).selectinload(Contribution.speaker),
                selectinload(LocationDay.contributions).selectinload(Contribution.programme_item),
            )
        )
    )


def material_entry(material: Material) -> context.MaterialEntry:
    if material.is_file:
        kind = DOCUMENT_TYPES.get(material.file_type)
        href = public_url("archive.material_file", material_id=material.id, filename=material.filename)
        return context.MaterialEntry(
            material.id, material.title, "file", kind.label if kind else "", material.size, href
        )
    host = (urlsplit(material.url).hostname or "").removeprefix("www.")
    return context.MaterialEntry(material.id, material.title, "link", "", 0, material.url, host)


def published_reports(location_ids: Sequence[int]) -> list[context.ReportEntry]:
    if not location_ids:
        return []
    rows = db.session.execute(
        select(WorkgroupReport, WorkgroupOffer, Workgroup, LocationDay)
        .join(WorkgroupOffer, WorkgroupOffer.id == WorkgroupReport.offer_id)
        .join(Workgroup, Workgroup.id == WorkgroupOffer.workgroup_id)
        .join(LocationDay, LocationDay.id == WorkgroupOffer.location_day_id)
        .where(LocationDay.id.in_(list(location_ids)), WorkgroupReport.status == ReportStatus.PUBLISHED)
    ).all()
    rounds: dict[int, set[int]] = {}
    for offer in db.session.scalars(select(WorkgroupOffer).where(WorkgroupOffer.location_day_id.in_(location_ids))):
        rounds.setdefault(offer.location_day_id, set()).add(offer.round)
    return [
        report_entry(report, offer, workgroup, location, len(rounds.get(location.id, ())) > 1)
        for report, offer, workgroup, location in rows
    ]


def report_entry(report, offer, workgroup, location, several_rounds: bool = False) -> context.ReportEntry:
    return context.ReportEntry(
        id=report.id,
        workgroup_id=workgroup.id,
        workgroup=dutch(workgroup.title),
        location_id=location.id,
        city=location.city,
        date=location.date,
        round=offer.round,
        several_rounds=several_rounds,
        facilitator=offer.facilitator,
        participants=report.participants,
        summary=report.summary,
        points=context.split_items(report.points),
        recommendations=context.split_items(report.recommendations),
    )


def location_archives(
    locations: Sequence[LocationDay], today: date | None = None, with_images: bool = False
) -> tuple[context.LocationArchive, ...]:
    """What the public may see per location, in the order of the days."""
    today = today or local_today()
    ids = [location.id for location in locations]
    materials = [m for m in materials_of(ids) if material_is_public(m, today)]
    reports = published_reports(ids)
    photos = photos_of(ids, public_only=True)
    images = _thumbnails(photos) if with_images else {}
    archives = []
    for location in locations:
        mine = [m for m in materials if m.location_day_id == location.id]
        contributions = tuple(
            context.ContributionEntry(
                item=in_language(c.programme_item, "title"),
                speaker=c.speaker.name,
                organisation=c.speaker.organisation,
                title=dutch(c.title),
                materials=tuple(material_entry(m) for m in mine if m.contribution_id == c.id),
            )
            for c in sorted(location.contributions, key=lambda c: (c.programme_item.position, c.position))
        )
        general = tuple(
            context.ItemMaterials(in_language(item, "title"), tuple(material_entry(m) for m in group))
            for item in sorted(location.edition.programme_items, key=lambda i: i.position)
            if (group := [m for m in mine if m.contribution_id is None and m.programme_item_id == item.id])
        )
        archives.append(
            context.LocationArchive(
                id=location.id,
                city=location.city,
                slug=location.slug,
                date=location.date,
                venue=location.venue,
                held=is_held(location, today),
                contributions=contributions,
                general=general,
                reports=tuple(
                    sorted((r for r in reports if r.location_id == location.id), key=lambda r: (r.round, r.workgroup))
                ),
                photos=tuple(
                    context.PhotoEntry(
                        p.id,
                        p.alt_text,
                        p.caption,
                        p.width,
                        p.height,
                        p.thumb_width,
                        p.thumb_height,
                        images.get(p.id, b""),
                    )
                    for p in photos
                    if p.location_day_id == location.id
                ),
            )
        )
    return tuple(archives)


def _thumbnails(photos) -> dict[int, bytes]:
    storage = get_storage()
    found = {}
    for photo in photos:
        try:
            found[photo.id] = storage.read(photo.thumb_key)
        except StorageError:  # a missing file leaves the photo out of the document, not the document
            log.warning("thumbnail of photo %s is missing", photo.id)
    return found


def comparisons(
    edition: Edition, locations: Sequence[LocationDay] | None = None, today: date | None = None
) -> tuple[context.WorkgroupComparison, ...]:
    today = today or local_today()
    locations = list(locations) if locations is not None else locations_of(edition)
    workgroups = [
        context.WorkgroupInfo(w.id, dutch(w.title), in_language(w, "description"))
        for w in db.session.scalars(select(Workgroup).where(Workgroup.edition_id == edition.id))
    ]
    by_id = {location.id: location for location in locations}
    offers = [
        context.OfferRef(
            offer.workgroup_id,
            by_id[offer.location_day_id].city,
            by_id[offer.location_day_id].date,
            is_held(by_id[offer.location_day_id], today),
        )
        for offer in db.session.scalars(
            select(WorkgroupOffer).where(
                WorkgroupOffer.location_day_id.in_(list(by_id)), WorkgroupOffer.is_open.is_(True)
            )
        )
    ]
    return context.build_comparisons(workgroups, offers, published_reports(list(by_id)))


def look_back_of(edition: Edition) -> LookBack | None:
    return db.session.scalar(select(LookBack).where(LookBack.edition_id == edition.id))


def look_back_book(edition: Edition, today: date | None = None, with_images: bool = False) -> context.LookBackBook:
    """The public look-back: the published text, and every location held or with content."""
    today = today or local_today()
    locations = locations_of(edition)
    text = look_back_of(edition)
    body = text.body if text is not None and text.published else ""
    archives = tuple(
        archive for archive in location_archives(locations, today, with_images) if archive.held or archive.has_content
    )
    return context.LookBackBook(
        edition=edition_info(edition),
        text_markdown=body,
        text_html=markdown.to_html(body),
        locations=archives,
        workgroups=comparisons(edition, locations, today),
        made_on=today,
    )


def workgroup_reports_book(edition: Edition, today: date | None = None) -> context.WorkgroupReportsBook:
    today = today or local_today()
    found = comparisons(edition, today=today)
    return context.WorkgroupReportsBook(
        edition=edition_info(edition),
        workgroups=found,
        recommendations=context.number_recommendations(r for w in found for r in w.reports),
        made_on=today,
    )
