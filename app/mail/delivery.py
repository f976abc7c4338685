"""Sending the outbox: the worker's side.

`deliver_due()` claims a batch of due rows with a lease (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, so two workers never claim the same row), renders each message, sends the
batch over one SMTP connection, and commits "sent" right after each message's 250. A
failed attempt is counted and the row waits (exponential backoff, with jitter) until
MAIL_MAX_ATTEMPTS, after which it is marked failed, never dropped.

What cannot be promised: a worker killed after the server's 250 but before its commit
leaves the row unsent, and a later attempt sends it again, with the same Message-ID
(the window is one round trip to the database per message). Without SMTP_HOST each
message is written once to MAIL_OUTBOX_DIR under a name fixed by its row, so a repeat
replaces the file instead of adding one.
"""

from __future__ import annotations

import logging
import os
import random
import smtplib
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

from flask import current_app
from sqlalchemy import func, or_, select, update

from app import jobs
from app.extensions import db
from app.mail import compose
from app.mail.models import UNSENT, MailStatus, OutgoingMail

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    smtp_host: str
    smtp_port: int
    smtp_use_tls: bool
    smtp_username: str
    smtp_password: str
    outbox_dir: str
    batch_size: int
    max_attempts: int
    retry_seconds: float
    retry_max_seconds: float
    lease_seconds: float
    timeout: float

    @classmethod
    def from_config(cls, config) -> Settings:
        return cls(
            smtp_host=config.get("SMTP_HOST", ""),
            smtp_port=int(config.get("SMTP_PORT", 587)),
            smtp_use_tls=bool(config.get("SMTP_USE_TLS", True)),
            smtp_username=config.get("SMTP_USERNAME", ""),
            smtp_password=config.get("SMTP_PASSWORD", ""),
            outbox_dir=config.get("MAIL_OUTBOX_DIR") or "instance/outbox",
            batch_size=int(config.get("MAIL_BATCH_SIZE", 50)),
            max_attempts=int(config.get("MAIL_MAX_ATTEMPTS", 10)),
            retry_seconds=float(config.get("MAIL_RETRY_SECONDS", 60)),
            retry_max_seconds=float(config.get("MAIL_RETRY_MAX_SECONDS", 4 * 3600)),
            lease_seconds=float(config.get("MAIL_LEASE_SECONDS", 300)),
            timeout=float(config.get("SMTP_TIMEOUT", 20)),
        )


class ConnectionFailed(Exception):
    """The server cannot be reached or dropped us: the rest of the batch waits too."""


# --- jobs -----------------------------------------------------------------------------


@jobs.job()
def deliver_mail() -> int:
    """The wake-up sent after every commit that queued mail."""
    return deliver_due()


@jobs.periodic(minute="*")
def sweep_mail() -> int:
    """Every minute on every worker: send what is due but whose wake-up was lost (a
    process killed after its commit, a lost queue), and wake up again when a lease
    left by a killed worker runs out."""
    sent = deliver_due()
    _wake_at_next_lease_end()
    return sent


def _wake_at_next_lease_end() -> None:
    now = jobs.now()
    soonest = db.session.scalar(
        select(func.min(OutgoingMail.lease_until)).where(
            OutgoingMail.status.in_(UNSENT), OutgoingMail.lease_until > now
        )
    )
    if soonest is not None and soonest < now + timedelta(minutes=1):
        jobs.enqueue_now(deliver_mail, eta=soonest + timedelta(milliseconds=100))


# --- one pass -------------------------------------------------------------------------


def deliver_due(settings: Settings | None = None) -> int:
    """Send every due message, a batch (one connection) at a time; returns the number sent."""
    settings = settings or Settings.from_config(current_app.config)
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    sent = 0
    while True:
        batch = claim(owner, settings)
        if not batch:
            return sent
        sent += send_batch(batch, owner, settings)


def claim(owner: str, settings: Settings) -> list[int]:
    """Lease up to a batch of due rows to `owner` and commit, so the claim is visible."""
    now = jobs.now()
    due = (
        select(OutgoingMail.id)
        .where(
            OutgoingMail.status.in_(UNSENT),
            OutgoingMail.due_at <= now,
            or_(OutgoingMail.lease_until.is_(None), OutgoingMail.lease_until < now),
        )
        .order_by(OutgoingMail.due_at, OutgoingMail.id)
        .limit(settings.batch_size)
        .with_for_update(skip_locked=True)
    )
    ids = db.session.scalars(
        update(OutgoingMail)
        .where(OutgoingMail.id.in_(due.scalar_subquery()))
        .values(lease_owner=owner, lease_until=now + timedelta(seconds=settings.lease_seconds))
        .returning(OutgoingMail.id)
        .execution_options(synchronize_session=False)
    ).all()
    db.session.commit()
    return sorted(ids)


def send_batch(ids: list[int], owner: str, settings: Settings) -> int:
    sent = 0
    with _transport(settings) as transport:
        for position, mail_id in enumerate(ids):
            mail = db.session.get(OutgoingMail, mail_id)
            if mail is None or not _still_ours(mail, owner, settings):
                continue  # erased meanwhile, or (after a very long batch) taken over
            message = _composed(mail)
            if message is None:
                continue
            try:
                transport.send(message, mail)
            except ConnectionFailed as error:
                _attempt_failed(ids[position:], error, settings)
                return sent
            except (smtplib.SMTPException, OSError) as error:
                _attempt_failed([mail_id], error, settings, permanent=_permanent(error))
                continue
            _mark_sent(mail_id)
            sent += 1
    return sent


def _still_ours(mail: OutgoingMail, owner: str, settings: Settings) -> bool:
    """Past half the lease, renew it, and check nobody took the row over meanwhile."""
    now = jobs.now()
    if (
        mail.lease_owner == owner
        and mail.lease_until
        and mail.lease_until - now > timedelta(seconds=settings.lease_seconds / 2)
    ):
        return mail.status in UNSENT
    renewed = db.session.execute(
        update(OutgoingMail)
        .where(OutgoingMail.id == mail.id, OutgoingMail.lease_owner == owner, OutgoingMail.status.in_(UNSENT))
        .values(lease_until=now + timedelta(seconds=settings.lease_seconds))
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return bool(renewed)


def _composed(mail: OutgoingMail) -> EmailMessage | None:
    data = compose.MailData(
        id=mail.id,
        kind=mail.kind,
        recipient=mail.recipient,
        language=mail.language,
        registration_id=mail.registration_id,
        location_day_id=mail.location_day_id,
        user_id=mail.user_id,
        params=dict(mail.params or {}),
    )
    try:
        return compose.compose(data, mail.message_id, mail.created_at)
    except compose.MailGone as error:
        _attempt_failed([mail.id], error, Settings.from_config(current_app.config), permanent=True)
    except Exception as error:  # noqa: BLE001 - a rendering bug costs this message an attempt, not the batch
        log.exception("mail %s (%s) could not be rendered", mail.id, mail.kind)
        db.session.rollback()
        _attempt_failed([mail.id], error, Settings.from_config(current_app.config))
    return None


def _mark_sent(mail_id: int) -> None:
    db.session.execute(
        update(OutgoingMail)
        .where(OutgoingMail.id == mail_id)
        .values(
            status=MailStatus.SENT,
            sent_at=jobs.now(),
            attempts=OutgoingMail.attempts + 1,
            last_error="",
            lease_owner=None,
            lease_until=None,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()  # right after the 250: the window for a repeat is this commit


def _attempt_failed(ids: list[int], error: Exception, settings: Settings, permanent: bool = False) -> None:
    now = jobs.now()
    text = f"{type(error).__name__}: {error}"[:2000]
    wake: datetime | None = None
    for mail in db.session.scalars(select(OutgoingMail).where(OutgoingMail.id.in_(ids))):
        mail.attempts += 1
        mail.last_error = text
        mail.lease_owner = mail.lease_until = None
        if permanent or mail.attempts >= settings.max_attempts:
            mail.status = MailStatus.FAILED
            log.warning("mail %s (%s) failed for good after %s attempts: %s", mail.id, mail.kind, mail.attempts, text)
        else:
            mail.status = MailStatus.RETRYING
            mail.due_at = now + timedelta(seconds=backoff(mail.attempts, settings))
            wake = mail.due_at if wake is None else min(wake, mail.due_at)
    if wake is not None:
        jobs.enqueue_at(wake, deliver_mail)
    db.session.commit()


def backoff(attempts: int, settings: Settings) -> float:
    """60 s, 2 min, 4 min, … up to 4 h (settings), each ±10% so retries spread out."""
    delay = min(settings.retry_seconds * 2 ** (attempts - 1), settings.retry_max_seconds)
    return delay * random.uniform(0.9, 1.1)


def _permanent(error: Exception) -> bool:
    """A 5xx answer about this message (unknown recipient, refused content) will not
    change by trying again; 4xx and network trouble may."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    code = getattr(error, "smtp_code", None)
    return isinstance(code, int) and code >= 500


# --- transports -----------------------------------------------------------------------


class SmtpTransport:
    """One connection for the whole batch, opened at the first message."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        settings = self.settings
        try:
            connection = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.timeout)
            if settings.smtp_use_tls:
                connection.starttls()
            if settings.smtp_username:
                connection.login(settings.smtp_username, settings.smtp_password)
        except (smtplib.SMTPException, OSError) as error:
            raise ConnectionFailed(f"{type(error).__name__}: {error}") from error
        return connection

    def send(self, message: EmailMessage, mail: OutgoingMail) -> None:
        if self.connection is None:
            self.connection = self._connect()
        try:
            self.connection.send_message(message, to_addrs=[mail.recipient])
        except (smtplib.SMTPServerDisconnected, TimeoutError, ConnectionError) as error:
            self.connection = None
            raise ConnectionFailed(f"{type(error).__name__}: {error}") from error

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                pass


class FolderTransport:
    """Without SMTP: one .eml per row in MAIL_OUTBOX_DIR, named by the row (created
    time, then id), written atomically, so a repeat overwrites instead of adding."""

    def __init__(self, settings: Settings):
        self.folder = Path(settings.outbox_dir)

    def send(self, message: EmailMessage, mail: OutgoingMail) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{mail.created_at:%Y%m%dT%H%M%S%f}-{mail.id:09d}.eml"
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_bytes(bytes(message))
        os.replace(temporary, path)

    def close(self) -> None:
        pass


@contextmanager
def _transport(settings: Settings) -> Iterator[SmtpTransport | FolderTransport]:
    transport = SmtpTransport(settings) if settings.smtp_host else FolderTransport(settings)
    try:
        yield transport
    finally:
        transport.close()
