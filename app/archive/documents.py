"""The archive's documents: the look-back as PDF and as Word, and the PDF
"Werkgroepverslagen" (every workgroup's reports side by side, and all recommendations).

PDFs are `ReportJob`s of app/reports (the same WeasyPrint set-up, style, restricted
fetcher and cache as the other reports); the Word document comes from the pure builder in
app/archive/docx.py. Both take the plain values of app/archive/context.py.
"""

from __future__ import annotations

from datetime import date

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from app.archive import context, gather
from app.archive.docx import DocxLabels, build_look_back_docx
from app.formatting import long_date, short_date
from app.programme.models import Edition
from app.reports.render import ReportJob

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def look_back_job(edition: Edition, language: str = "nl", today: date | None = None) -> ReportJob:
    book = gather.look_back_book(edition, today, with_images=True)
    with force_locale(language):
        title = _("Terugblik") + f" · {edition.name}"
    photos = sum(len(location.photos) for location in book.locations)
    return ReportJob(
        "archive/pdf/look_back.html",
        title,
        f"terugblik-{edition.slug}.pdf",
        language,
        (("book", book),),
        weight=20 + 10 * len(book.locations) + 4 * photos,
    )


def workgroup_reports_job(edition: Edition, language: str = "nl", today: date | None = None) -> ReportJob:
    book = gather.workgroup_reports_book(edition, today)
    with force_locale(language):
        title = _("Werkgroepverslagen") + f" · {edition.name}"
    return ReportJob(
        "archive/pdf/workgroup_reports.html",
        title,
        f"werkgroepverslagen-{edition.slug}.pdf",
        language,
        (("book", book),),
        weight=20 + 5 * sum(len(w.reports) for w in book.workgroups),
    )


def look_back_docx(edition: Edition, language: str = "nl", today: date | None = None) -> tuple[bytes, str]:
    """The Word document and its file name."""
    book = gather.look_back_book(edition, today, with_images=True)
    return build_look_back_docx(book, docx_labels(book, language)), f"terugblik-{edition.slug}.docx"


def docx_labels(book: context.LookBackBook, language: str) -> DocxLabels:
    edition = book.edition
    with force_locale(language):
        reports = [report for location in book.locations for report in location.reports]
        return DocxLabels(
            title=_("Terugblik: %(name)s", name=edition.name),
            subtitle=" · ".join(part for part in (edition.theme, edition.organising_alliance) if part),
            dates=period(edition),
            location_titles=tuple(f"{location.city}, {long_date(location.date)}" for location in book.locations),
            speakers=_("Sprekers en materiaal"),
            materials=_("Materiaal"),
            reports=_("Werkgroepverslagen"),
            photos=_("Foto's"),
            summary=_("Samenvatting"),
            points=_("Belangrijkste punten"),
            recommendations=_("Aanbevelingen en vervolg"),
            participant_counts=tuple(
                (r.id, ngettext("%(num)s deelnemer", "%(num)s deelnemers", r.participants))
                for r in reports
                if r.participants is not None
            ),
            facilitator=_("Begeleiding"),
            not_yet=_("Er zijn nog geen werkgroepverslagen gepubliceerd."),
            all_recommendations=_("Alle aanbevelingen"),
            made_on=_("Gemaakt op %(date)s.", date=long_date(book.made_on)),
        )


def period(edition: context.EditionInfo) -> str:
    if edition.first_day is None:
        return ""
    if edition.last_day is None or edition.first_day == edition.last_day:
        return short_date(edition.first_day)
    return f"{short_date(edition.first_day)} – {short_date(edition.last_day)}"
