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

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from jinja2 import TemplateNotFound
from markupsafe import escape

from app.common.text import header_safe
from app.timeutil import to_local


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
    # Reminder kinds: where the person switches these mails off (List-Unsubscribe).
    unsubscribe_url: str | None = None


class MailGone(LookupError):
    """What the message was about no longer exists (e.g. erased): it cannot be sent."""


@dataclass(frozen=True)
class Kind:
    name: str
    label: object  # lazy translated text for the mail log
    render: Callable[[MailData], Composed]
    reminder: bool = False  # not essential: carries List-Unsubscribe


_kinds: dict[str, Kind] = {}


def mail_kind(name: str, label, reminder: bool = False) -> Callable:
    def register(render: Callable[[MailData], Composed]) -> Callable[[MailData], Composed]:
        _kinds[name] = Kind(name, label, render, reminder)
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
    this_kind = kind(mail.kind)
    with force_locale(language):
        composed = this_kind.render(mail)
        text = _render(composed.template, language, "txt", composed.context, required=True) or ""
        html = _render(composed.template, language, "html", composed.context, required=False)
        subject = str(composed.subject)
    if html is None:  # every message has an HTML part: some programs show nothing else well
        html = html_from_text(text, language, subject)
    message = EmailMessage()
    # Header values come from people's input (a city in the subject); a line break there
    # would end the header. Forms refuse them; this keeps older data from breaking mail.
    message["Subject"] = header_safe(subject)
    message["From"] = header_safe(current_app.config["MAIL_SENDER"])
    message["To"] = header_safe(mail.recipient)
    # Amsterdam time with its real offset (+0100 / +0200), not "-0000" (unknown zone).
    message["Date"] = format_datetime(to_local(created_at))
    message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to us
    if this_kind.reminder:
        message["List-Unsubscribe"] = _unsubscribe(composed.unsubscribe_url)
        if composed.unsubscribe_url:
            message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    for attachment in composed.attachments:
        _attach(message, attachment)
    message["Content-Language"] = language  # after the body: set_content() clears Content-* headers
    return message


def _unsubscribe(url: str | None) -> str:
    address = current_app.config["MAIL_SENDER"].rsplit("<", 1)[-1].rstrip(">").strip()
    mailto = f"<mailto:{address}?subject=unsubscribe>"
    return f"<{url}>, {mailto}" if url else mailto


_URL = re.compile(r"https?://[^\s<>\"]+")


def html_from_text(text: str, language: str, subject: str) -> str:
    """The plain text as a small HTML document: escaped, paragraphs kept, links clickable."""

    def paragraph(block: str) -> str:
        escaped = str(escape(block))
        linked = _URL.sub(lambda match: f'<a href="{match.group(0)}">{match.group(0)}</a>', escaped)
        return "<p>" + linked.replace("\n", "<br>\n") + "</p>"

    blocks = [block for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()) if block.strip()]
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}">\n<head><meta charset="utf-8">'
        f"<title>{escape(subject)}</title></head>\n<body>\n"
        + "\n".join(paragraph(block) for block in blocks)
        + "\n</body>\n</html>\n"
    )


def _attach(message: EmailMessage, attachment: Attachment) -> None:
    maintype, _, subtype = attachment.mimetype.partition("/")
    subtype, *params = subtype.split(";")
    extra = dict(param.strip().split("=", 1) for param in params if "=" in param)
    if maintype == "text" and not any(name.lower() == "charset" for name in extra):
        extra["charset"] = "utf-8"  # calendar files are UTF-8 (RFC 5545 §3.1.4)
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
