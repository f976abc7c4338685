"""One registration post against the trivial page, in-process: CPU per request, no load.

    .venv/bin/python bench/registration_post.py [--posts 300] [--seats 100] [--workgroups 0]
                                                [--rate-limit memory://|redis://...] [--profile]

The CPU one process spends on a request does not depend on how busy the machine is, so
this figure is steady where the rush benchmark's throughput (bench/registration_rush.py)
swings with everything else the machine runs. Same scratch database as the rush (a
PostgreSQL database beside BENCH_DATABASE_URL, migrated, one edition, dropped again), same
settings as the rush's gunicorn (APP_ENV=measurement, CSRF on, the location lock on, rate
limits as --rate-limit says: off by default, as in the rush; the job queue on Redis as in
the rush, or memory:// when Redis does not answer).

Each request is one WSGI call of the application (what gunicorn calls), its environ built
beforehand: the form's session cookie and CSRF token come from a GET outside the timing.
Measured per request: the CPU time of this thread (`time.thread_time`, so neither the
machine's load nor PostgreSQL's own work counts) and the wall time, for

- the trivial page of the rush (/taal/nl: a session cookie and a redirect, no database),
- the registration post (--posts people, the first --seats confirmed, then waiting),

and the SQL statements of each post. Prints the medians and the ratio trivial/post (the
throughput ratio the rush could reach if CPU were all that counted). --workgroups N offers
N workgroups in each of two rounds, so the form has ranked choices too.
"""

from __future__ import annotations

import argparse
import io
import os
import signal
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

from registration_rush import CSRF, TRIVIAL, drop_database, prepare, scratch_database  # noqa: E402


def _environ(app, method: str, path: str, body: str | None = None, cookie: str | None = None) -> dict:
    from werkzeug.test import EnvironBuilder

    headers = {"Cookie": cookie} if cookie else {}
    builder = EnvironBuilder(
        path=path,
        method=method,
        data=body,
        headers=headers,
        content_type="application/x-www-form-urlencoded" if body is not None else None,
        base_url="http://127.0.0.1:8000",
    )
    try:
        environ = builder.get_environ()
    finally:
        builder.close()
    environ["REMOTE_ADDR"] = "127.0.0.1"
    return environ


class _Call:
    """Run one WSGI call as a server would: start_response, read the whole body, close."""

    def __init__(self, app):
        self.app = app
        self.status = ""
        self.headers: list = []

    def __call__(self, environ: dict) -> tuple[str, list, bytes]:
        def start_response(status, headers, exc_info=None):
            self.status, self.headers = status, headers

        iterable = self.app(environ, start_response)
        try:
            body = b"".join(iterable)
        finally:
            if hasattr(iterable, "close"):
                iterable.close()
        return self.status, self.headers, body


def _cookie(headers: list) -> str:
    for name, value in headers:
        if name.lower() == "set-cookie":
            return value.split(";", 1)[0]
    return ""


def _queue_url(wanted: str) -> str:
    if wanted.startswith("redis://"):
        try:
            import redis

            redis.Redis.from_url(wanted, socket_timeout=2).ping()
            return wanted
        except Exception:  # noqa: BLE001 - no Redis: the in-memory queue
            print(f"  (no Redis at {wanted}: jobs go to memory://)")
            return "memory://"
    return wanted


def _add_workgroups(app, count: int) -> None:
    """count workgroups offered in each of two rounds at Rotterdam (the form then has six
    ranked selects); the programme gets the two workgroup rounds."""
    from datetime import time as clock

    from sqlalchemy import select

    from app.extensions import db
    from app.programme.models import ItemKind, LocationDay, ProgrammeItem
    from app.workgroups.models import Workgroup, WorkgroupOffer

    with app.app_context():
        day = db.session.scalar(select(LocationDay).where(LocationDay.slug == "rotterdam"))
        for round_, start in ((1, 11), (2, 13)):
            db.session.add(
                ProgrammeItem(
                    edition_id=day.edition_id,
                    position=10 + round_,
                    kind=ItemKind.WORKGROUP_ROUND,
                    title=f"Werkgroepen ronde {round_}",
                    start_time=clock(start),
                    end_time=clock(start + 1),
                )
            )
        for number in range(count):
            group = Workgroup(edition_id=day.edition_id, title=f"Werkgroep {number + 1}")
            db.session.add(group)
            db.session.flush()
            for round_ in (1, 2):
                db.session.add(WorkgroupOffer(location_day_id=day.id, workgroup_id=group.id, round=round_))
        db.session.commit()


def measure(args, url: str) -> None:
    os.environ.update(
        {
            "APP_ENV": "measurement",
            "LOCATION_LOCKING": "1",
            "SECRET_KEY": "bench-secret-key-of-a-sufficient-length-0123456789",
            "RATELIMIT_ENABLED": "1" if args.rate_limit else "0",
        }
    )
    from sqlalchemy import event

    from app import create_app
    from app.extensions import db
    from config import MeasurementConfig

    class Settings(MeasurementConfig):
        SQLALCHEMY_DATABASE_URI = url.replace("postgresql://", "postgresql+psycopg://", 1)
        JOB_QUEUE_URL = _queue_url(args.queue)
        JOB_QUEUE_NAME = f"bench-post-{os.getpid()}"
        RATELIMIT_ENABLED = bool(args.rate_limit)
        RATELIMIT_STORAGE_URI = args.rate_limit or "memory://"
        REGISTRATION_RATE_LIMIT = "100000 per minute"  # counted, never reached
        MAIL_OUTBOX_DIR = ""

    app = create_app(Settings)
    if args.workgroups:
        _add_workgroups(app, args.workgroups)
    call = _Call(app)
    path = "/rush/rotterdam/aanmelden"

    # Sessions and tokens first (as the rush's clients do), then every environ.
    posts, trivial = [], []
    for number in range(args.posts + args.warmup):
        status, headers, page = call(_environ(app, "GET", path))
        assert status.startswith("200"), status
        fields = {
            "csrf_token": CSRF.search(page.decode()).group(1),
            "name": f"Deelnemer {number}",
            "email": f"post{number}@example.org",
            "consent": "y",
            "website": "",
        }
        if args.workgroups:
            text = page.decode()
            fields |= {name: _first_offer(text, name) for name in ("pref_1_1", "pref_2_1")}
        posts.append(_environ(app, "POST", path, urlencode(fields), _cookie(headers)))
        trivial.append(_environ(app, "GET", TRIVIAL, cookie=_cookie(headers)))

    statements: list[str] = []

    def record(conn, cursor, statement, *rest):
        statements.append(statement)

    event.listen(_engine(app), "before_cursor_execute", record)

    profiler = _profiler(args.profile)
    results = {"trivial": ([], []), "post": ([], [])}
    counts: list[int] = []
    for number in range(args.posts + args.warmup):
        warm = number >= args.warmup
        for name, environ in (("trivial", trivial[number]), ("post", posts[number])):
            statements.clear()
            if warm and name == "post" and profiler:
                profiler.start()
            cpu, wall = time.thread_time(), time.perf_counter()
            status, _headers, _body = call(environ)
            cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
            if warm and name == "post" and profiler:
                profiler.stop()
            assert status.startswith("302"), (name, status, _body[:2000])
            if warm:
                results[name][0].append(cpu * 1000)
                results[name][1].append(wall * 1000)
                if name == "post":
                    counts.append(len(statements))
    with app.app_context():
        db.engine.dispose()

    trivial_cpu, post_cpu = statistics.median(results["trivial"][0]), statistics.median(results["post"][0])
    trivial_wall, post_wall = statistics.median(results["trivial"][1]), statistics.median(results["post"][1])
    print(
        f"in-process, {args.posts} posts after {args.warmup} warm-up, PostgreSQL, "
        f"queue {Settings.JOB_QUEUE_URL}, rate limits {'on: ' + args.rate_limit if args.rate_limit else 'off'}, "
        f"workgroups {args.workgroups or 'none'}"
    )
    print(f"  trivial page      : CPU {trivial_cpu:6.2f} ms   wall {trivial_wall:6.2f} ms   (median)")
    print(f"  registration post : CPU {post_cpu:6.2f} ms   wall {post_wall:6.2f} ms   (median)")
    post_p90, post_mean = _p(results["post"][0], 0.9), statistics.mean(results["post"][0])
    print(f"  registration post : CPU p90 {post_p90:6.2f} ms, mean {post_mean:6.2f} ms")
    ratio, times = trivial_cpu / post_cpu, post_cpu / trivial_cpu
    print(f"  ratio             : CPU trivial/post {ratio:.3f}  (the post costs {times:.1f}x the trivial page)")
    print(f"  SQL per post      : min {min(counts)}, max {max(counts)}")
    if profiler:
        profiler.report(args.top)


def _p(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(round(share * (len(ordered) - 1))), len(ordered) - 1)]


def _first_offer(page: str, field: str) -> str:
    import re

    select = re.search(rf'<select[^>]*name="{field}".*?</select>', page, re.S)
    values = re.findall(r'<option[^>]*value="(\d+)"', select.group(0)) if select else []
    return values[0] if values else ""


def _engine(app):
    from app.extensions import db

    with app.app_context():
        return db.engine


class _CProfile:
    def __init__(self):
        import cProfile

        # CPU time of this thread: waiting for PostgreSQL or Redis does not count.
        self.profile = cProfile.Profile(time.thread_time)

    def start(self):
        self.profile.enable()

    def stop(self):
        self.profile.disable()

    def report(self, top: int):
        import pstats

        stream = io.StringIO()
        stats = pstats.Stats(self.profile, stream=stream)
        if os.environ.get("BENCH_PROFILE_OUT"):
            stats.dump_stats(os.environ["BENCH_PROFILE_OUT"])
        stats.sort_stats("cumulative").print_stats(top)
        stats.sort_stats("tottime").print_stats(top // 2)
        print(stream.getvalue())


def _profiler(wanted: bool):
    return _CProfile() if wanted else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--seats", type=int, default=100)
    parser.add_argument("--workgroups", type=int, default=0, help="workgroups offered in each of two rounds")
    parser.add_argument("--queue", default=os.environ.get("BENCH_JOB_QUEUE_URL", "redis://127.0.0.1:6379/1"))
    parser.add_argument(
        "--rate-limit", default="", help="rate limits on, counted in this store (memory:// or redis://...)"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile (CPU time) of the posts")
    parser.add_argument("--top", type=int, default=60)
    args = parser.parse_args()

    def interrupt(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, interrupt)
    base = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    url = None
    try:
        url = scratch_database(base)
        prepare(url, args.seats)
        measure(args, url)
    finally:
        if url:
            drop_database(base, url)


if __name__ == "__main__":
    main()
