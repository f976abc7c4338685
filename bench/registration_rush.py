"""Registration rush: many people register for one location at the same moment.

    .venv/bin/python bench/registration_rush.py [--people 400] [--seats 100] [--clients 50]
                                                [--workers 4] [--threads 8] [--no-lock]

Creates a scratch PostgreSQL database beside BENCH_DATABASE_URL (default
postgresql://postgres@127.0.0.1:5432/test; the scratch one is named after it,
"<name>_rush_<random>"), migrates it, adds one edition with one location day, and starts
gunicorn on it, and a job worker (queue: BENCH_JOB_QUEUE_URL, default redis://127.0.0.1:6379/1,
or a SQLite queue file when Redis does not answer) after the rush, as if on another
machine; --worker-during-rush starts it before, to share this machine's CPU.

Then: a trivial page (/taal/nl, no database) alone for the baseline; the rush, where
--clients concurrent clients each post the form (--people registrations in all) while
a few other clients keep loading the trivial page; and the outbox draining. Prints
throughput, p50/p95 latency, confirmed / waiting / lost, whether every waiting-list
position mailed is the position held, the trivial page's p95 during the rush, the SQL
statements of one registration post, and the ratios. Gunicorn, the worker and the
scratch database are always removed again, also after an error or Ctrl+C.
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
import threading
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
TRIVIAL = "/taal/nl"


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


# --- the scratch database -----------------------------------------------------------------


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def scratch_database(base_url: str) -> str:
    import psycopg

    plain = _plain(base_url)
    name = f"{plain.rsplit('/', 1)[1]}_rush_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return plain.rsplit("/", 1)[0] + f"/{name}"


def drop_database(base_url: str, url: str) -> None:
    import psycopg

    with psycopg.connect(_plain(base_url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def prepare(url: str, seats: int) -> tuple[str, str]:
    """Migrate the scratch database, add the rush's location day and a second one for
    counting one post's statements; returns both form paths."""
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
        days = [
            LocationDay(
                edition=edition,
                slug=slug,
                city=city,
                venue="Pauluskerk",
                address="Mauritsweg 20",
                date=date.today() + timedelta(days=30),
                doors_open=clock(9, 30),
                capacity=capacity,
                registration_opens_at=now - timedelta(days=1),
                registration_closes_at=now + timedelta(days=20),
            )
            for slug, city, capacity in (("rotterdam", "Rotterdam", seats), ("delft", "Delft", 1))
        ]
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
        db.session.add_all([edition, *days, *programme])
        db.session.commit()
        db.engine.dispose()
    return "/rush/rotterdam/aanmelden", "/rush/delft/aanmelden"


def statements_per_post(url: str, path: str) -> list[int]:
    """The SQL statements of registration posts (a confirmation, then a waiting-list
    place), counted in this process with the same code gunicorn runs."""
    from sqlalchemy import event

    from app import create_app
    from app.extensions import db
    from config import Config

    class CountConfig(Config):
        SQLALCHEMY_DATABASE_URI = url.replace("postgresql://", "postgresql+psycopg://", 1)
        RATELIMIT_ENABLED = False
        JOB_QUEUE_URL = "memory://"

    app = create_app(CountConfig)
    counts = []
    with app.app_context():
        client = app.test_client()
        for number in range(2):
            page = client.get(path).get_data(as_text=True)
            body = {
                "csrf_token": CSRF.search(page).group(1),
                "name": f"Teller {number}",
                "email": f"teller{number}@example.org",
                "consent": "y",
                "website": "",
            }
            seen: list[str] = []

            def record(conn, cursor, statement, *args, seen=seen):
                seen.append(statement)

            event.listen(db.engine, "before_cursor_execute", record)
            try:
                assert client.post(path, data=body).status_code == 302
            finally:
                event.remove(db.engine, "before_cursor_execute", record)
            counts.append(len(seen))
        db.engine.dispose()
    return counts


# --- processes ----------------------------------------------------------------------------


def environment(url: str, locking: bool, folder: Path, queue_url: str) -> dict:
    env = os.environ | {
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-secret-key-of-a-sufficient-length-0123456789",
        "MAIL_OUTBOX_DIR": str(folder / "outbox"),
        "INSTANCE_PATH": str(folder / "instance"),
        "RATELIMIT_ENABLED": "0",
        "APP_ENV": "measurement",
        "LOCATION_LOCKING": "1" if locking else "0",
        "SMTP_HOST": "",
        "JOB_QUEUE_URL": queue_url,
        "JOB_QUEUE_NAME": f"bench-{uuid.uuid4().hex[:8]}",
    }
    return env


def start_gunicorn(env: dict, workers: int, threads: int, state: dict) -> int:
    """Start gunicorn (known to the clean-up at once, also while starting); its port."""
    port = free_port()
    command = [
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
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
        "wsgi:app",
    ]
    process = state["gunicorn"] = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting")
        try:
            if request(port, "GET", TRIVIAL)[0] == 302:
                return port
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start within 60 s")


def start_worker(env: dict, state: dict) -> None:
    state["worker"] = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "worker"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
    )


def stop(process: subprocess.Popen | None, grace: float = 10) -> None:
    """SIGTERM to the whole process group, SIGKILL after `grace` seconds: never hangs."""
    if process is None or process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def queue_url() -> str:
    url = os.environ.get("BENCH_JOB_QUEUE_URL", "redis://127.0.0.1:6379/1")
    if url.startswith("redis://"):
        try:
            import redis

            redis.Redis.from_url(url, socket_timeout=2).ping()
        except Exception:  # noqa: BLE001 - no Redis here: the laptop queue will do
            print(f"  (no Redis at {url}: using a SQLite queue file)")
            return ""
    return url


# --- measuring ----------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(round(share * (len(ordered) - 1))), len(ordered) - 1)]


def burst(port: int, count: int, clients: int, make_call) -> tuple[float, list[float], list[int]]:
    latencies: list[float] = [0.0] * count
    statuses: list[int] = [0] * count

    def one(number: int) -> None:
        method, path, body, cookie = make_call(number)
        started = time.perf_counter()
        statuses[number] = request(port, method, path, body, cookie)[0]
        latencies[number] = time.perf_counter() - started

    started = time.perf_counter()
    pooled(clients, one, range(count))
    return time.perf_counter() - started, latencies, statuses


def pooled(clients: int, function, items) -> list:
    """pool.map that, when interrupted, drops what has not started instead of waiting for it."""
    pool = ThreadPoolExecutor(max_workers=clients)
    try:
        return list(pool.map(function, items))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def probe_while(port: int, running: threading.Event, clients: int = 4) -> tuple[list[float], list]:
    """Trivial page loads by a few other visitors for as long as `running` is set."""
    latencies: list[float] = []
    lock = threading.Lock()

    def visitor():
        while running.is_set():
            started = time.perf_counter()
            request(port, "GET", TRIVIAL)
            with lock:
                latencies.append(time.perf_counter() - started)

    threads = [threading.Thread(target=visitor, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    return latencies, threads


def waiting_order_holds(url: str) -> tuple[int, int]:
    """(waiting people whose mailed position is the position they hold, waiting people)."""
    import psycopg

    with psycopg.connect(url) as connection:
        held = [
            row[0]
            for row in connection.execute(
                "SELECT id FROM registration WHERE status = 'waiting' AND location_day_id = "
                "(SELECT id FROM location_day WHERE slug = 'rotterdam') ORDER BY waiting_since, id"
            )
        ]
        mailed = dict(
            connection.execute(
                "SELECT registration_id, (params->>'position')::int FROM outgoing_mail "
                "WHERE kind = 'registration_waiting'"
            ).fetchall()
        )
    return sum(1 for position, rid in enumerate(held, start=1) if mailed.get(rid) == position), len(held)


def run(args, base: str, state: dict) -> int:
    url = state["url"] = scratch_database(base)
    path, count_path = prepare(url, args.seats)
    queries = statements_per_post(url, count_path)
    folder = state["folder"] = Path(tempfile.mkdtemp(prefix="rush-"))
    env = environment(url, not args.no_lock, folder, queue_url())
    port = start_gunicorn(env, args.workers, args.threads, state)
    if args.worker_during_rush:
        start_worker(env, state)

    def load_form(_):  # each client's session cookie and CSRF token, outside the timing
        status, cookie, page = request(port, "GET", path)
        return cookie.split(";", 1)[0], CSRF.search(page).group(1)

    sessions = pooled(args.clients, load_form, range(args.people))
    trivial_took, trivial_latencies, _ = burst(port, args.people, args.clients, lambda n: ("GET", TRIVIAL, None, None))

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

    running = threading.Event()
    running.set()
    during, probes = probe_while(port, running)
    took, latencies, statuses = burst(port, args.people, args.clients, registration)
    running.clear()
    for thread in probes:
        thread.join(30)
    if not args.worker_during_rush:
        start_worker(env, state)  # production runs workers on other machines
    posted = time.perf_counter()
    outbox = folder / "outbox"
    while time.perf_counter() - posted < 120 and len(list(outbox.glob("*.eml"))) < args.people + len(queries):
        time.sleep(0.2)
    drained = time.perf_counter() - posted
    mails = len(list(outbox.glob("*.eml"))) - len(queries)

    import psycopg

    with psycopg.connect(url) as connection:
        rows = dict(
            connection.execute(
                "SELECT status, count(*) FROM registration WHERE location_day_id = "
                "(SELECT id FROM location_day WHERE slug = 'rotterdam') GROUP BY status"
            ).fetchall()
        )
    confirmed, waiting = rows.get("confirmed", 0), rows.get("waiting", 0)
    lost = args.people - confirmed - waiting
    in_order, waiting_total = waiting_order_holds(url)
    ok = sum(1 for status in statuses if status == 302)

    throughput, trivial_throughput = args.people / took, args.people / trivial_took
    p50, p95 = percentile(latencies, 0.5) * 1000, percentile(latencies, 0.95) * 1000
    t50, t95 = percentile(trivial_latencies, 0.5) * 1000, percentile(trivial_latencies, 0.95) * 1000
    d95 = percentile(during, 0.95) * 1000 if during else float("nan")
    print(
        f"registration rush: {args.people} people, {args.seats} seats, {args.clients} concurrent clients, "
        f"gunicorn {args.workers} workers x {args.threads} threads, lock {'OFF' if args.no_lock else 'on'}, "
        f"queue {env['JOB_QUEUE_URL'] or 'SQLite file'}"
    )
    print(
        f"  registrations : {throughput:7.1f} req/s   p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   "
        f"mean {statistics.mean(latencies) * 1000:7.1f} ms   answered 302: {ok}/{args.people}"
    )
    print(f"  trivial page  : {trivial_throughput:7.1f} req/s   p50 {t50:7.1f} ms   p95 {t95:7.1f} ms   (alone)")
    print(f"  trivial page  : p95 {d95:7.1f} ms during the rush ({len(during)} loads by 4 other visitors)")
    print(
        f"  ratio         : throughput {throughput / trivial_throughput:.2f}x of trivial, "
        f"p50 {p50 / t50:.1f}x, p95 {p95 / t95:.1f}x"
    )
    verdict = "OVER-BOOKED" if confirmed > args.seats else "capacity held"
    print(f"  result        : confirmed {confirmed}, waiting {waiting}, lost {lost}  ({verdict})")
    print(f"  waiting list  : {in_order}/{waiting_total} mailed the position they hold")
    print(f"  SQL per post  : {queries[0]} (confirmed), {queries[1]} (waiting list)")
    when = "after the last answer" if args.worker_during_rush else "after the worker started"
    print(f"  mail          : {mails}/{args.people} written by one worker process, outbox empty {drained:.1f} s {when}")
    bad = lost or in_order != waiting_total or (confirmed > args.seats and not args.no_lock)
    return 1 if bad else 0


def _interrupt(signum, frame) -> None:
    # SystemExit, not KeyboardInterrupt: no library's `except Exception` swallows it.
    raise SystemExit(128 + signum)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=400)
    parser.add_argument("--seats", type=int, default=100)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--no-lock", action="store_true", help="switch the row lock off (shows over-booking)")
    parser.add_argument(
        "--worker-during-rush",
        action="store_true",
        help="run the job worker on this machine during the rush (it then competes for the CPU)",
    )
    args = parser.parse_args()

    # Ctrl+C and SIGTERM (a CI timeout, `kill`) unwind to the clean-up below.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    base = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    state: dict = {}
    code = 1
    try:
        code = run(args, base, state)
    except (KeyboardInterrupt, SystemExit) as stop_signal:
        print("interrupted: cleaning up", flush=True)
        code = getattr(stop_signal, "code", 130) or 130
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C must not cut the clean-up short
        cleanup(base, state)
    raise SystemExit(code)


def cleanup(base: str, state: dict) -> None:
    """Each step on its own, so one failing never leaves the others undone."""
    for name in ("gunicorn", "worker"):
        try:
            stop(state.get(name))
        except Exception as error:  # noqa: BLE001
            print(f"  could not stop {name}: {error}")
    if state.get("url"):
        try:
            drop_database(base, state["url"])
        except Exception as error:  # noqa: BLE001
            print(f"  could not drop {state['url']}: {error}")
    if state.get("folder"):
        import shutil

        shutil.rmtree(state["folder"], ignore_errors=True)


if __name__ == "__main__":
    main()
