"""Writing to the outbox, and what organisers and privacy rules do with its rows."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, delete, func, insert, select, update

from app import jobs
from app.extensions import db, rows_matched
from app.mail import compose
from app.mail.models import UNSENT, MailStatus, OutgoingMail


def queue_mail(
    kind: str,
    to: str,
    *,
    language: str = "nl",
    registration_id: int | None = None,
    location_day_id: int | None = None,
    user_id: int | None = None,
    params: dict | None = None,
    not_before: datetime | None = None,
) -> OutgoingMail:
    """Add a message to the outbox in the current transaction (one INSERT at the flush).

    `params` are plain values fixed now (a waiting-list position, a flag); everything
    else the renderer reads by id when the worker sends. `not_before` (naive UTC) holds
    the message until then."""
    mail = OutgoingMail(
        **_row(kind, to, language, registration_id, location_day_id, user_id, params, not_before),
        attempts=0,
        last_error="",
    )
    db.session.add(mail)
    _wake_worker(not_before)
    return mail


def insert_mail(
    kind: str,
    to: str,
    *,
    language: str = "nl",
    registration_id: int | None = None,
    location_day_id: int | None = None,
    params: dict | None = None,
) -> None:
    """The same outbox row as `queue_mail`, written at once by one plain INSERT, without
    an ORM object: for the registration post, where it is written with the location's
    lock held and the unit of work would only add time there."""
    db.session.execute(
        _INSERT, _row(kind, to, language, registration_id, location_day_id, None, params, None) | _INSERT_DEFAULTS
    )
    _wake_worker(None)


def _row(kind, to, language, registration_id, location_day_id, user_id, params, not_before) -> dict:
    compose.kind(kind)  # a typo fails here, in the caller's test, not in the worker
    params = dict(params or {})
    json.dumps(params)  # plain values only
    return {
        "kind": kind,
        "recipient": to,
        "language": language if language in ("nl", "en") else "nl",
        "registration_id": registration_id,
        "location_day_id": location_day_id,
        "user_id": user_id,
        "params": params,
        "message_id": compose.new_message_id(),
        "status": MailStatus.QUEUED,
        "due_at": not_before or jobs.now(),
    }


_INSERT = insert(cast(Table, OutgoingMail.__table__))
_INSERT_DEFAULTS = {"attempts": 0, "last_error": ""}


def _wake_worker(at: datetime | None = None) -> None:
    from app.mail.delivery import deliver_mail  # delivery imports this module

    if at is not None and at > jobs.now():
        jobs.enqueue_at(at, deliver_mail)
    else:
        jobs.enqueue(deliver_mail)


# --- privacy ---------------------------------------------------------------------------


def forget_registration(registration_id: int) -> None:
    """Erasure: the registration's messages go with it (the foreign key cascades too;
    this also holds where the database does not enforce it)."""
    db.session.execute(delete(OutgoingMail).where(OutgoingMail.registration_id == registration_id))


def anonymise_registrations(registration_ids: Sequence[int]) -> None:
    """Anonymising an edition: unsent messages are dropped, the log keeps the rest
    without an address or plain values."""
    if not registration_ids:
        return
    ids = list(registration_ids)
    db.session.execute(
        delete(OutgoingMail).where(OutgoingMail.registration_id.in_(ids), OutgoingMail.status.in_(UNSENT))
    )
    db.session.execute(
        update(OutgoingMail)
        .where(OutgoingMail.registration_id.in_(ids))
        .values(recipient="", params={}, last_error="")
        .execution_options(synchronize_session=False)
    )


# --- the mail log ----------------------------------------------------------------------


@dataclass(frozen=True)
class LogFilters:
    status: str = ""
    kind: str = ""
    search: str = ""


def location_log(location_day_id: int, filters: LogFilters = LogFilters()):
    """The query behind a location's mail log, newest first."""
    query = select(OutgoingMail).where(OutgoingMail.location_day_id == location_day_id)
    if filters.status in {status.value for status in MailStatus}:
        query = query.where(OutgoingMail.status == MailStatus(filters.status))
    if filters.kind in compose.kind_names():
        query = query.where(OutgoingMail.kind == filters.kind)
    text = filters.search.strip().lower()
    if text:
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(func.lower(OutgoingMail.recipient).like(f"%{escaped}%", escape="\\"))
    return query.order_by(OutgoingMail.created_at.desc(), OutgoingMail.id.desc())


def status_counts(location_day_id: int) -> dict[str, int]:
    rows = db.session.execute(
        select(OutgoingMail.status, func.count())
        .where(OutgoingMail.location_day_id == location_day_id)
        .group_by(OutgoingMail.status)
    )
    counts = {status.value: 0 for status in MailStatus}
    for status, number in rows:
        counts[MailStatus(status).value] = number
    return counts


def registration_log(registration_id: int) -> list[OutgoingMail]:
    return list(
        db.session.scalars(
            select(OutgoingMail)
            .where(OutgoingMail.registration_id == registration_id)
            .order_by(OutgoingMail.created_at.desc(), OutgoingMail.id.desc())
        )
    )


def resend(mail: OutgoingMail) -> bool:
    """A failed message gets a new series of attempts (same Message-ID). False when it
    was not failed."""
    if mail.status != MailStatus.FAILED:
        return False
    mail.status = MailStatus.QUEUED
    mail.attempts = 0
    mail.due_at = jobs.now()
    mail.lease_owner = mail.lease_until = None
    _wake_worker()
    return True


def resend_failed(location_day_id: int) -> int:
    requeued = rows_matched(
        update(OutgoingMail)
        .where(OutgoingMail.location_day_id == location_day_id, OutgoingMail.status == MailStatus.FAILED)
        .values(status=MailStatus.QUEUED, attempts=0, due_at=jobs.now(), lease_owner=None, lease_until=None)
        .execution_options(synchronize_session=False)
    )
    if requeued:
        _wake_worker()
    return requeued
