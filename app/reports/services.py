"""Gather stored data into plain report contexts (`ReportJob`s) and render them to PDF.

A handful of column queries per document, never a query per row; everything after that
is plain data (app/reports/context.py), which is also the cache key (app/reports/cache.py).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.archive.summary import workgroup_conclusions
from app.common.language import dutch, in_language
from app.evaluation import services as evaluation
from app.extensions import db
from app.programme.forms import ITEM_KIND_LABELS
from app.programme.models import Edition, ItemKind, LocationDay
from app.programme.services import programme_for
from app.registration.models import OrganisationKind, Registration, WorkgroupPreference
from app.registration.services import organisation_kinds
from app.reports import context, edition_report
from app.reports.render import ReportJob, render_cached
from app.timeutil import to_local, utcnow
from app.workgroups.models import Workgroup, WorkgroupAssignment, WorkgroupOffer

# --- the programme booklet --------------------------------------------------------------


def day_header(location: LocationDay) -> context.DayHeader:
    edition = location.edition
    return context.DayHeader(
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


def booklet_context(location: LocationDay, language: str = "nl") -> context.BookletContext:
    with force_locale(language):  # the organiser's texts in this language too (in_language)
        return _booklet_context(location)


def _booklet_context(location: LocationDay) -> context.BookletContext:
    kinds = {kind.value: str(label) for kind, label in ITEM_KIND_LABELS.items()}
    edition = location.edition
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
            title=dutch(offer.workgroup.title),
            description=in_language(offer.workgroup, "description"),
            room=offer.room,
            facilitator=offer.facilitator,
            capacity=offer.capacity,
        )
        for offer in location.workgroup_offers
        if offer.is_open  # a dropped workgroup is not in the booklet
    ]
    return context.build_booklet(day_header(location), programme, workgroups, edition.partner_list, edition.funder_list)


def booklet_job(location: LocationDay, language: str = "nl") -> ReportJob:
    with force_locale(language):
        title = _("Programma %(city)s", city=location.city) + f" · {location.edition.name}"
    return ReportJob(
        "reports/booklet.html",
        title,
        booklet_filename(location),
        language,
        (("booklet", booklet_context(location, language)),),
        weight=40,
    )


def booklet_pdf(location: LocationDay, language: str = "nl") -> bytes:
    return render_cached(booklet_job(location, language)).pdf


def booklet_filename(location: LocationDay) -> str:
    return f"programma-{location.edition.slug}-{location.slug}.pdf"


# --- plain rows from the database -------------------------------------------------------


def offers_of(locations: Sequence[LocationDay]) -> list[context.OfferInfo]:
    """Every offer (open or dropped) with its title and its round's time in the programme."""
    if not locations:
        return []
    times: dict[tuple[int, int], tuple] = {}
    for location in locations:
        for item in location.edition.programme_items:
            if item.workgroup_round:
                times.setdefault((location.edition_id, item.workgroup_round), (item.start_time, item.end_time))
    edition_of = {location.id: location.edition_id for location in locations}
    rows = db.session.execute(
        select(
            WorkgroupOffer.id,
            WorkgroupOffer.location_day_id,
            WorkgroupOffer.workgroup_id,
            WorkgroupOffer.round,
            Workgroup.title,
            WorkgroupOffer.room,
            WorkgroupOffer.facilitator,
            WorkgroupOffer.capacity,
            WorkgroupOffer.is_open,
        )
        .join(Workgroup, Workgroup.id == WorkgroupOffer.workgroup_id)
        .where(WorkgroupOffer.location_day_id.in_(list(edition_of)))
        .order_by(WorkgroupOffer.id)
    )
    offers = []
    for offer_id, location_id, workgroup_id, round_, title, room, facilitator, capacity, is_open in rows:
        start, end = times.get((edition_of[location_id], round_), (None, None))
        offers.append(
            context.OfferInfo(
                offer_id,
                location_id,
                workgroup_id,
                round_,
                title,
                room or "",
                facilitator or "",
                capacity,
                bool(is_open),
                start,
                end,
            )
        )
    return offers


def people_of(locations: Sequence[LocationDay]) -> list[context.Person]:
    """Every registration of these locations with its first choices and workgroups:
    three queries, whatever the number of participants."""
    ids = [location.id for location in locations]
    if not ids:
        return []
    first_choices: dict[int, list[tuple[int, int]]] = {}
    for registration_id, round_, workgroup_id in db.session.execute(
        select(WorkgroupPreference.registration_id, WorkgroupPreference.round, WorkgroupPreference.workgroup_id)
        .join(Registration, Registration.id == WorkgroupPreference.registration_id)
        .where(Registration.location_day_id.in_(ids), WorkgroupPreference.rank == 1)
    ):
        first_choices.setdefault(registration_id, []).append((round_, workgroup_id))
    assigned: dict[int, list[tuple[int, int]]] = {}
    told: dict[int, list[tuple[int, int | None]]] = {}
    for registration_id, round_, offer_id, published_id in db.session.execute(
        select(
            WorkgroupAssignment.registration_id,
            WorkgroupAssignment.round,
            WorkgroupAssignment.offer_id,
            WorkgroupAssignment.published_offer_id,
        )
        .join(Registration, Registration.id == WorkgroupAssignment.registration_id)
        .where(Registration.location_day_id.in_(ids))
    ):
        assigned.setdefault(registration_id, []).append((round_, offer_id))
        told.setdefault(registration_id, []).append((round_, published_id))
    rows = db.session.execute(
        select(
            Registration.id,
            Registration.location_day_id,
            Registration.name,
            Registration.organisation,
            OrganisationKind.name,
            Registration.status,
            Registration.source,
            Registration.checked_in_at.is_not(None),
            Registration.photo_consent,
        )
        .outerjoin(OrganisationKind, OrganisationKind.id == Registration.organisation_kind_id)
        .where(Registration.location_day_id.in_(ids))
        .order_by(Registration.id)
    )
    return [
        context.Person(
            id=registration_id,
            location_id=location_id,
            name=name,
            organisation=organisation or "",
            kind=kind or "",
            status=_value(status),
            source=_value(source),
            checked_in=bool(checked_in),
            first_choices=tuple(sorted(first_choices.get(registration_id, ()))),
            assignments=tuple(sorted(assigned.get(registration_id, ()))),
            published=tuple(sorted(told.get(registration_id, ()), key=lambda pair: pair[0])),
            photo_consent=photo_consent,
        )
        for registration_id, location_id, name, organisation, kind, status, source, checked_in, photo_consent in rows
    ]


def _or(rows, load, location: LocationDay) -> list:
    """Rows already loaded for the location, or loaded now."""
    return load([location]) if rows is None else [row for row in rows if row.location_id == location.id]


def _value(member) -> str:
    return getattr(member, "value", member) or ""


# --- sign-in sheets and badges ----------------------------------------------------------


def day_sheet_job(location: LocationDay, language: str = "nl", people=None) -> ReportJob:
    book = context.build_sign_in_book(day_header(location), _or(people, people_of, location))
    with force_locale(language):
        title = _("Presentielijst") + f" {location.city} · {location.edition.name}"
    return ReportJob(
        "reports/sign_in.html",
        title,
        f"presentielijst-{location.edition.slug}-{location.slug}.pdf",
        language,
        (("book", book),),
        weight=book.page_count * context.ROWS_NEXT,
    )


def workgroup_sheets_job(location: LocationDay, language: str = "nl", people=None, offers=None) -> ReportJob:
    """The sign-in sheets of every workgroup at the location, each from a new page."""
    book = context.build_sign_in_book(
        day_header(location), _or(people, people_of, location), _or(offers, offers_of, location)
    )
    with force_locale(language):
        title = " · ".join((_("Presentielijst"), _("Werkgroepen"), location.city, location.edition.name))
    return ReportJob(
        "reports/sign_in.html",
        title,
        f"presentielijsten-werkgroepen-{location.edition.slug}-{location.slug}.pdf",
        language,
        (("book", book),),
        weight=book.page_count * context.ROWS_NEXT,
    )


def offer_sheet_job(offer: WorkgroupOffer, language: str = "nl") -> ReportJob:
    """The sign-in sheet of one workgroup, for its facilitator."""
    location = offer.location_day
    offers = offers_of([location])
    info = next(each for each in offers if each.id == offer.id)
    several_rounds = len({each.round for each in offers}) > 1
    sheet = context.build_sign_in_sheet(day_header(location), people_of([location]), info, several_rounds)
    book = context.SignInBook(sheet.day, (sheet,))
    with force_locale(language):
        title = _("Presentielijst werkgroep") + f" {info.title} · {location.city}"
    round_part = f"-ronde-{info.round}" if several_rounds else ""
    return ReportJob(
        "reports/sign_in.html",
        title,
        f"presentielijst-{location.edition.slug}-{location.slug}{round_part}-{slug(info.title)}.pdf",
        language,
        (("book", book),),
        weight=book.page_count * context.ROWS_NEXT,
    )


def badges_job(location: LocationDay, language: str = "nl", people=None, offers=None) -> ReportJob:
    book = context.build_badges(
        day_header(location), _or(people, people_of, location), _or(offers, offers_of, location)
    )
    with force_locale(language):
        # The download button's label, translated, without its " (PDF)".
        title = _("Naambadges (PDF)").removesuffix(" (PDF)") + f" {location.city} · {location.edition.name}"
    return ReportJob(
        "reports/badges.html",
        title,
        f"naambadges-{location.edition.slug}-{location.slug}.pdf",
        language,
        (("book", book),),
        weight=len(book.sheets) * context.BADGES_PER_SHEET * 3,
    )


def slug(text: str) -> str:
    """'Actie! Werken met behoud van uitkering' -> 'actie-werken-met-behoud-van-uitkering'."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    words = "".join(ch if ch.isalnum() else " " for ch in plain if not unicodedata.combining(ch)).split()
    return "-".join(words)[:60].strip("-") or "werkgroep"


# --- the edition report -----------------------------------------------------------------


def edition_report_context(
    edition: Edition,
    today: date | None = None,
    evaluation: edition_report.EvaluationSummary | None = None,
    people: list[context.Person] | None = None,
    offers: list[context.OfferInfo] | None = None,
    conclusions: edition_report.WorkgroupConclusions | None = None,
) -> edition_report.EditionReport:
    locations = list(edition.location_days)
    header = edition_report.EditionHeader(
        edition.name,
        edition.theme,
        edition.organising_alliance,
        tuple(edition.partner_list),
        tuple(edition.funder_list),
    )
    infos = [edition_report.LocationInfo(loc.id, loc.city, loc.venue, loc.date, loc.capacity) for loc in locations]
    if evaluation is None:
        evaluation = evaluation_summary(edition)
    if conclusions is None:
        conclusions = workgroup_conclusions(edition, today)
    return edition_report.build_edition_report(
        header,
        infos,
        people_of(locations) if people is None else people,
        offers_of(locations) if offers is None else offers,
        [in_language(kind, "name") for kind in organisation_kinds(edition)],
        today or to_local(utcnow()).date(),
        evaluation,
        conclusions,
    )


def evaluation_summary(edition: Edition) -> edition_report.EvaluationSummary | None:
    """The evaluation's averages per location side by side, for the edition report."""
    form = evaluation.form_for(edition)
    if form is None:
        return None
    comparison = evaluation.edition_results(form, list(edition.location_days)).comparison
    if not comparison.total.responses:
        return None
    rows = tuple(
        edition_report.EvaluationRow(
            label=row.label,
            scores=tuple(cell.average for cell in row.cells),
            overall=row.overall.average,
            scale_max=10 if row.kind == "mark" else 5,
        )
        for row in comparison.rows
        if row.kind in ("rating", "mark")
    )
    return edition_report.EvaluationSummary(
        cities=tuple(location.city for location in comparison.locations),
        responses=tuple(part.responses for part in comparison.participation),
        rows=rows,
    )


def edition_report_job(
    edition: Edition,
    language: str = "nl",
    today: date | None = None,
    evaluation: edition_report.EvaluationSummary | None = None,
    people: list[context.Person] | None = None,
    offers: list[context.OfferInfo] | None = None,
    conclusions: edition_report.WorkgroupConclusions | None = None,
) -> ReportJob:
    """The report comparing every location. `evaluation`: the evaluation results side by
    side per location, shown as their own section when given; `conclusions`: what the
    workgroups concluded (by default from the published workgroup reports)."""
    with force_locale(language):  # question texts and organisation kinds in this language too
        report = edition_report_context(edition, today, evaluation, people, offers, conclusions)
        title = _("Editierapport") + f" · {edition.name}"
    return ReportJob(
        "reports/edition_report.html",
        title,
        f"editierapport-{edition.slug}.pdf",
        language,
        (("report", report),),
        weight=120,
    )


# --- every document of an edition -------------------------------------------------------


def edition_jobs(
    edition: Edition, language: str = "nl", evaluation: edition_report.EvaluationSummary | None = None
) -> list[ReportJob]:
    """What `flask reports build` writes: the edition report, and per location the
    programme booklet, the sign-in sheet for the day, the workgroup sign-in sheets and
    the name badges, and the evaluation report when the edition has a form."""
    locations = list(edition.location_days)
    people, offers = people_of(locations), offers_of(locations)
    jobs = [edition_report_job(edition, language, evaluation=evaluation, people=people, offers=offers)]
    for location in locations:
        jobs += [
            booklet_job(location, language),
            day_sheet_job(location, language, people),
            workgroup_sheets_job(location, language, people, offers),
            badges_job(location, language, people, offers),
        ]
        evaluation_job = evaluation_report_job(location, language)
        if evaluation_job is not None:
            jobs.append(evaluation_job)
    return jobs


# --- the evaluation report of one location ----------------------------------------------


def evaluation_report_job(location: LocationDay, language: str = "nl") -> ReportJob | None:
    """Response rate and every question's figures at one location; None without a form."""
    form = evaluation.form_for(location.edition)
    if form is None:
        return None
    with force_locale(language):  # question texts in this language too
        results = evaluation.location_results(form, location)
        title = _("Evaluatie %(city)s", city=location.city) + f" · {location.edition.name}"
    return ReportJob(
        "reports/evaluation_report.html",
        title,
        f"evaluatie-{location.edition.slug}-{location.slug}.pdf",
        language,
        (("day", day_header(location)), ("results", results)),
        weight=30,
    )
