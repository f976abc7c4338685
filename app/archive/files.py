"""Stored files that follow the database transaction.

A file is written to the storage before its row is committed; if the transaction rolls
back, the file is removed again. A file whose row is deleted is removed only after the
commit, so a rolled-back delete keeps it. The same after-commit pattern as app/mail.py.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from typing import BinaryIO

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.extensions import db
from app.storage import Storage, StorageError, get_storage

log = logging.getLogger(__name__)

WRITTEN = "archive_written_keys"
DOOMED = "archive_doomed_keys"


def new_key(folder: str, location_id: int, suffix: str) -> str:
    """'photos/12/3f9c…-web.jpg': made here, never from a user's file name."""
    return f"{folder}/{location_id}/{uuid.uuid4().hex}{suffix}"


def store(key: str, data: bytes | BinaryIO, content_type: str) -> int:
    """Write now; removed again if the current transaction rolls back."""
    storage = get_storage()
    size = storage.put(key, data, content_type)
    session = db.session()
    session.info.setdefault(WRITTEN, []).append((storage, key))
    return size


def discard(key: str | None) -> None:
    """Remove after the current transaction commits."""
    if key:
        db.session().info.setdefault(DOOMED, []).append((get_storage(), key))


def sha256_of(stream: BinaryIO) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    while chunk := stream.read(1024 * 1024):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def _delete_all(entries: list[tuple[Storage, str]]) -> None:
    for storage, key in entries:
        try:
            storage.delete(key)
        except StorageError:  # the row is gone either way; an orphan file is only space
            log.exception("could not delete stored file %s", key)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    session.info.pop(WRITTEN, None)
    _delete_all(session.info.pop(DOOMED, []))


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(DOOMED, None)
    _delete_all(session.info.pop(WRITTEN, []))
