"""Gather stored data into plain report contexts and render them to PDF."""

from __future__ import annotations

from flask_babel import force_locale

from app.programme.forms import ITEM_KIND_LABELS
from app.programme.models import ItemKind, LocationDay
from app.programme.services import programme_for
from app.reports import context
from app.reports.render import render_pdf


def booklet_context(location: LocationDay, language: str = "nl") -> context.BookletContext:
    with force_locale(language):
        kinds = {kind.value: str(label) for kind, label in ITEM_KIND_LABELS.items()}
    edition = location.edition
    day = context.DayHeader(
        edition_name=edition.name,
        theme=edition.theme,
        city=location.city,
        venue=location.venue,
        address=location.address,
        date=location.date,
        doors_open=location.doors_open,
        organising_alliance=edition.organising_alliance,
        coordinating_organisations=tuple(location.coordinator_list),
    )
    programme = [
        context.ProgrammeRow(
            start=line.start_time,
            end=line.end_time,
            title=line.title,
            kind=kinds[ItemKind(line.kind).value],
            description=line.description,
            speakers=tuple(context.SpeakerLine(*speaker) for speaker in line.speakers),
        )
        for line in programme_for(location)
    ]
    workgroups = [
        context.WorkgroupRow(
            round=offer.round,
            title=offer.workgroup.title,
            description=offer.workgroup.description,
            room=offer.room,
            facilitator=offer.facilitator,
            capacity=offer.capacity,
        )
        for offer in location.workgroup_offers
    ]
    return context.build_booklet(day, programme, workgroups, edition.partner_list, edition.funder_list)


def booklet_pdf(location: LocationDay, language: str = "nl") -> bytes:
    booklet = booklet_context(location, language)
    with force_locale(language):
        from flask_babel import gettext as _

        title = _("Programma %(city)s", city=location.city) + f" · {location.edition.name}"
    return render_pdf("reports/booklet.html", title=title, language=language, booklet=booklet)


def booklet_filename(location: LocationDay) -> str:
    return f"programma-{location.edition.slug}-{location.slug}.pdf"
