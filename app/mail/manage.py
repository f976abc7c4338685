"""The mail log for organisers: every message of a location with its state, and sending
failed ones again. Coordinators reach only their own locations, checked on every request."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.accounts.access import managed_location_or_404, organiser_area
from app.extensions import db
from app.mail import outbox
from app.mail.compose import kind_label, kind_names
from app.mail.models import MailStatus, OutgoingMail

bp = Blueprint("mail_log", __name__, url_prefix="/beheer")

STATUS_LABELS = {
    MailStatus.QUEUED.value: _l("In de wachtrij"),
    MailStatus.RETRYING.value: _l("Wordt opnieuw geprobeerd"),
    MailStatus.SENT.value: _l("Verstuurd"),
    MailStatus.FAILED.value: _l("Mislukt"),
}


@bp.app_template_global()
def mail_status_label(status) -> str:
    return str(STATUS_LABELS.get(getattr(status, "value", status), status))


@bp.app_template_global()
def mail_kind_label(kind: str) -> str:
    return kind_label(kind)


def _filters() -> outbox.LogFilters:
    return outbox.LogFilters(
        status=request.args.get("status", "")[:20],
        kind=request.args.get("soort", "")[:60],
        search=request.args.get("zoek", "")[:100],
    )


@bp.route("/locaties/<int:location_id>/e-mails")
@organiser_area
def location_log(location_id: int):
    location = managed_location_or_404(location_id)
    filters = _filters()
    page = db.paginate(outbox.location_log(location.id, filters), per_page=100, error_out=False)
    return render_template(
        "mail/log/location.html",
        location=location,
        page=page,
        filters=filters,
        counts=outbox.status_counts(location.id),
        kinds=[(name, kind_label(name)) for name in kind_names()],
        statuses=STATUS_LABELS,
    )


def _mail_for_manager(mail_id: int) -> OutgoingMail:
    mail = db.get_or_404(OutgoingMail, mail_id)
    if mail.location_day_id is None:
        abort(404)  # not a location's message: not in any location's log
    managed_location_or_404(mail.location_day_id)
    return mail


@bp.route("/e-mails/<int:mail_id>/opnieuw", methods=["POST"])
@organiser_area
def resend(mail_id: int):
    mail = _mail_for_manager(mail_id)
    if outbox.resend(mail):
        db.session.commit()
        flash(_("Het bericht aan %(address)s wordt opnieuw verstuurd.", address=mail.recipient), "success")
    else:
        flash(_("Dit bericht is niet mislukt; er is niets opnieuw verstuurd."), "info")
    return redirect(_back(mail))


@bp.route("/locaties/<int:location_id>/e-mails/opnieuw", methods=["POST"])
@organiser_area
def resend_failed(location_id: int):
    location = managed_location_or_404(location_id)
    count = outbox.resend_failed(location.id)
    db.session.commit()
    flash(_("%(count)s mislukte berichten worden opnieuw verstuurd.", count=count), "success")
    return redirect(url_for("mail_log.location_log", location_id=location.id))


def _back(mail: OutgoingMail) -> str:
    """Back to where the button was: the participant's page or the location's log."""
    if request.form.get("terug") == "aanmelding" and mail.registration_id:
        return url_for("registration_manage.edit", registration_id=mail.registration_id) + "#e-mails"
    return url_for("mail_log.location_log", location_id=mail.location_day_id)
