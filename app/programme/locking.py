"""The one lock every feature takes before it counts and decides for a location day:
registrations (seats), the workgroup allocation (one run at a time), paper evaluation
forms (their numbers).

On PostgreSQL this is SELECT ... FOR NO KEY UPDATE on the location's row: concurrent
changes for the same location queue up here, and each sees the others' committed rows
when it counts. ("NO KEY": a registration inserted before the lock holds a key-share lock
on its location through the foreign key; a plain FOR UPDATE would wait for it, a
deadlock.) SQLite ignores the clause: it lets one writer at a time anyway.

LOCATION_LOCKING = False exists only in the test and measurement settings, to show that
the lock is needed (tests/registration/test_registration_concurrency.py, bench/).
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.programme.models import LocationDay


def _locking() -> bool:
    return bool(current_app.config.get("LOCATION_LOCKING", True))


def lock_location(location: LocationDay) -> int:
    """Hold the location's row until the transaction ends; its capacity as committed
    (one column: the least work while other requests wait)."""
    statement = select(LocationDay.capacity).where(LocationDay.id == location.id)
    if _locking():
        statement = statement.with_for_update(key_share=True)
    return db.session.execute(statement).scalar_one()


def lock_and_reread_location(location: LocationDay) -> LocationDay:
    """The same lock, returning the location re-read as committed (capacity, dates)."""
    statement = select(LocationDay).where(LocationDay.id == location.id).execution_options(populate_existing=True)
    if _locking():
        statement = statement.with_for_update(key_share=True)
    return db.session.scalars(statement).one()
