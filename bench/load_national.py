"""Load test "registration opens" for the national edition, with Locust.

    .venv/bin/pip install -e '.[bench]'                       # Locust (a bench extra)
    nice .venv/bin/python bench/load_national.py               # one app server, then two
    nice .venv/bin/python bench/load_national.py --servers 1 --people 400 --duration 60

For each number of app servers: a scratch PostgreSQL database beside BENCH_DATABASE_URL
(migrated, 50 location days open for registration, LOCATIONS x CAPACITY seats, fewer
than PEOPLE so waiting lists form), one job worker (Huey on Redis, BENCH_JOB_QUEUE_URL,
default redis://127.0.0.1:6379/1), and N gunicorn instances on their own ports sharing
the database, Redis (queue and rate limits), the report cache and the upload folder.
Locust (bench/locustfile_national.py) then sends PEOPLE registrations spread over the
locations, mixed with browsing, calendar downloads and organisers opening their lists,
users spread over the servers. Afterwards it waits for the worker to send the mail and
checks: confirmed <= capacity at every location, every accepted registration stored, and
mailed (a sent outbox row and an .eml file each), none lost. It prints requests/s and
p50/p95/p99 per kind of request and the failures. Everything it started is stopped and the
scratch database dropped, also after an error or Ctrl+C.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from registration_rush import (  # noqa: E402
    ROOT,
    drop_database,
    free_port,
    queue_url,
    request,
    scratch_database,
    stop,
)

ORGANISER = ("organisator@example.org", "bench-national-2013")


def prepare(url: str, locations: int, capacity: int) -> list[tuple[str, int]]:
    """Migrate; the national edition with its location days open for registration."""
    os.environ["DATABASE_URL"] = url
    from flask_migrate import upgrade

    from app import create_app
    from app.accounts.models import Role
    from app.accounts.services import create_user
    from app.demo import data as demo_data
    from app.demo import loader
    from app.extensions import db
    from app.programme.models import Edition
    from app.registration.services import seed_organisation_kinds
    from config import Config

    class SetupConfig(Config):
        SQLALCHEMY_DATABASE_URI = url.replace("postgresql://", "postgresql+psycopg://", 1)

    app = create_app(SetupConfig)
    with app.app_context():
        upgrade()
        spec = demo_data.EDITION
        edition = Edition(slug="landelijk", name="Alliantiedagen landelijk", theme=spec["theme"], year=spec["year"])
        db.session.add(edition)
        items = loader._create_programme(edition, demo_data.PROGRAMME)
        workgroups = loader._create_workgroups(edition, demo_data.WORKGROUPS)
        today = date.today()
        days = []
        for number in range(locations):
            base = demo_data.LOCATIONS[number % len(demo_data.LOCATIONS)]
            copy = dict(base, slug=f"{base['slug']}-{number + 1}", city=f"{base['city']} {number + 1}")
            day = loader._create_location(edition, copy, today + timedelta(days=30 + number), today, items, workgroups)
            day.capacity = capacity
            days.append(day)
        db.session.flush()
        seed_organisation_kinds(edition)
        create_user(ORGANISER[0], "Organisator", ORGANISER[1], Role.ORGANISER)
        db.session.commit()
        result = [(day.slug, day.id) for day in days]
        db.engine.dispose()
    return result


def environment(url: str, folder: Path, queue: str) -> dict:
    redis = queue.rsplit("/", 1)[0] + "/2" if queue.startswith("redis://") else ""
    return os.environ | {
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-secret-key-of-a-sufficient-length-0123456789",
        "MAIL_OUTBOX_DIR": str(folder / "outbox"),
        "REPORT_CACHE_DIR": str(folder / "report-cache"),
        "STORAGE_LOCAL_DIR": str(folder / "uploads"),
        "SMTP_HOST": "",
        "JOB_QUEUE_URL": queue,
        "JOB_QUEUE_NAME": f"bench-{uuid.uuid4().hex[:8]}",
        # Shared rate limits: every Locust user comes from 127.0.0.1, so the limits are
        # high; what matters is that all servers count in the same Redis.
        "RATELIMIT_STORAGE_URI": redis or "memory://",
        "REGISTRATION_RATE_LIMIT": "100000 per minute",
        "LOGIN_RATE_LIMIT_ADDRESS": "10000 per minute",
        "LOGIN_RATE_LIMIT_ACCOUNT": "10000 per minute",
        "LOGIN_RATE_LIMIT_TOTAL": "10000 per minute",
    }


def start_server(env: dict, workers: int, threads: int, processes: list) -> int:
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-w", str(workers), "-k", "gthread", "--threads", str(threads)]
    command += ["-b", f"127.0.0.1:{port}", "--graceful-timeout", "5", "--log-level", "warning", "wsgi:app"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    processes.append(process)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting")
        try:
            if request(port, "GET", "/taal/nl")[0] == 302:
                return port
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start within 90 s")


def start_worker(env: dict, processes: list) -> None:
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "worker"]
    processes.append(subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL))


def read_stats(prefix: Path) -> list[dict]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def check(url: str, accepted: set[str], capacity: int, outbox: Path, wait: float) -> dict:
    """After the load: capacity held, every accepted registration stored and mailed."""
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://")
    deadline = time.monotonic() + wait
    with psycopg.connect(plain, autocommit=True) as connection:
        while True:
            unsent = connection.execute(
                "SELECT count(*) FROM outgoing_mail WHERE status <> 'sent' AND kind LIKE 'registration%'"
            ).fetchone()[0]
            if not unsent or time.monotonic() > deadline:
                break
            time.sleep(1)
        over = connection.execute(
            "SELECT l.slug, l.capacity, count(r.id) FROM location_day l LEFT JOIN registration r "
            "ON r.location_day_id = l.id AND r.status = 'confirmed' GROUP BY l.id HAVING count(r.id) > l.capacity"
        ).fetchall()
        statuses = dict(connection.execute("SELECT status, count(*) FROM registration GROUP BY status").fetchall())
        stored = {row[0] for row in connection.execute("SELECT email FROM registration")}
        mailed = {
            row[0]
            for row in connection.execute(
                "SELECT recipient FROM outgoing_mail WHERE status = 'sent' AND kind LIKE 'registration%'"
            )
        }
        failed = connection.execute("SELECT count(*) FROM outgoing_mail WHERE status = 'failed'").fetchone()[0]
    files = len(list(outbox.glob("*.eml"))) if outbox.is_dir() else 0
    return {
        "over_capacity": over,
        "confirmed": statuses.get("confirmed", 0),
        "waiting": statuses.get("waiting", 0),
        "accepted": len(accepted),
        "lost": len(accepted - stored),
        "not_mailed": len(accepted - mailed),
        "unsent": unsent,
        "failed_mail": failed,
        "eml_files": files,
    }


def run_once(args, base: str, servers: int, state: dict) -> bool:
    url = scratch_database(base)
    state["urls"].append(url)
    folder = Path(tempfile.mkdtemp(prefix="load-national-"))
    state["folders"].append(folder)
    locations = prepare(url, args.locations, args.capacity)
    queue = queue_url()
    env = environment(url, folder, queue)
    processes = state["processes"]
    ports = [start_server(env, args.workers, args.threads, processes) for _ in range(servers)]
    start_worker(env, processes)
    accepted_file = folder / "accepted.txt"
    prefix = folder / "locust"
    locust_env = os.environ | {
        "NATIONAL_HOSTS": ",".join(f"http://127.0.0.1:{port}" for port in ports),
        "NATIONAL_LOCATIONS": ",".join(f"{slug}:{lid}" for slug, lid in locations),
        "NATIONAL_PEOPLE": str(args.people),
        "NATIONAL_ACCEPTED": str(accepted_file),
        "NATIONAL_ORGANISER": ":".join(ORGANISER),
    }
    locust = [sys.executable, "-m", "locust", "-f", str(Path(__file__).with_name("locustfile_national.py"))]
    locust += ["--headless", "-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{args.duration}s"]
    locust += ["--host", f"http://127.0.0.1:{ports[0]}", "--csv", str(prefix), "--only-summary", "--loglevel", "ERROR"]
    started = time.monotonic()
    subprocess.run(locust, env=locust_env, cwd=ROOT, check=False, stdout=subprocess.DEVNULL)
    took = time.monotonic() - started
    accepted = set(accepted_file.read_text().split()) if accepted_file.exists() else set()
    result = check(url, accepted, args.capacity, folder / "outbox", args.mail_wait)
    stats = read_stats(prefix)
    print(
        f"\n{servers} app server(s) (gunicorn {args.workers} x {args.threads} threads each, ports "
        f"{', '.join(map(str, ports))}), 1 job worker, queue {queue or 'SQLite file'}; "
        f"{args.users} users for {took:.0f} s; {len(locations)} locations x {args.capacity} seats"
    )
    print(f"  {'request':36} {'count':>6} {'fail':>5} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for row in stats:
        print(
            f"  {row['Name'][:36]:36} {row['Request Count']:>6} {row['Failure Count']:>5} "
            f"{float(row['Requests/s']):7.1f} {row['50%']:>7} {row['95%']:>7} {row['99%']:>7}"
        )
    print(
        f"  after: accepted {result['accepted']}, confirmed {result['confirmed']}, waiting {result['waiting']}, "
        f"lost {result['lost']}, not mailed {result['not_mailed']} (unsent {result['unsent']}, failed "
        f"{result['failed_mail']}), .eml files {result['eml_files']}, locations over capacity "
        f"{len(result['over_capacity'])}"
    )
    for process in processes:
        stop(process)
    processes.clear()
    ok = not result["over_capacity"] and not result["lost"] and not result["not_mailed"]
    total = next((row for row in stats if row["Name"] == "Aggregated"), None)
    if total is not None and int(total["Failure Count"]):
        ok = False
    print(f"  verdict: {'OK' if ok else 'PROBLEMS'}")
    return ok


def _interrupt(signum, frame) -> None:
    raise SystemExit(128 + signum)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--servers", default="1,2", help="numbers of app servers to run in turn")
    parser.add_argument("--locations", type=int, default=50)
    parser.add_argument("--capacity", type=int, default=36, help="seats per location")
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--users", type=int, default=120)
    parser.add_argument("--spawn-rate", type=int, default=20)
    parser.add_argument("--duration", type=int, default=180, help="seconds of load")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes per app server")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--mail-wait", type=float, default=300, help="seconds to wait for the outbox to drain")
    args = parser.parse_args()
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    base = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    state: dict = {"urls": [], "folders": [], "processes": []}
    code = 1
    try:
        results = [run_once(args, base, int(n), state) for n in args.servers.split(",")]
        code = 0 if all(results) else 1
    except (KeyboardInterrupt, SystemExit) as stopped:
        print("interrupted: cleaning up", flush=True)
        code = getattr(stopped, "code", 130) or 130
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for process in state["processes"]:
            stop(process)
        for url in state["urls"]:
            try:
                drop_database(base, url)
            except Exception as error:  # noqa: BLE001
                print(f"  could not drop {url}: {error}")
        for folder in state["folders"]:
            shutil.rmtree(folder, ignore_errors=True)
    raise SystemExit(code)


if __name__ == "__main__":
    main()
