"""The job API: enqueue after the commit, plain arguments only, and scheduled jobs at an
Amsterdam wall-clock moment that run once, on time, under a clock the test controls."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from app import jobs
from app.extensions import db
from app.jobs.models import ScheduledJob
from app.programme.models import LocationDay

ran: list[tuple] = []


@jobs.job()
def remember(*values) -> None:
    ran.append(values)


@jobs.job()
def remind_location(location_id: int) -> None:
    """What a reminder rule would do: read the location by id when it runs."""
    location = db.session.get(LocationDay, location_id)
    ran.append(("reminder", location.city))


failures = {"left": 0}


@jobs.job()
def flaky() -> None:
    if failures["left"] > 0:
        failures["left"] -= 1
        raise RuntimeError("the mail server said no")
    ran.append(("flaky",))


@pytest.fixture(autouse=True)
def _clean():
    ran.clear()
    yield
    ran.clear()


def test_a_job_is_sent_when_the_transaction_commits(app):
    jobs.enqueue(remember, 1, "a")
    jobs.enqueue(remember, 1, "a")  # asked twice in one transaction: sent once
    assert jobs.run_pending() == 0  # nothing before the commit
    db.session.commit()
    assert jobs.run_pending() == 1 and ran == [(1, "a")]


def test_a_rolled_back_transaction_sends_no_job(app):
    jobs.enqueue(remember, 2)
    db.session.rollback()
    db.session.commit()
    assert jobs.run_pending() == 0 and ran == []


def test_jobs_take_plain_values_not_database_objects(app, make_edition):
    with pytest.raises(TypeError):
        jobs.enqueue(remember, make_edition())


@pytest.mark.parametrize(
    ("day", "utc"),
    [
        (date(2013, 10, 27), datetime(2013, 10, 26, 8, 0)),  # the day before is summer time (CEST)
        (date(2013, 10, 28), datetime(2013, 10, 27, 9, 0)),  # the day before is winter time (CET)
        (date(2014, 3, 30), datetime(2014, 3, 29, 9, 0)),  # the day before the clocks go forward
        (date(2014, 3, 31), datetime(2014, 3, 30, 8, 0)),  # the day they went forward
    ],
)
def test_the_day_before_at_ten_in_amsterdam_follows_summer_and_winter_time(day, utc):
    assert jobs.local_moment(day, time(10), days_before=1) == utc


def test_a_scheduled_job_runs_once_at_its_moment_and_not_before(app, make_edition, make_location):
    beilen = make_location(make_edition(), "Beilen", date=date(2013, 10, 28))
    moment = jobs.local_moment(beilen.date, time(10), days_before=1)  # 27 Oct 10:00 CET = 09:00 UTC
    jobs.schedule(remind_location, at=moment, args=(beilen.id,), key=f"reminder:{beilen.id}")
    db.session.commit()
    assert jobs.run_due(now=moment - timedelta(seconds=1)) == 0 and ran == []
    assert jobs.run_due(now=moment) == 1 and ran == [("reminder", "Beilen")]
    assert jobs.run_due(now=moment + timedelta(hours=1)) == 0  # done: never again
    row = db.session.scalar(select(ScheduledJob))
    assert (row.status, row.attempts) == ("done", 1)


def test_the_frozen_clock_drives_the_sweep(app):
    moment = datetime(2013, 10, 3, 8, 0)
    jobs.schedule(remember, at=moment, args=("op tijd",))
    db.session.commit()
    with jobs.frozen(moment - timedelta(minutes=1)):
        assert jobs.run_due() == 0
    with jobs.frozen(moment):
        assert jobs.run_due() == 1
    assert ran == [("op tijd",)]


def test_rescheduling_a_key_moves_the_job_and_cancel_drops_it(app):
    first = datetime(2013, 10, 3, 8, 0)
    jobs.schedule(remember, at=first, args=("a",), key="herinnering")
    db.session.commit()
    later = first + timedelta(days=2)
    jobs.schedule(remember, at=later, args=("b",), key="herinnering")  # the day moved
    db.session.commit()
    assert db.session.scalar(select(db.func.count()).select_from(ScheduledJob)) == 1
    assert jobs.run_due(now=first + timedelta(hours=1)) == 0
    assert jobs.cancel("herinnering") is True
    db.session.commit()
    assert jobs.run_due(now=later) == 0 and ran == []


def test_an_aware_moment_is_stored_as_utc(app):
    from zoneinfo import ZoneInfo

    row = jobs.schedule(remember, at=datetime(2013, 10, 3, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam")))
    assert row.run_at == datetime(2013, 10, 3, 8, 0)


def test_a_failing_scheduled_job_is_retried_with_backoff_then_marked_failed(app):
    failures["left"] = 2
    moment = datetime(2013, 10, 3, 8, 0)
    jobs.schedule(flaky, at=moment)
    db.session.commit()
    assert jobs.run_due(now=moment) == 0
    row = db.session.scalar(select(ScheduledJob))
    assert (row.status, row.attempts, row.run_at) == ("scheduled", 1, moment + timedelta(minutes=1))
    assert "mail server said no" in row.last_error
    assert jobs.run_due(now=moment + timedelta(seconds=30)) == 0  # waits for its turn
    assert jobs.run_due(now=moment + timedelta(minutes=1)) == 0  # fails again: 2 minutes
    assert jobs.run_due(now=moment + timedelta(minutes=3)) == 1 and ran == [("flaky",)]

    failures["left"] = 99
    jobs.schedule(flaky, at=moment, key="altijd-mis")
    db.session.commit()
    for minutes in (0, 1, 3, 7, 15, 31):
        jobs.run_due(now=moment + timedelta(minutes=minutes))
    row = db.session.scalar(select(ScheduledJob).where(ScheduledJob.key == "altijd-mis"))
    assert (row.status, row.attempts) == ("failed", 5)


def test_two_sweeps_at_once_run_a_job_once(app):
    """The claim (a lease, FOR UPDATE SKIP LOCKED on PostgreSQL) is taken before running."""
    moment = datetime(2013, 10, 3, 8, 0)
    jobs.schedule(remember, at=moment, args=("een keer",))
    db.session.commit()
    from app.jobs.scheduling import _claim

    assert len(_claim(moment, 10)) == 1
    assert jobs.run_due(now=moment) == 0  # the other sweep finds it claimed
    assert jobs.run_due(now=moment + timedelta(minutes=11)) == 1  # the first died: lease over
    assert ran == [("een keer",)]


def test_every_periodic_sweep_is_registered_with_the_worker(app):
    from app.jobs.queue import _periodic

    queue = jobs.current_queue()
    queue.bind_all()
    names = set(_periodic)
    assert {
        "app.mail.delivery.sweep_mail",
        "app.jobs.scheduling.sweep_scheduled",
        "app.reports.documents.sweep_documents",
    } <= names
    periodic = {task.__name__ for task in queue.huey._registry._periodic_tasks}
    assert names <= periodic
