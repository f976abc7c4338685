"""Mail from the archive: the reminder to facilitators who have not sent their report.

Queued in the caller's transaction (the mail outbox); the worker renders it from the
facilitator's user id and the offer ids. `flask archive remind-facilitators` and the
organiser's button both call `send_reminders`.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.accounts.models import User
from app.archive import workgroup_reports
from app.calendar.services import public_url
from app.extensions import db
from app.mail import Composed, MailData, MailGone, mail_kind, queue_mail
from app.programme.models import Edition
from app.timeutil import utcnow
from app.workgroups.models import WorkgroupOffer


def send_report_reminder(reminder: workgroup_reports.Reminder, edition: Edition) -> None:
    """One mail per facilitator, naming each workgroup with the link to its report."""
    queue_mail(
        "report_reminder",
        reminder.user.email,
        language="nl",
        user_id=reminder.user.id,
        params={"edition_id": edition.id, "offer_ids": [offer.id for offer in reminder.offers]},
    )


@mail_kind("report_reminder", label=_l("Herinnering werkgroepverslag"), reminder=True)
def _render_report_reminder(mail: MailData) -> Composed:
    user = db.session.get(User, mail.user_id) if mail.user_id else None
    edition = db.session.get(Edition, mail.params.get("edition_id"))
    if user is None or edition is None:
        raise MailGone("the facilitator or the edition no longer exists")
    offers = db.session.scalars(
        select(WorkgroupOffer)
        .where(WorkgroupOffer.id.in_(mail.params.get("offer_ids", [])))
        .options(joinedload(WorkgroupOffer.workgroup), joinedload(WorkgroupOffer.location_day))
        .order_by(WorkgroupOffer.id)
    ).all()
    with force_locale(mail.language):
        subject = _("Herinnering: het verslag van uw werkgroep")
    return Composed(
        subject,
        "report_reminder",
        context=dict(
            name=user.name,
            edition=edition,
            offers=[(offer, public_url("report_writer.edit", offer_id=offer.id)) for offer in offers],
            login_url=public_url("accounts.login"),
        ),
    )


def send_reminders(edition: Edition, today: date, now: datetime | None = None, min_days: float = 3) -> int:
    """Remind everyone who is due; returns how many facilitators get a mail (after commit)."""
    now = now or utcnow()
    due = workgroup_reports.reminders_due(edition, today, now, min_days)
    for reminder in due:
        send_report_reminder(reminder, edition)
        workgroup_reports.record_reminder(reminder, now)
    return len(due)
