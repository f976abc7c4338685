"""Registration rush: many people register for one location at the same moment.

    .venv/bin/python bench/registration_rush.py [--people 400] [--seats 100] [--clients 50]
                                                [--workers 4] [--threads 8] [--no-lock]

Creates a scratch PostgreSQL database (beside BENCH_DATABASE_URL, default
postgresql://postgres@127.0.0.1:5432/test), migrates it, adds one edition with one
location day, starts gunicorn on it, and lets --clients concurrent clients each load the
form and post it, --people registrations in all. Prints throughput, p50/p95 latency of the
post, confirmed / waiting / lost, and the same figures for a trivial page (/taal/nl, no
database) on the same server. The scratch database is dropped afterwards.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(port, method, path, body=None, cookie=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None else {}
    if cookie:
        headers["Cookie"] = cookie
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheader("Set-Cookie") or "", response.read().decode()
    finally:
        connection.close()


def scratch_database(base_url: str) -> str:
    import psycopg

    plain = base_url.replace("postgresql+psycopg://", "postgresql://")
    name = f"rush_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return plain.rsplit("/", 1)[0] + f"/{name}"


def drop_database(base_url: str, url: str) -> None:
    import psycopg

    plain = base_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def prepare(url: str, seats: int) -> str:
    """Migrate the scratch database and add one open location day; returns its form path."""
    os.environ["DATABASE_URL"] = url
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.programme.models import Edition, ItemKind, LocationDay, ProgrammeItem
    from app.timeutil import utcnow
    from config import Config

    class BenchConfig(Config):
        SQLALCHEMY_DATABASE_URI = url.replace("postgresql://", "postgresql+psycopg://", 1)

    app = create_app(BenchConfig)
    with app.app_context():
        upgrade()
        edition = Edition(slug="rush", name="Alliantiedagen", theme="Groeien in kracht", year=2013)
        now = utcnow()
        day = LocationDay(
            edition=edition,
            slug="rotterdam",
            city="Rotterdam",
            venue="Pauluskerk",
            address="Mauritsweg 20",
            date=date.today() + timedelta(days=30),
            doors_open=clock(9, 30),
            capacity=seats,
            registration_opens_at=now - timedelta(days=1),
            registration_closes_at=now + timedelta(days=20),
        )
        programme = [
            ProgrammeItem(
                edition=edition,
                position=1,
                kind=ItemKind.INTRODUCTION,
                title="Inleiding",
                start_time=clock(10),
                end_time=clock(11),
            ),
            ProgrammeItem(
                edition=edition,
                position=2,
                kind=ItemKind.CLOSE,
                title="Afsluiting",
                start_time=clock(15),
                end_time=clock(15, 30),
            ),
        ]
        db.session.add_all([edition, day, *programme])
        db.session.commit()
        db.engine.dispose()
    return "/rush/rotterdam/aanmelden"


def start_server(url: str, workers: int, threads: int, locking: bool, folder: Path):
    port = free_port()
    env = os.environ | {
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-secret-key-of-a-sufficient-length-0123456789",
        "MAIL_OUTBOX_DIR": str(folder / "outbox"),
        "INSTANCE_PATH": str(folder / "instance"),
        "RATELIMIT_ENABLED": "0",
        "REGISTRATION_LOCKING": "1" if locking else "0",
        "SMTP_HOST": "",
    }
    process = subprocess.Popen(
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
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if request(port, "GET", "/taal/nl")[0] == 302:
                return process, port
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(round(share * (len(ordered) - 1))), len(ordered) - 1)]


def burst(port: int, people: int, clients: int, make_call) -> tuple[float, list[float], list[int]]:
    latencies: list[float] = [0.0] * people
    statuses: list[int] = [0] * people

    def one(number: int) -> None:
        method, path, body, cookie = make_call(number)
        started = time.perf_counter()
        statuses[number] = request(port, method, path, body, cookie)[0]
        latencies[number] = time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(one, range(people)))
    return time.perf_counter() - started, latencies, statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=400)
    parser.add_argument("--seats", type=int, default=100)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--no-lock", action="store_true", help="switch the row lock off (shows over-booking)")
    args = parser.parse_args()

    base = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    url = scratch_database(base)
    process = None
    try:
        path = prepare(url, args.seats)
        folder = Path(tempfile.mkdtemp(prefix="rush-"))
        process, port = start_server(url, args.workers, args.threads, not args.no_lock, folder)

        # Each client first loads the form (session cookie and CSRF token), outside the timing.
        def load_form(_):
            status, cookie, page = request(port, "GET", path)
            return cookie.split(";", 1)[0], CSRF.search(page).group(1)

        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            sessions = list(pool.map(load_form, range(args.people)))

        def registration(number):
            cookie, token = sessions[number]
            body = urlencode(
                {
                    "csrf_token": token,
                    "name": f"Deelnemer {number}",
                    "email": f"rush{number}@example.org",
                    "consent": "y",
                    "website": "",
                }
            )
            return "POST", path, body, cookie

        took, latencies, statuses = burst(port, args.people, args.clients, registration)
        trivial_took, trivial_latencies, _ = burst(
            port, args.people, args.clients, lambda number: ("GET", "/taal/nl", None, None)
        )

        import psycopg

        with psycopg.connect(url) as connection:
            rows = dict(connection.execute("SELECT status, count(*) FROM registration GROUP BY status").fetchall())
        confirmed, waiting = rows.get("confirmed", 0), rows.get("waiting", 0)
        lost = args.people - confirmed - waiting
        ok = sum(1 for status in statuses if status == 302)

        throughput, trivial_throughput = args.people / took, args.people / trivial_took
        p50, p95 = percentile(latencies, 0.5) * 1000, percentile(latencies, 0.95) * 1000
        t50, t95 = percentile(trivial_latencies, 0.5) * 1000, percentile(trivial_latencies, 0.95) * 1000
        print(
            f"registration rush: {args.people} people, {args.seats} seats, {args.clients} concurrent clients, "
            f"gunicorn {args.workers} workers x {args.threads} threads, lock {'OFF' if args.no_lock else 'on'}"
        )
        print(
            f"  registrations : {throughput:7.1f} req/s   p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   "
            f"mean {statistics.mean(latencies) * 1000:7.1f} ms   answered 302: {ok}/{args.people}"
        )
        print(f"  trivial page  : {trivial_throughput:7.1f} req/s   p50 {t50:7.1f} ms   p95 {t95:7.1f} ms")
        print(
            f"  ratio         : throughput {throughput / trivial_throughput:.2f}x of trivial, "
            f"p50 {p50 / t50:.1f}x, p95 {p95 / t95:.1f}x"
        )
        verdict = "OVER-BOOKED" if confirmed > args.seats else "capacity held"
        print(f"  result        : confirmed {confirmed}, waiting {waiting}, lost {lost}  ({verdict})")
        if lost or (confirmed > args.seats and not args.no_lock):
            raise SystemExit(1)
    finally:
        if process is not None:
            os.killpg(process.pid, signal.SIGINT)
            process.wait(timeout=30)
        drop_database(base, url)


if __name__ == "__main__":
    main()
