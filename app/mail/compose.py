"""Turning an outbox row into a message, in the worker.

Each feature registers a renderer per kind of mail:

    @mail_kind("registration_confirmed", label=_l("Bevestiging van aanmelding"))
    def confirmed(mail: MailData) -> Composed:
        registration = load(mail.registration_id)       # MailGone when it no longer exists
        return Composed(subject, "registration_confirmed", context={...}, attachments=(...))

A renderer gets plain data (`MailData`: ids and plain values), reads what it needs, and
returns the subject, the template base and its context. `build_message` renders
``templates/mail/<base>.<language>.txt`` (falling back to ``mail/<base>.txt``) and, when
present, the ``.html`` alternative, under ``force_locale(language)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from jinja2 import TemplateNotFound

from app.common.text import header_safe


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str = "application/octet-stream"  # e.g. "text/calendar; method=PUBLISH"


@dataclass(frozen=True)
class MailData:
    """What a renderer gets: the row's ids and plain values, no database object."""

    id: int
    kind: str
    recipient: str
    language: str
    registration_id: int | None = None
    location_day_id: int | None = None
    user_id: int | None = None
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Composed:
    subject: str
    template: str  # base name under templates/mail/
    context: dict[str, Any] = field(default_factory=dict)
    attachments: Iterable[Attachment] = ()


class MailGone(LookupError):
    """What the message was about no longer exists (e.g. erased): it cannot be sent."""


@dataclass(frozen=True)
class Kind:
    name: str
    label: object  # lazy translated text for the mail log
    render: Callable[[MailData], Composed]


_kinds: dict[str, Kind] = {}


def mail_kind(name: str, label) -> Callable:
    def register(render: Callable[[MailData], Composed]) -> Callable[[MailData], Composed]:
        _kinds[name] = Kind(name, label, render)
        return render

    return register


def kind(name: str) -> Kind:
    if name not in _kinds:
        raise LookupError(f"no mail renderer for {name!r}")
    return _kinds[name]


def kind_label(name: str) -> str:
    return str(_kinds[name].label) if name in _kinds else name


def kind_names() -> list[str]:
    return sorted(_kinds)


def new_message_id() -> str:
    return make_msgid(domain=_domain(current_app.config["MAIL_SENDER"]))


def compose(mail: MailData, message_id: str, created_at: datetime) -> EmailMessage:
    """The message for this row, rendered now, with the row's own Message-ID and date."""
    language = mail.language if mail.language in ("nl", "en") else "nl"
    with force_locale(language):
        composed = kind(mail.kind).render(mail)
        text = _render(composed.template, language, "txt", composed.context, required=True)
        html = _render(composed.template, language, "html", composed.context, required=False)
        subject = str(composed.subject)
    message = EmailMessage()
    # Header values come from people's input (a city in the subject); a line break there
    # would end the header. Forms refuse them; this keeps older data from breaking mail.
    message["Subject"] = header_safe(subject)
    message["From"] = header_safe(current_app.config["MAIL_SENDER"])
    message["To"] = header_safe(mail.recipient)
    message["Date"] = format_datetime(created_at.replace(tzinfo=UTC))
    message["Message-ID"] = message_id
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for attachment in composed.attachments:
        _attach(message, attachment)
    message["Content-Language"] = language  # after the body: set_content() clears Content-* headers
    return message


def _attach(message: EmailMessage, attachment: Attachment) -> None:
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
