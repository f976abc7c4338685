"""One mail module for every feature.

    send_mail(to, subject, "registration_confirmed", language="nl",
              attachments=(Attachment("aanmelding.ics", ics_bytes, "text/calendar"),), **context)

renders ``templates/mail/<template_base>.<language>.txt`` (falling back to
``mail/<template_base>.txt``) and, when present, the matching ``.html`` alternative,
under ``flask_babel.force_locale(language)``.

Messages are never sent straight away: they are queued on the database session and go
out only after that session's transaction commits (an ``after_commit`` hook). A rollback
throws the queue away. So a mail never announces something the database does not hold,
and every feature gets that guarantee by calling ``send_mail`` in its service or view
before ``db.session.commit()``.

Delivery: SMTP when ``SMTP_HOST`` is set, otherwise one ``.eml`` file per message in
``MAIL_OUTBOX_DIR``. A message that SMTP refuses after the commit is written to the
outbox's ``failed/`` folder and logged, so it is never silently lost.
"""

from __future__ import annotations

import logging
import smtplib
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from jinja2 import TemplateNotFound
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.common.text import header_safe

log = logging.getLogger(__name__)

QUEUE_KEY = "outgoing_mail"


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str = "application/octet-stream"  # e.g. "text/calendar; method=PUBLISH"


@dataclass(frozen=True)
class Delivery:
    """The settings a message goes out with, taken while the app context is there."""

    smtp_host: str
    smtp_port: int
    smtp_use_tls: bool
    smtp_username: str
    smtp_password: str
    outbox_dir: str

    @classmethod
    def from_config(cls, config) -> Delivery:
        return cls(
            smtp_host=config.get("SMTP_HOST", ""),
            smtp_port=int(config.get("SMTP_PORT", 587)),
            smtp_use_tls=bool(config.get("SMTP_USE_TLS", True)),
            smtp_username=config.get("SMTP_USERNAME", ""),
            smtp_password=config.get("SMTP_PASSWORD", ""),
            outbox_dir=config.get("MAIL_OUTBOX_DIR", ""),
        )


def send_mail(
    to: str,
    subject: str,
    template_base: str,
    attachments: Iterable[Attachment] = (),
    language: str = "nl",
    session: Session | None = None,
    **context,
) -> EmailMessage:
    """Render a message now and queue it to go out after the session commits."""
    message = build_message(to, subject, template_base, attachments, language, **context)
    if session is None:
        from app.extensions import db

        session = db.session()
    session.info.setdefault(QUEUE_KEY, []).append((message, Delivery.from_config(current_app.config)))
    return message


def build_message(
    to: str, subject: str, template_base: str, attachments: Iterable[Attachment] = (), language: str = "nl", **context
) -> EmailMessage:
    language = language if language in ("nl", "en") else "nl"
    with force_locale(language):
        text = _render(template_base, language, "txt", context, required=True)
        html = _render(template_base, language, "html", context, required=False)
        subject = str(subject)
    message = EmailMessage()
    # Header values come from people's input (a city in the subject); a line break there
    # would end the header. Forms refuse them; this keeps older data from breaking mail.
    message["Subject"] = header_safe(subject)
    message["From"] = header_safe(current_app.config["MAIL_SENDER"])
    message["To"] = header_safe(to)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=_domain(current_app.config["MAIL_SENDER"]))
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for attachment in attachments:
        maintype, _, subtype = attachment.mimetype.partition("/")
        subtype, *params = subtype.split(";")
        extra = dict(param.strip().split("=", 1) for param in params if "=" in param)
        message.add_attachment(
            attachment.content,
            maintype=maintype,
            subtype=subtype.strip() or "octet-stream",
            filename=attachment.filename,
            params=extra,
        )
    message["Content-Language"] = language  # after the body: set_content() clears Content-* headers
    return message


def _render(base: str, language: str, extension: str, context: dict, required: bool) -> str | None:
    for name in (f"mail/{base}.{language}.{extension}", f"mail/{base}.{extension}"):
        try:
            return render_template(name, language=language, **context)
        except TemplateNotFound:
            continue
    if required:
        raise TemplateNotFound(f"mail/{base}.{language}.{extension}")
    return None


def _domain(sender: str) -> str:
    address = sender.rsplit("<", 1)[-1].rstrip(">")
    return address.rsplit("@", 1)[-1] or "localhost"


# --- after commit ---------------------------------------------------------------------


def pending(session: Session | None = None) -> list[EmailMessage]:
    """Messages queued on the session, not yet sent (for tests and debugging)."""
    if session is None:
        from app.extensions import db

        session = db.session()
    return [message for message, _ in session.info.get(QUEUE_KEY, [])]


@event.listens_for(Session, "after_commit")
def _send_after_commit(session: Session) -> None:
    queued = session.info.pop(QUEUE_KEY, [])
    for message, delivery in queued:
        deliver(message, delivery)


@event.listens_for(Session, "after_rollback")
def _discard_after_rollback(session: Session) -> None:
    session.info.pop(QUEUE_KEY, None)


def deliver(message: EmailMessage, delivery: Delivery) -> None:
    if delivery.smtp_host:
        try:
            _send_smtp(message, delivery)
        except (OSError, smtplib.SMTPException):
            log.exception("SMTP refused a message to %s; kept in the outbox's failed folder", message["To"])
            _write_eml(message, Path(delivery.outbox_dir or "instance/outbox") / "failed")
        return
    _write_eml(message, Path(delivery.outbox_dir or "instance/outbox"))


def _send_smtp(message: EmailMessage, delivery: Delivery) -> None:
    with smtplib.SMTP(delivery.smtp_host, delivery.smtp_port, timeout=20) as smtp:
        if delivery.smtp_use_tls:
            smtp.starttls()
        if delivery.smtp_username:
            smtp.login(delivery.smtp_username, delivery.smtp_password)
        smtp.send_message(message)


def _write_eml(message: EmailMessage, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(bytes(message))
    return path
