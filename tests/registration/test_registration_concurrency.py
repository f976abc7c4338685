"""Capacity holds under a real rush: 200 simultaneous registrations for 50 seats, sent to
gunicorn with several worker processes on PostgreSQL.

The lock proves itself in an exact control experiment: two registrations for the last
seat, one holding its transaction open; with the row lock switched off
(LOCATION_LOCKING=0, a test-only setting) both get the seat, with it only one.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.mail import OutgoingMail
from app.registration.models import Registration, Status
from app.registration.services import register_participant, waiting_positions

ROOT = Path(__file__).resolve().parents[2]
SEATS, PEOPLE = 50, 200
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn serving the app on the test database, in its own processes."""

    def __init__(self, tmp_path: Path, locking: bool, workers: int = 4, threads: int = 8):
        self.port = _free_port()
        env = os.environ | {
            "DATABASE_URL": os.environ["TEST_DATABASE_URL"],
            "SECRET_KEY": "concurrency-test-secret-key-of-sufficient-length",
            "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "RATELIMIT_ENABLED": "0",
            "APP_ENV": "measurement",
            "LOCATION_LOCKING": "1" if locking else "0",
            "SMTP_HOST": "",
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-w",
                str(workers),
                "-k",
                "gthread",
                "--threads",
                str(threads),
                "-b",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait_until_ready()

    def _wait_until_ready(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: {self.process.stdout.read().decode()}")
            try:
                status, _, _ = request(self.port, "GET", "/taal/nl")
                if status == 302:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start in time")

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGINT)  # quick shutdown
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def request(port, method, path, body=None, cookie=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None else {}
    if cookie:
        headers["Cookie"] = cookie
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheader("Set-Cookie") or "", response.read().decode()
    finally:
        connection.close()


def rush(port: int, path: str, people: int) -> list[int]:
    """Every client loads the form first; then all post at the same moment."""
    barrier = threading.Barrier(people)

    def one(number: int) -> int:
        status, cookie, page = request(port, "GET", path)
        assert status == 200, status
        token = CSRF.search(page).group(1)
        body = urlencode(
            {
                "csrf_token": token,
                "name": f"Deelnemer {number}",
                "email": f"rush{number}@example.org",
                "consent": "y",
                "website": "",
            }
        )
        barrier.wait()
        status, _, _ = request(port, "POST", path, body, cookie.split(";", 1)[0])
        return status

    with ThreadPoolExecutor(max_workers=people) as pool:
        return list(pool.map(one, range(people)))


def tally(location) -> dict:
    db.session.rollback()  # a fresh snapshot of what the server committed
    rows = db.session.execute(
        select(Registration.status, func.count())
        .where(Registration.location_day_id == location.id)
        .group_by(Registration.status)
    ).all()
    return {Status(status).value: number for status, number in rows}


@pytest.fixture()
def rush_day(make_edition, make_location):
    edition = make_edition()
    return make_location(edition, "Rotterdam", capacity=SEATS)


def _run(tmp_path, day, locking: bool) -> tuple[list[int], dict]:
    server = Server(tmp_path, locking=locking)
    try:
        statuses = rush(server.port, f"/{day.edition.slug}/{day.slug}/aanmelden", PEOPLE)
    finally:
        server.stop()
    return statuses, tally(day)


@pytest.mark.postgres
def test_rush_with_the_lock_never_overbooks_and_loses_nobody(tmp_path, rush_day):
    statuses, counts = _run(tmp_path, rush_day, locking=True)
    assert statuses == [302] * PEOPLE
    assert counts == {"confirmed": SEATS, "waiting": PEOPLE - SEATS}
    kinds = db.session.scalars(select(OutgoingMail.kind)).all()  # one each, in the outbox
    assert sorted(kinds) == ["registration_confirmed"] * SEATS + ["registration_waiting"] * (PEOPLE - SEATS)

    # The place in the queue is taken after the row lock: the positions mailed during the
    # burst are 1, 2, 3, ... in the order of the waiting list, none wrong, none twice.
    mailed = dict(
        db.session.execute(
            select(OutgoingMail.registration_id, OutgoingMail.params).where(OutgoingMail.kind == "registration_waiting")
        ).all()
    )
    held = waiting_positions(rush_day)
    assert len(held) == PEOPLE - SEATS
    assert {registration_id: params["position"] for registration_id, params in mailed.items()} == held


@pytest.mark.postgres
@pytest.mark.parametrize("locking", [True, False])
def test_the_lock_is_what_keeps_the_last_seat_single(app, make_edition, make_location, locking):
    """The control experiment, made exact: two registrations for the last seat, the first
    one holding its transaction open after deciding. Without the lock (LOCATION_LOCKING
    off, a test-only setting) both take the seat; with it the second waits for the first's
    commit and goes on the waiting list."""
    location = make_location(make_edition(), "Rotterdam", capacity=1)
    decided, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def register(name: str, hold: bool) -> None:
        try:
            with app.app_context():
                register_participant(
                    db.session.get(type(location), location.id), name=name, email=f"{name}@example.org", consent=True
                )
                if hold:
                    decided.set()
                    assert release.wait(30)
                db.session.commit()
        except BaseException as error:  # reported below
            errors.append(error)
            decided.set()

    app.config["LOCATION_LOCKING"] = locking
    try:
        first = threading.Thread(target=register, args=("eerste", True))
        first.start()
        assert decided.wait(30)
        second = threading.Thread(target=register, args=("tweede", False))
        second.start()
        second.join(3)  # with the lock it is still waiting here
        assert second.is_alive() == locking
        release.set()
        first.join(30)
        second.join(30)
    finally:
        app.config["LOCATION_LOCKING"] = True
        release.set()
    assert errors == []
    assert tally(location) == ({"confirmed": 1, "waiting": 1} if locking else {"confirmed": 2})
