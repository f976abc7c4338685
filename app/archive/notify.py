"""Mail from the archive: the reminder to facilitators who have not sent their report.

The one place that sends mail for this feature, so that it moves to the mail queue in
one step; `flask archive remind-facilitators` and the organiser's button both call
`send_reminders`.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from app.archive import workgroup_reports
from app.calendar.services import public_url
from app.mail import send_mail
from app.programme.models import Edition
from app.timeutil import utcnow


def send_report_reminder(reminder: workgroup_reports.Reminder, edition: Edition) -> None:
    """One mail per facilitator, naming each workgroup with the link to its report."""
    with force_locale("nl"):
        subject = _("Herinnering: het verslag van uw werkgroep")
    send_mail(
        reminder.user.email,
        subject,
        "report_reminder",
        language="nl",
        name=reminder.user.name,
        edition=edition,
        offers=[(offer, public_url("report_writer.edit", offer_id=offer.id)) for offer in reminder.offers],
        login_url=public_url("accounts.login"),
    )


def send_reminders(edition: Edition, today: date, now: datetime | None = None, min_days: float = 3) -> int:
    """Remind everyone who is due; returns how many facilitators got a mail (after commit)."""
    now = now or utcnow()
    due = workgroup_reports.reminders_due(edition, today, now, min_days)
    for reminder in due:
        send_report_reminder(reminder, edition)
        workgroup_reports.record_reminder(reminder, now)
    return len(due)
