"""Background work: one small API over a real job queue (Huey).

    from app import jobs

    @jobs.job()
    def build_document(build_id: int) -> None: ...      # takes ids and plain values only

    jobs.enqueue(build_document, build.id)               # sent when the transaction commits
    jobs.enqueue_at(moment_utc, build_document, build.id)  # a wake-up at a moment, also after commit
    jobs.enqueue_now(build_document, build.id)           # outside a transaction (CLI, the worker)

    @jobs.periodic(minute="*/5")                         # crontab fields, in UTC
    def tidy_up() -> None: ...

    jobs.schedule(remind, at=jobs.local_moment(day.date, time(10), days_before=1),
                  args=(day.id,), key=f"remind:{day.id}")   # a durable row, same transaction
    jobs.cancel("remind:%d" % day.id)

The queue is the transport and the wake-up; whatever must not be lost lives in a table
written in the same transaction as the change that causes it (mail: app/mail; scheduled
jobs: `ScheduledJob`; documents: app/reports/documents). Periodic sweepers pick up rows
whose queue message was lost. See the README, "Design notes: background work".
"""

from app.jobs.clock import frozen, now
from app.jobs.queue import (
    current_queue,
    enqueue,
    enqueue_at,
    enqueue_now,
    init_app,
    job,
    job_name,
    periodic,
    run_pending,
)
from app.jobs.scheduling import cancel, local_moment, run_due, schedule

__all__ = [
    "cancel",
    "current_queue",
    "enqueue",
    "enqueue_at",
    "enqueue_now",
    "frozen",
    "init_app",
    "job",
    "job_name",
    "local_moment",
    "now",
    "periodic",
    "run_due",
    "run_pending",
    "schedule",
]
