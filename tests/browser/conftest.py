"""Real-browser tests: Debian's Chromium driven by Playwright against a live server.

The live server is what `make run` starts (`flask dev`: the web server and a job worker,
which sends the mail) on a free 127.0.0.1 port, with its own SQLite file in a temporary
folder: schema by `flask db upgrade`, data by `flask demo
load`, and the two test accounts of demo_site.py by `flask users create`. It never uses
the other tests' database, also not when TEST_DATABASE_URL points at PostgreSQL.

Fixtures for the tests and for the journeys to come:
  pages                         the demo's URLs and accounts (demo_site.Pages)
  new_page(viewport=..., javascript=True, language=None)   a page in a fresh context
  page                          new_page() at desktop size
  login(page, account)          signs in through the real form
  assert_accessible(page, name) axe-core at WCAG 2.2 AA plus best practice finds nothing; recorded in the table
  assert_no_horizontal_scroll(page)
  screenshot(page, name)        full-page PNG in test-artifacts/screenshots/

Without Chromium (CHROMIUM_PATH, default /usr/bin/chromium) the tests are skipped with
the reason; CI sets STRICT_NO_SKIPS=1, so there a skip fails the run. A Chromium that is
present but does not start fails the tests, it never skips them.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from demo_site import DESKTOP, EDITION_SLUG, Account, Pages
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
MO_FILE = ROOT / "app/translations/en/LC_MESSAGES/messages.mo"

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best-practice rules (headings,
# landmarks, empty table headers), which catch what a screen-reader user trips over.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]


# --- live server ----------------------------------------------------------------------


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen
    log: Path
    ids: dict = field(default_factory=dict)
    database: Path | None = None  # its SQLite file, for tests that read the demo's texts

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Runs flask commands exactly as `flask --app wsgi <command>` does (FlaskGroup, with the
# plugin commands such as Flask-Migrate's `db`), several in one process: each separate
# `flask` process spends a second or more importing the application.
_FLASK_COMMANDS = """
import json, sys
from flask.cli import FlaskGroup
from wsgi import app
cli = FlaskGroup(create_app=lambda: app)
for args in json.loads(sys.argv[1]):
    print("$ flask", *args, flush=True)
    cli.main(args=args, prog_name="flask", standalone_mode=False)
"""


def _flask(env: dict, *commands: list[str]) -> None:
    """Runs `flask <command>` for each command, in order; any failure fails the tests."""
    result = subprocess.run(
        [sys.executable, "-c", _FLASK_COMMANDS, json.dumps(commands)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        pytest.fail(f"flask commands failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


def _ensure_translations() -> None:
    """What `make translations` does, when the compiled English catalogue is missing or stale."""
    po = MO_FILE.with_suffix(".po")
    if MO_FILE.exists() and MO_FILE.stat().st_mtime >= po.stat().st_mtime:
        return
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), "compile", "-d", str(ROOT / "app/translations")], check=True, capture_output=True)


def _wait_for_port(server: LiveServer, port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"The live server stopped (exit {server.process.returncode}):\n{server.log_tail()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"The live server did not open port {port} within {timeout} s:\n{server.log_tail()}")


def _demo_ids(database: Path) -> dict:
    """The demo's database ids, for organiser URLs (read straight from the SQLite file)."""
    with closing(sqlite3.connect(database)) as connection:
        (edition_id,) = connection.execute("SELECT id FROM edition WHERE slug = ?", (EDITION_SLUG,)).fetchone()
        locations = dict(connection.execute("SELECT slug, id FROM location_day WHERE edition_id = ?", (edition_id,)))
    return {"edition": edition_id, "locations": locations}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> LiveServer:
    _ensure_translations()
    folder = tmp_path_factory.mktemp("live-server")
    database = folder / "live.db"
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"APP_ENV", "FLASK_APP", "FLASK_DEBUG", "SMTP_HOST", "TEST_DATABASE_URL"}
    }
    env |= {
        "DATABASE_URL": f"sqlite:///{database}",
        "INSTANCE_PATH": str(folder / "instance"),
        "MAIL_OUTBOX_DIR": str(folder / "outbox"),
        "PUBLIC_BASE_URL": url,
        "SECRET_KEY": "browser-tests-secret-key-not-for-production",
        "PYTHONUNBUFFERED": "1",
        # The journeys sign in many times in a few minutes; sign-in throttling has its
        # own tests (tests/security/test_login_throttle.py).
        "LOGIN_RATE_LIMIT_ACCOUNT": "1000 per minute",
        "LOGIN_RATE_LIMIT_ADDRESS": "1000 per minute",
    }
    log = folder / "server.log"
    with log.open("w") as log_file:
        # The server starts (imports) while the schema and the demo are made; it opens
        # the database only at the first request, which comes after both are done.
        serve = f"-m flask --app wsgi dev --host 127.0.0.1 --port {port}"
        process = subprocess.Popen(
            [sys.executable, *serve.split()],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its worker too is stopped with the group below
        )
    server = LiveServer(url=url, process=process, log=log, database=database)
    try:
        # The demo's own logins, exactly as `make run` prints them.
        _flask(env, ["db", "upgrade"], ["demo", "load"])
        server.ids = _demo_ids(database)
        _wait_for_port(server, port)
        yield server
    finally:
        process.terminate()  # `flask dev` stops its worker itself
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        try:
            os.killpg(process.pid, signal.SIGKILL)  # whatever is left of the group
        except ProcessLookupError:
            pass


@pytest.fixture(scope="session")
def pages(live_server) -> Pages:
    return Pages(edition_id=live_server.ids["edition"], location_ids=live_server.ids["locations"])


# --- browser --------------------------------------------------------------------------


def _chromium_executable() -> str | None:
    if Path(CHROMIUM_PATH).is_file():
        return CHROMIUM_PATH
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser() -> Browser:
    executable = _chromium_executable()
    if executable is None:
        pytest.skip(
            f"browser tests need Chromium: none at {CHROMIUM_PATH} or on PATH "
            "(`apt-get install chromium`, or set CHROMIUM_PATH)"
        )
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        except Exception as error:  # present but broken: a failure, never a skip
            pytest.fail(f"Chromium at {executable} is installed but did not start:\n{error}", pytrace=False)
        yield browser
        browser.close()


@pytest.fixture()
def new_page(browser, live_server):
    """new_page(viewport=DESKTOP, javascript=True, language=None, **context_options) -> Page.

    Every page gets its own browser context: no cookies shared between tests.
    """
    contexts = []

    def make(viewport=DESKTOP, javascript: bool = True, language: str | None = None, **options) -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport,
            java_script_enabled=javascript,
            locale="nl-NL",
            timezone_id="Europe/Amsterdam",
            accept_downloads=True,
            **options,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        if language == "en":
            page.goto(Pages.english("/"))
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture()
def page(new_page) -> Page:
    return new_page()


@pytest.fixture()
def login(pages):
    """login(page, account=organiser, password=None): signs in through the form, as a person would."""

    def sign_in(page: Page, account: Account | None = None, password: str | None = None) -> Page:
        account = account or pages.organiser
        page.goto(pages.login)
        form = page.locator("main form")
        form.locator("#email").fill(account.email)
        form.locator("#password").fill(account.password if password is None else password)
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        if password is None and page.url.endswith(pages.login):
            errors = page.locator(".error-summary").all_inner_texts()
            pytest.fail(f"{account.email} could not sign in: {' '.join(errors) or 'no error shown'}")
        return page

    return sign_in


# --- accessibility (axe-core) ---------------------------------------------------------

_axe = Axe()  # axe-core's axe.min.js as shipped in axe-playwright-python
_axe_results: dict[str, tuple[int, str]] = {}  # page name -> (violations, rule ids)


def run_axe(page: Page) -> list[dict]:
    """axe-core's violations on the page as it is now: WCAG 2.0-2.2 A and AA rules and best practice."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    return _axe.run(page, options=options).response["violations"]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = (node.get("failureSummary") or "").strip().splitlines()
            lines.append(f"    {', '.join(map(str, node['target']))}: {summary[-1].strip() if summary else ''}")
    return "\n".join(lines)


def record_axe_result(name: str, violations: list[dict]) -> None:
    _axe_results[name] = (len(violations), ", ".join(violation["id"] for violation in violations))


@pytest.fixture()
def axe_problems():
    """axe_problems(page, name) -> '' or the violations described; recorded in the table, not asserted."""

    def check(page: Page, name: str) -> str:
        violations = run_axe(page)
        record_axe_result(name, violations)
        return f"{name} ({page.url}):\n{describe_violations(violations)}" if violations else ""

    return check


@pytest.fixture()
def axe():
    """axe(page) -> violations, without asserting (for tests about the check itself)."""
    return run_axe


@pytest.fixture()
def assert_accessible():
    """assert_accessible(page, name): no axe violation (WCAG 2.2 AA, best practice); the result goes in the table."""

    def check(page: Page, name: str | None = None) -> None:
        name = name or page.url
        violations = run_axe(page)
        record_axe_result(name, violations)
        assert not violations, f"axe found {len(violations)} violation(s) on {name} ({page.url}):\n" + (
            describe_violations(violations)
        )

    return check


def pytest_terminal_summary(terminalreporter):
    """The per-page axe table, on stdout and in test-artifacts/axe-results.txt."""
    if not _axe_results:
        return
    width = max(len(name) for name in _axe_results)
    lines = [f"{'page':<{width}}  violations  rules", f"{'-' * width}  ----------  -----"]
    lines += [f"{name:<{width}}  {count:>10}  {rules}".rstrip() for name, (count, rules) in _axe_results.items()]
    total = sum(count for count, _ in _axe_results.values())
    lines.append(f"{len(_axe_results)} pages, {total} violations (axe-core, tags {' '.join(WCAG_TAGS)})")
    terminalreporter.write_sep("-", "axe-core accessibility results")
    terminalreporter.write_line("\n".join(lines))
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "axe-results.txt").write_text("\n".join(lines) + "\n")


# --- layout ---------------------------------------------------------------------------


def _overflow(page: Page, name: str | None = None) -> str | None:
    """None when the page fits its window; otherwise what scrolls sideways, and how far."""
    widths = page.evaluate("() => ({scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth})")
    if widths["scroll"] <= widths["inner"]:
        return None
    return f"{name or page.url}: {widths['scroll']} px wide in a {widths['inner']} px window"


@pytest.fixture()
def horizontal_overflow():
    """horizontal_overflow(page, name) -> None, or a description of the sideways scrolling."""
    return _overflow


@pytest.fixture()
def assert_no_horizontal_scroll():
    def check(page: Page, name: str | None = None) -> None:
        problem = _overflow(page, name)
        assert problem is None, f"scrolls sideways: {problem}"

    return check


@pytest.fixture()
def screenshot():
    def take(page: Page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take
