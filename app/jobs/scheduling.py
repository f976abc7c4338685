"""Jobs at a moment: "the day before the location day, 10:00 Europe/Amsterdam".

`schedule()` writes a `ScheduledJob` row in the caller's transaction and, after the
commit, asks the queue for a wake-up at that moment. The row is the truth: a periodic
sweep (every minute, on every worker) runs due rows whose wake-up was lost, so a job runs
at its moment or within a minute of it. A row is claimed with a lease before it runs, so
two workers never run it together; a worker that dies mid-run leaves the lease to expire
and the job runs again (at least once: scheduled jobs must be safe to repeat).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import delete, or_, select, update

from app.extensions import db
from app.jobs import clock
from app.jobs.models import ScheduledJob
from app.jobs.queue import _jobs, _plain, enqueue_at, job, job_name, periodic
from app.timeutil import local_to_utc

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def local_moment(day: date, at: time, days_before: int = 0) -> datetime:
    """Amsterdam wall-clock time on `day` minus `days_before` days, as naive UTC.

    Summer and winter time are those of that date, not of today: 10:00 the day before
    27 October 2013 is 08:00 UTC (CEST), the day before 28 October it is 09:00 UTC (CET)."""
    return local_to_utc(day - timedelta(days=days_before), at)


def schedule(function: Callable, at: datetime, args: Iterable = (), key: str | None = None) -> ScheduledJob:
    """Run `function(*args)` at `at` (naive UTC, or aware). With a key, an existing row of
    that key is moved (and runs again if it had run); without, a new row is added."""
    at = at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo else at
    row = db.session.scalar(select(ScheduledJob).where(ScheduledJob.key == key)) if key else None
    if row is None:
        row = ScheduledJob(key=key)
        db.session.add(row)
    row.name = job_name(function)
    if row.name not in _jobs:
        raise LookupError(f"{row.name} is not a registered job (decorate it with @jobs.job())")
    row.args = list(_plain(tuple(args)))
    row.run_at = at
    row.status = "scheduled"
    row.attempts = 0
    row.last_error = ""
    row.lease_until = None
    row.finished_at = None
    enqueue_at(at, run_scheduled)
    return row


def cancel(key: str) -> bool:
    """Drop the job of this key unless it has run; True when there was one to drop."""
    result = db.session.execute(delete(ScheduledJob).where(ScheduledJob.key == key, ScheduledJob.status == "scheduled"))
    return bool(result.rowcount)


@job()
def run_scheduled() -> int:
    """The wake-up sent for a scheduled moment: runs whatever is due by now."""
    return run_due()


@periodic(minute="*")
def sweep_scheduled() -> int:
    return run_due()


def run_due(now: datetime | None = None, limit: int = 100) -> int:
    """Run every due scheduled job (claimed first, so never twice at once); returns the
    number run. `now` defaults to the job clock (`jobs.frozen` in tests)."""
    now = now or clock.now()
    ran = 0
    for job_id in _claim(now, limit):
        ran += _run_one(job_id, now)
    return ran


def _claim(now: datetime, limit: int) -> list[int]:
    lease = timedelta(seconds=float(current_app.config.get("JOB_LEASE_SECONDS", 600)))
    due = (
        select(ScheduledJob.id)
        .where(
            ScheduledJob.status == "scheduled",
            ScheduledJob.run_at <= now,
            or_(ScheduledJob.lease_until.is_(None), ScheduledJob.lease_until < now),
        )
        .order_by(ScheduledJob.run_at, ScheduledJob.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    ids = list(
        db.session.scalars(
            update(ScheduledJob)
            .where(ScheduledJob.id.in_(due.scalar_subquery()))
            .values(lease_until=now + lease)
            .returning(ScheduledJob.id)
            .execution_options(synchronize_session=False)
        )
    )
    db.session.commit()
    return sorted(ids)


def _run_one(job_id: int, now: datetime) -> int:
    row = db.session.get(ScheduledJob, job_id)
    name, args = row.name, tuple(row.args or ())
    function = _jobs.get(name)
    try:
        if function is None:
            raise LookupError(f"no job named {name!r} (removed from the code?)")
        function(*args)
    except Exception as error:  # noqa: BLE001 - recorded on the row and retried
        log.exception("scheduled job %s (%s) failed", job_id, name)
        db.session.rollback()
        _failed(job_id, now, error)
        return 0
    db.session.execute(
        update(ScheduledJob)
        .where(ScheduledJob.id == job_id)
        .values(status="done", finished_at=clock.now(), lease_until=None, attempts=ScheduledJob.attempts + 1)
    )
    db.session.commit()
    return 1


def _failed(job_id: int, now: datetime, error: Exception) -> None:
    row = db.session.get(ScheduledJob, job_id)
    if row is None:
        return
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    row.lease_until = None
    if row.attempts >= MAX_ATTEMPTS:
        row.status = "failed"
        row.finished_at = now
    else:
        row.run_at = now + timedelta(minutes=2 ** (row.attempts - 1))
        enqueue_at(row.run_at, run_scheduled)
    db.session.commit()
