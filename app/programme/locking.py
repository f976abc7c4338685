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
from sqlalchemy import bindparam, select

from app.extensions import db
from app.programme.models import LocationDay

# Built once: a plain Core statement on the table (no ORM entity to set up), so the time
# between the lock and the commit is spent in the database, not in Python.
_CAPACITY = select(LocationDay.__table__.c.capacity).where(LocationDay.__table__.c.id == bindparam("location_id"))
_CAPACITY_LOCKED = _CAPACITY.with_for_update(key_share=True)


def _locking() -> bool:
    return bool(current_app.config.get("LOCATION_LOCKING", True))


def lock_location(location: LocationDay) -> int:
    """Hold the location's row until the transaction ends; its capacity as committed
    (one column: the least work while other requests wait)."""
    statement = _CAPACITY_LOCKED if _locking() else _CAPACITY
    return db.session.execute(statement, {"location_id": location.id}).scalar_one()


def lock_and_reread_location(location: LocationDay) -> LocationDay:
    """The same lock, returning the location re-read as committed (capacity, dates)."""
    statement = select(LocationDay).where(LocationDay.id == location.id).execution_options(populate_existing=True)
    if _locking():
        statement = statement.with_for_update(key_share=True)
    return db.session.scalars(statement).one()
