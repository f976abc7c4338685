"""Real worker processes (`flask jobs worker`) on PostgreSQL and Redis, sending to a real
SMTP server on loopback: no mail lost, none sent twice, whatever happens to the worker.

The test process plays the web side: its commits send their wake-ups to the same Redis
queue (database 1, a queue name of its own) that the worker reads.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from app.extensions import db
from app.jobs.queue import JobQueue
from app.mail import MailStatus, OutgoingMail

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/1"


@pytest.fixture()
def redis_queue(app):
    """The application's jobs go to Redis for this test (a queue name of its own)."""
    saved = (app.config["JOB_QUEUE_URL"], app.config["JOB_QUEUE_NAME"], app.extensions["jobs"])
    app.config.update(JOB_QUEUE_URL=REDIS_URL, JOB_QUEUE_NAME=f"test-{uuid.uuid4().hex[:12]}")
    app.extensions["jobs"] = queue = JobQueue(app)
    yield queue
    queue.huey.flush()
    app.config["JOB_QUEUE_URL"], app.config["JOB_QUEUE_NAME"], app.extensions["jobs"] = saved


class Worker:
    """`flask --app wsgi jobs worker` in its own process group, on the test database."""

    def __init__(self, app, folder: Path, **settings):
        self.log = folder / f"worker-{uuid.uuid4().hex[:6]}.log"
        self.env = (
            {key: value for key, value in os.environ.items() if key not in {"APP_ENV", "FLASK_APP"}}
            | {
                "DATABASE_URL": os.environ["TEST_DATABASE_URL"],
                "INSTANCE_PATH": str(folder / "instance"),
                "SECRET_KEY": app.config["SECRET_KEY"],
                "JOB_QUEUE_URL": app.config["JOB_QUEUE_URL"],
                "JOB_QUEUE_NAME": app.config["JOB_QUEUE_NAME"],
                "SMTP_HOST": app.config["SMTP_HOST"],
                "SMTP_PORT": str(app.config["SMTP_PORT"]),
                "SMTP_USE_TLS": "0",
                "SMTP_TIMEOUT": "5",
                "MAIL_RETRY_SECONDS": "0.3",
                "MAIL_RETRY_MAX_SECONDS": "1",
                "MAIL_LEASE_SECONDS": "2",
                "PYTHONUNBUFFERED": "1",
            }
            | {key: str(value) for key, value in settings.items()}
        )
        self.process: subprocess.Popen | None = None

    def start(self) -> Worker:
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "worker"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def kill(self) -> None:
        """SIGKILL: no handler runs, nothing is cleaned up."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)  # Huey: stop now (the test is over)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.kill()

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""


@pytest.fixture()
def workers(app, redis_queue, tmp_path):
    """workers(**settings) -> a started Worker; every one is stopped after the test."""
    started: list[Worker] = []

    def start(**settings) -> Worker:
        worker = Worker(app, tmp_path, **settings).start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def statuses() -> list[MailStatus]:
    db.session.rollback()  # a fresh snapshot of what the worker committed
    return [mail.status for mail in db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id))]


def message_ids() -> set[str]:
    db.session.rollback()
    return set(db.session.scalars(select(OutgoingMail.message_id)))


def wait_until(condition, seconds: float, worker: Worker | None = None, what: str = "") -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    log = worker.tail() if worker else ""
    pytest.fail(f"waited {seconds} s for {what or condition.__name__}; statuses {statuses()}\n{log}")


def all_sent() -> bool:
    found = statuses()
    return bool(found) and set(found) == {MailStatus.SENT}


def test_smtp_down_for_the_first_attempts_then_up_every_message_once(smtp, register, workers):
    server = smtp(start=False)  # its port: nothing listens yet
    register(20)
    worker = workers()

    def retried_twice() -> bool:
        db.session.rollback()
        attempts = list(db.session.scalars(select(OutgoingMail.attempts)))
        return len(attempts) == 20 and min(attempts) >= 2

    wait_until(retried_twice, 60, worker, "two failed attempts per message")
    assert set(statuses()) == {MailStatus.RETRYING}
    server.start()
    wait_until(all_sent, 60, worker, "every message sent")
    ids = server.recorder.message_ids()
    assert len(ids) == 20 and set(ids) == message_ids()


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(smtp, register, workers):
    """A batch of 200 over one connection; the server holds its answer to the 101st RCPT
    while the worker is SIGKILLed. After a restart every message arrives, each once."""
    server = smtp()
    server.recorder.hold_rcpt = 101
    register(200)
    first = workers(MAIL_BATCH_SIZE=200)
    assert server.recorder.reached.wait(90), first.tail()
    first.kill()
    server.recorder.release.set()
    assert len(server.recorder.messages) == 100  # 1-100 accepted; 101 was never finished
    sent_before_restart = statuses()
    assert sent_before_restart.count(MailStatus.SENT) == 100  # each committed right after its 250

    second = workers(MAIL_BATCH_SIZE=200)
    wait_until(all_sent, 60, second, "every message sent after the restart")
    ids = server.recorder.message_ids()
    assert len(ids) == 200 and len(set(ids)) == 200  # nobody got a message twice
    assert set(ids) == message_ids()


def test_the_window_left_open_a_kill_after_the_servers_250_repeats_the_same_message(smtp, register, workers):
    """The honest limit: the server stored the 10th message, the worker died before it
    heard 250 and committed. That message goes again, with the same Message-ID, so a
    mail program shows it once; nothing else is repeated and nothing is lost."""
    server = smtp()
    server.recorder.hold_data = 10
    register(20)
    first = workers()
    assert server.recorder.reached.wait(90), first.tail()
    first.kill()
    server.recorder.release.set()
    second = workers()
    wait_until(all_sent, 60, second, "every message sent after the restart")
    ids = server.recorder.message_ids()
    assert len(ids) == 21 and len(set(ids)) == 20 and set(ids) == message_ids()
    repeated = [message_id for message_id in set(ids) if ids.count(message_id) == 2]
    assert repeated == [ids[9]]


def test_a_rolled_back_registration_sends_nothing(smtp, register, workers):
    server = smtp()
    worker = workers()
    register(commit=False, email="teruggedraaid@example.org")
    db.session.rollback()
    (marker,) = register(email="vastgelegd@example.org")
    wait_until(all_sent, 60, worker, "the committed registration's mail")
    time.sleep(1)  # anything else would have come by now
    assert [message["To"] for message in server.recorder.messages] == ["vastgelegd@example.org"]


def test_a_registration_committed_while_no_worker_runs_is_mailed_when_one_starts(smtp, register, workers):
    server = smtp()
    register(3)
    worker = workers()
    wait_until(all_sent, 60, worker, "the mail waiting for a worker")
    assert len(server.recorder.messages) == 3


def test_mail_whose_wake_up_was_lost_is_found_by_the_sweep(smtp, register, workers, redis_queue):
    """The process committed, then died before telling the queue (or the queue lost it):
    the worker's periodic sweep, which also runs when it starts, sends the row."""
    server = smtp()
    register(2)
    redis_queue.huey.flush()  # the wake-up is gone
    worker = workers()
    wait_until(all_sent, 60, worker, "the sweep to send the mail")
    assert len(server.recorder.messages) == 2
