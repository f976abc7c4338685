"""Workgroup reports: the facilitator writes (a draft they can come back to) and sends;
the location's coordinator (or an organiser) reviews, sends back with a note, or
publishes. Only published reports are public and count across the locations.

A report holds no participants' names: only how many took part, so erasing a
registration changes nothing in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts.models import Role, User, facilitator_offer
from app.archive.models import ReportReminder, ReportStatus, WorkgroupReport
from app.archive.services import ArchiveError, is_held, multi_line
from app.extensions import db
from app.formatting import long_date
from app.programme.models import Edition, LocationDay
from app.timeutil import utcnow
from app.workgroups.models import WorkgroupOffer

MAX_TEXT = 10_000


@dataclass(frozen=True)
class ReportText:
    summary: str
    points: str
    recommendations: str
    participants: int | None


def report_for(offer: WorkgroupOffer) -> WorkgroupReport | None:
    return db.session.scalar(select(WorkgroupReport).where(WorkgroupReport.offer_id == offer.id))


def may_write(user: User, offer: WorkgroupOffer) -> bool:
    """The workgroup's own facilitator, or whoever manages the location."""
    if user.is_facilitator:
        return any(own.id == offer.id for own in user.offers)
    return user.may_manage(offer.location_day_id)


def may_review(user: User, offer: WorkgroupOffer) -> bool:
    return not user.is_facilitator and user.may_manage(offer.location_day_id)


def save_draft(offer: WorkgroupOffer, text: ReportText, *, author: User, today: date | None = None) -> WorkgroupReport:
    """Keep what was written. A facilitator changing a sent report takes it back to draft
    (it has to be sent again); a published one is for the coordinator to change."""
    if not is_held(offer.location_day, today):
        raise ArchiveError(
            _("U kunt het verslag schrijven vanaf de dag zelf (%(date)s).", date=long_date(offer.location_day.date))
        )
    report = report_for(offer)
    if report is None:
        report = WorkgroupReport(offer_id=offer.id, status=ReportStatus.DRAFT, author_id=author.id)
        db.session.add(report)
    elif report.status == ReportStatus.PUBLISHED and author.is_facilitator:
        raise ArchiveError(_("Dit verslag is al gepubliceerd. Vraag de coördinator als er iets moet veranderen."))
    _apply(report, text)
    if author.is_facilitator:
        report.status = ReportStatus.DRAFT
        report.author_id = author.id
    db.session.flush()
    return report


def submit_report(report: WorkgroupReport, now: datetime | None = None) -> None:
    _require_summary(report)
    if report.status == ReportStatus.PUBLISHED:
        raise ArchiveError(_("Dit verslag is al gepubliceerd."))
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now or utcnow()
    db.session.flush()


def publish_report(report: WorkgroupReport, publisher: User, now: datetime | None = None) -> None:
    _require_summary(report)
    now = now or utcnow()
    report.status = ReportStatus.PUBLISHED
    report.published_at = now
    report.published_by_id = publisher.id
    report.submitted_at = report.submitted_at or now
    report.review_note = ""
    db.session.flush()


def return_report(report: WorkgroupReport, note: str) -> None:
    """Back to the facilitator as a draft, with what to change."""
    note = multi_line(note)
    if not note:
        raise ArchiveError(_("Schrijf erbij wat er moet veranderen."), field="note")
    report.status = ReportStatus.DRAFT
    report.review_note = note[:MAX_TEXT]
    db.session.flush()


def unpublish_report(report: WorkgroupReport) -> None:
    report.status = ReportStatus.SUBMITTED
    report.published_at = None
    db.session.flush()


def _apply(report: WorkgroupReport, text: ReportText) -> None:
    for name in ("summary", "points", "recommendations"):
        value = multi_line(getattr(text, name))
        if len(value) > MAX_TEXT:
            raise ArchiveError(_("Dit is te lang: hoogstens %(count)s tekens.", count=MAX_TEXT), field=name)
        setattr(report, name, value)
    if text.participants is not None and not 0 <= text.participants <= 10_000:
        raise ArchiveError(_("Vul een aantal tussen 0 en 10.000 in."), field="participants")
    report.participants = text.participants


def _require_summary(report: WorkgroupReport) -> None:
    if not report.summary.strip():
        raise ArchiveError(_("Schrijf eerst een samenvatting."), field="summary")


# --- overviews and reminders --------------------------------------------------------------


def offers_with_reports(locations: Sequence[LocationDay]) -> list[tuple[WorkgroupOffer, WorkgroupReport | None]]:
    """Every open workgroup of these locations with its report (or None), two queries."""
    ids = [location.id for location in locations]
    if not ids:
        return []
    offers = db.session.scalars(
        select(WorkgroupOffer)
        .where(WorkgroupOffer.location_day_id.in_(ids), WorkgroupOffer.is_open.is_(True))
        .options(selectinload(WorkgroupOffer.workgroup), selectinload(WorkgroupOffer.location_day))
    ).all()
    reports = {
        report.offer_id: report
        for report in db.session.scalars(
            select(WorkgroupReport).where(WorkgroupReport.offer_id.in_([offer.id for offer in offers]))
        )
    }
    ordered = sorted(offers, key=lambda o: (o.location_day.date, o.location_day.city, o.round, o.workgroup.title))
    return [(offer, reports.get(offer.id)) for offer in ordered]


@dataclass(frozen=True)
class Reminder:
    user: User
    offers: tuple[WorkgroupOffer, ...]


def reminders_due(edition: Edition, today: date, now: datetime | None = None, min_days: float = 3) -> list[Reminder]:
    """Facilitators with a login whose workgroup took place and whose report was not sent
    (none, or a draft), not reminded about it in the last `min_days` days."""
    now = now or utcnow()
    held = [location for location in edition.location_days if is_held(location, today)]
    waiting = [offer for offer, report in offers_with_reports(held) if report is None or _unsent(report)]
    if not waiting:
        return []
    by_offer = {offer.id: offer for offer in waiting}
    links = db.session.execute(
        select(facilitator_offer.c.user_id, facilitator_offer.c.offer_id).where(
            facilitator_offer.c.offer_id.in_(list(by_offer))
        )
    ).all()
    recent = {
        (row.user_id, row.offer_id)
        for row in db.session.execute(
            select(ReportReminder.user_id, ReportReminder.offer_id).where(
                ReportReminder.offer_id.in_(list(by_offer)), ReportReminder.sent_at > now - timedelta(days=min_days)
            )
        )
    }
    users = {
        user.id: user
        for user in db.session.scalars(
            select(User).where(User.id.in_({user_id for user_id, _ in links}), User.role == Role.FACILITATOR)
        )
        if user.active
    }
    due: dict[int, list[WorkgroupOffer]] = {}
    for user_id, offer_id in links:
        if user_id in users and (user_id, offer_id) not in recent:
            due.setdefault(user_id, []).append(by_offer[offer_id])
    return [Reminder(users[user_id], tuple(offers)) for user_id, offers in sorted(due.items())]


def _unsent(report: WorkgroupReport) -> bool:
    return report.status == ReportStatus.DRAFT


def record_reminder(reminder: Reminder, now: datetime | None = None) -> None:
    for offer in reminder.offers:
        db.session.add(ReportReminder(offer_id=offer.id, user_id=reminder.user.id, sent_at=now or utcnow()))
    db.session.flush()


def last_reminders(offer_ids: Sequence[int]) -> dict[int, datetime]:
    if not offer_ids:
        return {}
    latest: dict[int, datetime] = {}
    for offer_id, sent_at in db.session.execute(
        select(ReportReminder.offer_id, ReportReminder.sent_at).where(ReportReminder.offer_id.in_(list(offer_ids)))
    ):
        latest[offer_id] = max(sent_at, latest.get(offer_id, sent_at))
    return latest
