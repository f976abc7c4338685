"""Wrong passwords in a burst: does the public site stay responsive, and does the time a
failed sign-in takes tell whether an address has an account?

    .venv/bin/python bench/login_burst.py [--workers 4] [--attackers 16] [--seconds 10]
                                          [--redis redis://127.0.0.1:6379/2] [--root DIR]

Makes a scratch SQLite database in a temporary folder (migrated, the demo edition loaded),
starts gunicorn (sync workers, as the README recommends) and measures:

1. the public edition page, one request after another: p50 / p95;
2. failed sign-ins for an address without an account and for the demo organiser, one
   after another (fresh addresses, so no limit is reached): median of each, and the ratio;
3. the same public page while --attackers clients post wrong passwords for the demo
   organiser as fast as they can for --seconds: p50 / p95 / max, the slowdown against (1),
   and how the attempts were answered (200 wrong password, 429 throttled).

--root runs the same measurement against another checkout (for a before/after figure).
With --redis every worker shares the rate-limit counts (flushed before each phase);
without it each worker counts on its own, as in a single-process set-up.
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
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
ORGANISER = ("organisator@alliantiedagen.local", "alliantie-demo-2013")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(port, method, path, body=None, cookie=None):
    """(status, response headers, body text)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None else {}
    if cookie:
        headers["Cookie"] = cookie
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(round(share * (len(ordered) - 1))), len(ordered) - 1)]


def prepare(root: Path, env: dict) -> None:
    """Migrate the scratch database and load the demo edition."""
    for command in (["db", "upgrade"], ["demo", "load"]):
        subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", *command],
            cwd=root, env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip


def start_server(root: Path, env: dict, workers: int):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "error",
         "wsgi:app"],
        cwd=root, env=env, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if request(port, "GET", "/taal/nl")[0] == 302:
                return process, port
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def login_session(port: int) -> tuple[str, str]:
    _, headers, page = request(port, "GET", "/beheer/inloggen")
    return (headers.get("Set-Cookie") or "").split(";", 1)[0], CSRF.search(page).group(1)


def attempt(port: int, session: tuple[str, str], email: str, password: str) -> tuple[int, float]:
    cookie, token = session
    body = urlencode({"csrf_token": token, "email": email, "password": password})
    started = time.perf_counter()
    status = request(port, "POST", "/beheer/inloggen", body, cookie)[0]
    return status, time.perf_counter() - started


def page_latencies(port: int, path: str, count: int | None = None, until: threading.Event | None = None):
    latencies = []
    while (count is None or len(latencies) < count) and not (until is not None and until.is_set()):
        started = time.perf_counter()
        status = request(port, "GET", path)[0]
        latencies.append(time.perf_counter() - started)
        assert status == 200, status
    return latencies


def flush(redis_url: str | None) -> None:
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--attackers", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--redis", default=None, help="share the rate-limit counts, e.g. redis://127.0.0.1:6379/2")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to serve (default: this one)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="login-burst-"))
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{folder / 'bench.db'}",
        "INSTANCE_PATH": str(folder / "instance"),
        "MAIL_OUTBOX_DIR": str(folder / "outbox"),
        "SECRET_KEY": "bench-secret-key-of-a-sufficient-length-0123456789",
        "RATELIMIT_STORAGE_URI": args.redis or "memory://",
        "SMTP_HOST": "",
        "PYTHONPATH": str(args.root),
    }
    env.pop("APP_ENV", None)
    prepare(args.root, env)
    process, port = start_server(args.root, env, args.workers)
    try:
        path = request(port, "GET", "/")[1]["Location"]  # the demo edition's page
        page_latencies(port, path, 5)  # warm up every worker

        idle = page_latencies(port, path, 40)

        flush(args.redis)
        unknown, known = [], []
        for number in range(8):
            unknown.append(attempt(port, login_session(port), f"niemand{number}@example.org", "fout-wachtwoord")[1])
            known.append(attempt(port, login_session(port), ORGANISER[0], f"fout-wachtwoord-{number}")[1])

        flush(args.redis)
        sessions = [login_session(port) for _ in range(args.attackers)]
        answers: Counter = Counter()
        stop = threading.Event()

        def attacker(session):
            number = 0
            while not stop.is_set():
                status, _ = attempt(port, session, ORGANISER[0], f"raden-{number}")
                answers[status] += 1
                number += 1

        threads = [threading.Thread(target=attacker, args=(session,)) for session in sessions]
        for thread in threads:
            thread.start()
        time.sleep(0.5)
        timer = threading.Timer(args.seconds, stop.set)
        timer.start()
        during = page_latencies(port, path, until=stop)
        for thread in threads:
            thread.join()
        flush(args.redis)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)

    def ms(value: float) -> str:
        return f"{value * 1000:7.1f} ms"

    print(f"code: {args.root}  workers: {args.workers}  rate-limit store: {args.redis or 'memory (per worker)'}")
    print(f"public page {path}, idle:            p50 {ms(percentile(idle, 0.5))}  p95 {ms(percentile(idle, 0.95))}")
    print(
        f"failed sign-in, unknown address:    median {ms(statistics.median(unknown))}\n"
        f"failed sign-in, existing account:   median {ms(statistics.median(known))}"
        f"   (ratio {statistics.median(known) / statistics.median(unknown):.2f})"
    )
    print(
        f"public page during {args.attackers} attackers:  p50 {ms(percentile(during, 0.5))}  "
        f"p95 {ms(percentile(during, 0.95))}  max {ms(max(during))}  "
        f"(p95 x{percentile(during, 0.95) / percentile(idle, 0.95):.1f} of idle, {len(during)} requests)"
    )
    print(f"sign-in attempts answered in {args.seconds:.0f} s: {dict(sorted(answers.items()))}")


if __name__ == "__main__":
    main()
