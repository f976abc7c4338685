"""The adapter between the application and Huey: which storage, which jobs, and sending
a job only when the transaction that asked for it commits.

Storage follows JOB_QUEUE_URL: ``redis://host:6379/0`` in production (several web and
worker processes on several machines), empty for a SQLite file in the instance folder
(a laptop with nothing installed), ``memory://`` in tests (run in-process by
`run_pending`). Messages hold a job's name and plain arguments, never ORM objects.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from flask import Flask, current_app
from huey import MemoryHuey, RedisHuey, SqliteHuey, crontab
from huey.api import Huey
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.extensions import db

log = logging.getLogger(__name__)

PENDING = "jobs.pending"  # session.info key: (name, args, eta) to send after the commit

_jobs: dict[str, Callable] = {}
_periodic: dict[str, dict] = {}


def job_name(function: Callable) -> str:
    return getattr(function, "job_name", None) or f"{function.__module__}.{function.__qualname__}"


def job(name: str | None = None) -> Callable:
    """Register a function as a job. It stays an ordinary function (tests call it)."""

    def register(function: Callable) -> Callable:
        setattr(function, "job_name", name or job_name(function))  # noqa: B010 - a function attribute
        _jobs[job_name(function)] = function
        return function

    return register


def periodic(**cron: str) -> Callable:
    """Register a job that every worker's scheduler starts at the crontab moments (UTC),
    e.g. ``@periodic(minute="*")``. Periodic jobs must be safe to run twice at once:
    with several worker machines, each one's scheduler starts them."""

    def register(function: Callable) -> Callable:
        job()(function)
        _periodic[job_name(function)] = cron
        return function

    return register


class JobQueue:
    """The Huey instance of one application, with every registered job bound to it."""

    def __init__(self, app: Flask):
        self.app = app
        self.huey = _create_huey(app)
        self.polls = isinstance(self.huey, SqliteHuey)  # no blocking read: poll the file
        self._tasks: dict[str, object] = {}

    def task(self, name: str):
        if name not in self._tasks:
            function = _jobs.get(name)
            if function is None:
                raise LookupError(f"no job named {name!r}")
            run = _in_app_context(self.app, function)
            if name in _periodic:
                self._tasks[name] = self.huey.periodic_task(crontab(**_periodic[name]), name=name)(run)
            else:
                self._tasks[name] = self.huey.task(name=name)(run)
        return self._tasks[name]

    def bind_all(self) -> None:
        for name in list(_jobs):
            self.task(name)

    def send(self, name: str, args: tuple, eta: datetime | None = None) -> None:
        task = self.task(name)
        if eta is None:
            task(*args)
        else:  # Huey reads a naive eta as local time: hand it an aware UTC moment
            task.schedule(args=args, eta=eta.replace(tzinfo=UTC))


def _in_app_context(app: Flask, function: Callable) -> Callable:
    """Each run gets its own application context, so its own database session, which is
    closed (and rolled back if unfinished) when the job ends."""

    def run(*args):
        with app.app_context():
            return function(*args)

    run.__name__ = function.__name__
    return run


def _create_huey(app: Flask) -> Huey:
    url = app.config.get("JOB_QUEUE_URL") or ""
    name = app.config.get("JOB_QUEUE_NAME") or "alliantiedagen"
    options = dict(results=False, utc=True)
    if url.startswith("memory:"):
        return MemoryHuey(name, **options)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(name, url=url, **options)
    if url.startswith("sqlite:///"):
        filename = url.removeprefix("sqlite:///")
    elif not url:
        filename = str(Path(app.instance_path) / "jobs.sqlite3")
    else:
        raise RuntimeError(f"JOB_QUEUE_URL {url!r}: use redis://…, sqlite:///path, memory:// or leave it empty")
    Path(filename).parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(name, filename=filename, **options)


def init_app(app: Flask) -> None:
    app.extensions["jobs"] = JobQueue(app)


def current_queue() -> JobQueue:
    return current_app.extensions["jobs"]


# --- sending: after the commit -----------------------------------------------------------


def enqueue(function: Callable, *args, session: Session | None = None) -> None:
    """Send the job when the session's transaction commits; a rollback drops it. The same
    call asked twice in one transaction is sent once."""
    _remember(function, args, None, session)


def enqueue_at(moment: datetime, function: Callable, *args, session: Session | None = None) -> None:
    """Send the job to run at `moment` (naive UTC) after the commit. A wake-up, not a
    promise: keep the work itself in a table (or use `schedule`) if it must survive a
    lost queue."""
    _remember(function, args, moment, session)


def enqueue_now(function: Callable, *args, eta: datetime | None = None) -> None:
    """Send at once, outside any transaction (commands, the worker itself)."""
    current_queue().send(job_name(function), _plain(args), eta)


def _remember(function: Callable, args: tuple, eta: datetime | None, session: Session | None) -> None:
    if session is None:
        session = db.session()
    call = (job_name(function), _plain(args), eta)
    if not session.in_transaction():
        session.begin()  # so that a rollback, even of an untouched session, drops the job
    pending = session.info.setdefault(PENDING, [])
    if call not in pending:
        pending.append(call)


def _plain(args: tuple) -> tuple:
    """Jobs take ids and plain values: a model object here is a bug."""
    for value in args:
        if not isinstance(value, str | int | float | bool | type(None) | date | datetime | tuple | list | dict):
            raise TypeError(f"job arguments must be plain values, not {type(value).__name__}")
    return tuple(args)


@event.listens_for(Session, "after_commit")
def _send_after_commit(session: Session) -> None:
    calls = session.info.pop(PENDING, [])
    if not calls:
        return
    queue = current_queue()
    for name, args, eta in calls:
        try:
            queue.send(name, args, eta)
        except Exception:  # noqa: BLE001 - the data are committed; a sweeper finds the work
            log.exception("could not send job %s to the queue; the periodic sweep picks it up", name)


@event.listens_for(Session, "after_soft_rollback")
def _drop_after_rollback(session: Session, previous_transaction) -> None:
    # "soft": also when the transaction had not touched the database yet.
    if not previous_transaction.nested:
        session.info.pop(PENDING, None)


# --- in-process running, for tests ------------------------------------------------------


def run_pending(limit: int = 1000) -> int:
    """Run what is in the queue now (and scheduled wake-ups that are due), here, one by
    one, as a worker would. For tests on the in-memory queue; returns the number run."""
    huey = current_queue().huey
    done = 0
    while done < limit:
        for task in huey.read_schedule():
            huey.enqueue(task)
        task = huey.dequeue()
        if task is None:
            break
        huey.execute(task)
        done += 1
    if done:
        db.session.expire_all()  # the caller's session sees what the jobs committed
    return done
