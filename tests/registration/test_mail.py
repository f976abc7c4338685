"""The one mail module: outbox by default, real SMTP on loopback, only after commit."""

import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller

from app.extensions import db
from app.mail import Attachment, Delivery, deliver, pending, send_mail


class Collector:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, envelope.rcpt_tos, envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def smtp_server(app):
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=_free_port())
    controller.start()
    saved = {key: app.config[key] for key in ("SMTP_HOST", "SMTP_PORT", "SMTP_USE_TLS")}
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port, SMTP_USE_TLS=False)
    yield collector
    app.config.update(saved)
    controller.stop()


def test_smtp_delivery_after_commit_only(app, smtp_server, day, register):
    person = register(commit=False)
    assert smtp_server.messages == []
    db.session.commit()
    [(sender, recipients, content)] = smtp_server.messages
    assert recipients == [person.email] and "noreply@" in sender
    message = email.message_from_bytes(content, policy=policy.default)
    assert "bevestigd" in message["Subject"] and "/aanmelding/" in message.get_body(("plain",)).get_content()


def test_smtp_rollback_sends_nothing(app, smtp_server, day, register):
    register(commit=False)
    db.session.rollback()
    db.session.commit()
    assert smtp_server.messages == []


def test_smtp_failure_keeps_the_message_in_the_outbox(app, tmp_path):
    message = _message(app)
    delivery = Delivery("127.0.0.1", _free_port(), False, "", "", str(tmp_path))  # nothing listens there
    deliver(message, delivery)
    assert len(list((tmp_path / "failed").glob("*.eml"))) == 1


def test_outbox_by_default(app, outbox):
    send_mail("x@example.org", "Onderwerp", "registration_cancelled", **_context())
    assert len(pending()) == 1
    db.session.commit()
    [message] = outbox.messages()
    assert message["Subject"] == "Onderwerp" and message["Content-Language"] == "nl"


def test_attachments_hook_for_calendar_files(app, outbox):
    ics = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    send_mail(
        "x@example.org",
        "Met bijlage",
        "registration_cancelled",
        attachments=(Attachment("dag.ics", ics, "text/calendar; method=PUBLISH"),),
        **_context(),
    )
    db.session.commit()
    [message] = outbox.messages()
    [part] = list(message.iter_attachments())
    assert part.get_filename() == "dag.ics" and part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "PUBLISH"
    assert part.get_content().replace("\r\n", "\n") == ics.decode().replace("\r\n", "\n")


def test_english_template_under_english_locale(app, outbox):
    send_mail("x@example.org", "Subject", "registration_cancelled", language="en", **_context())
    db.session.commit()
    [message] = outbox.messages()
    assert "You have cancelled" in message.get_content() and message["Content-Language"] == "en"


def _context():
    from datetime import date, time
    from types import SimpleNamespace

    day = SimpleNamespace(city="Beilen", date=date(2013, 10, 25), venue="De Dorpshuis", address="", doors_open=time(9))
    return dict(registration=SimpleNamespace(name="Jan"), day=day, by_organiser=False)


def _message(app):
    from app.mail import build_message

    return build_message("x@example.org", "Onderwerp", "registration_cancelled", **_context())
