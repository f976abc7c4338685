"""`make run` on a fresh clone: the web server and a job worker from one command. A
registration on the public form is in the outbox folder as an .eml within 10 seconds.

The test runs the commands of the Makefile's `run` target itself (read from the Makefile,
so the two cannot drift apart), in an empty instance folder: SQLite, mail to the outbox
folder, the SQLite job queue, nothing else installed or configured.
"""

from __future__ import annotations

import http.client
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
FORM = "/groeien-in-kracht-2013/rotterdam/aanmelden"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
FIRST_CHOICE = re.compile(r'<select[^>]*name="pref_1_1".*?<option value="(\d+)"', re.S)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_run_commands(port: int) -> list[list[str]]:
    """The recipe of `make run`, with $(FLASK) spelled out and our port for 5000."""
    recipe = re.search(r"^run:.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(), re.M).group(1)
    commands = []
    for line in recipe.splitlines():
        line = line.strip()
        if line.startswith("@"):
            continue  # echo
        assert line.startswith("$(FLASK) "), line
        words = shlex.split(line.removeprefix("$(FLASK) ").replace("5000", str(port)))
        commands.append([sys.executable, "-m", "flask", "--app", "wsgi", *words])
    return commands


def _request(port, method, path, body=None, cookie=""):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheader("Set-Cookie") or "", response.read().decode()
    finally:
        connection.close()


def _wait_for_server(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            _request(port, "GET", "/")
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the server did not answer:\n{log.read_text()}")


def _group_members(group: int) -> list[str]:
    found = subprocess.run(["ps", "-o", "pid=,args=", "-g", str(group)], capture_output=True, text=True)
    return [line for line in found.stdout.splitlines() if line.strip()]


def test_make_run_serves_and_mails_a_registration_within_ten_seconds(tmp_path):
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SMTP_", "JOB_", "MAIL_", "DATABASE_", "TEST_DATABASE", "FLASK_", "REPORT_"))
        and key not in {"APP_ENV", "SECRET_KEY"}
    } | {"INSTANCE_PATH": str(tmp_path / "instance"), "PYTHONUNBUFFERED": "1"}
    *setup, serve = make_run_commands(port)
    assert serve[5] == "dev", serve  # one command starts web and worker
    for command in setup:
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=180)

    log = tmp_path / "make-run.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            serve, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_for_server(port, server, log)
        status, cookie, page = _request(port, "GET", FORM)
        assert status == 200
        form = {"csrf_token": CSRF.search(page).group(1), "name": "Fatima el Amrani", "consent": "y", "website": ""}
        form |= {"email": "fatima@example.org", "pref_1_1": FIRST_CHOICE.search(page).group(1)}
        posted = time.monotonic()
        status, _, _ = _request(port, "POST", FORM, urlencode(form), cookie.split(";", 1)[0])
        assert status == 302

        outbox = tmp_path / "instance" / "outbox"
        while time.monotonic() - posted < 10 and not list(outbox.glob("*.eml")):
            time.sleep(0.1)
        (mail,) = outbox.glob("*.eml")
        assert "To: fatima@example.org" in mail.read_text() and "bevestigd" in mail.read_text()
    finally:
        server.send_signal(signal.SIGTERM)  # the parent only: it must stop its worker itself
        try:
            server.wait(20)
        finally:
            time.sleep(0.5)
            left = _group_members(server.pid)
            if left:
                os.killpg(server.pid, signal.SIGKILL)
    assert left == [], left
