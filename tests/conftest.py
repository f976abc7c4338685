"""Shared fixtures: a fresh database per test, on SQLite by default or on PostgreSQL
when TEST_DATABASE_URL is set (CI runs the whole suite both ways)."""

from __future__ import annotations

import email
import os
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from email import policy

import pytest
from flask import g, request_started
from flask.testing import FlaskClient
from sqlalchemy import event, text

from app import create_app
from app.accounts.models import Role
from app.accounts.services import create_user
from app.extensions import db
from app.jobs import current_queue, run_pending
from app.programme.models import Edition, ItemKind, LocationDay, ProgrammeItem
from app.timeutil import utcnow
from app.workgroups.models import Workgroup, WorkgroupOffer
from config import TestConfig

PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="session")
def _app_session(tmp_path_factory):
    outbox = tmp_path_factory.mktemp("outbox")
    documents = tmp_path_factory.mktemp("documents")
    uploads = tmp_path_factory.mktemp("uploads")

    class Config(TestConfig):
        MAIL_OUTBOX_DIR = str(outbox)
        DOCUMENT_DIR = str(documents)  # PDFs built by jobs while the report cache is off
        STORAGE_LOCAL_DIR = str(uploads)

    app = create_app(Config)
    with app.app_context():
        db.drop_all()
        db.create_all()
    request_started.connect(_forget_signed_in_user, app)
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def _forget_signed_in_user(sender, **extra) -> None:
    """Test requests share the app context (and so `g`) that the `app` fixture pushed;
    Flask-Login keeps the signed-in user in `g`. Each request must find its own user from
    its own cookies, as it does in a real server, where every request has a fresh `g`."""
    g.pop("_login_user", None)


@pytest.fixture()
def app(_app_session):
    """The application with empty tables; every test starts clean."""
    with _app_session.app_context():
        yield _app_session
        db.session.rollback()
        db.session.remove()
        _empty_all_tables()
        current_queue().huey.flush()  # jobs a test sent but did not run


def _empty_all_tables() -> None:
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())


class _FreshLanguageClient(FlaskClient):
    """The test's own app context outlives each request, and Flask-Babel keeps the chosen
    language on `g`: forget it before every request, as a server's fresh context would."""

    def open(self, *args, **kwargs):
        if g:
            g.pop("_flask_babel", None)
        return super().open(*args, **kwargs)


@pytest.fixture()
def client(app):
    app.test_client_class = _FreshLanguageClient
    return app.test_client()


@pytest.fixture()
def runner(app):
    return app.test_cli_runner()


# --- mail and requests ---------------------------------------------------------------


@pytest.fixture()
def request_context(app):
    """Services translate their messages, which needs a request (for the language)."""
    with app.test_request_context("/"):
        yield


@pytest.fixture()
def outbox(app, tmp_path):
    """Mail goes to a fresh folder; returns a reader of the messages sent so far. Reading
    first runs the jobs waiting in the (in-memory) queue, as a worker would: the outbox
    rows that committed transactions left are rendered and written."""
    folder = tmp_path / "outbox"
    old = app.config["MAIL_OUTBOX_DIR"]
    app.config["MAIL_OUTBOX_DIR"] = str(folder)

    class Outbox:
        path = folder

        def messages(self):
            run_pending()
            if not folder.exists():
                return []
            return [
                email.message_from_bytes(path.read_bytes(), policy=policy.default)
                for path in sorted(folder.glob("*.eml"))
            ]

        def to(self, address):
            return [m for m in self.messages() if m["To"] == address]

        def clear(self):
            run_pending()  # what was queued so far counts as sent before the clear
            for path in folder.glob("*.eml"):
                path.unlink()

    yield Outbox()
    app.config["MAIL_OUTBOX_DIR"] = old


@pytest.fixture()
def download(client):
    """download(url) -> the response with the PDF, as an organiser gets it: from the cache
    at once, or after the status page's build ran (the worker's job, run here). A public
    document answers 202 with a page that reloads itself: after the build, the same URL."""

    def get(url: str):
        response = client.get(url)
        if response.status_code == 202 and "Refresh" in response.headers:
            run_pending()
            response = client.get(url)
        if response.status_code == 302 and "/beheer/documenten/" in response.headers["Location"]:
            status_page = response.headers["Location"]
            assert client.get(status_page).status_code == 200
            run_pending()
            page = client.get(status_page).get_data(as_text=True)
            assert "/bestand" in page, page
            response = client.get(status_page + "/bestand")
        return response

    return get


@pytest.fixture()
def count_queries(app):
    """`with count_queries() as statements:` records the SQL a block sends."""

    @contextmanager
    def counting():
        statements = []

        def record(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", record)

    return counting


# --- factories ------------------------------------------------------------------------


@pytest.fixture()
def make_edition(app):
    def make(**values) -> Edition:
        defaults = dict(slug="groeien-in-kracht", name="Alliantiedagen", theme="Groeien in kracht", year=2013)
        edition = Edition(**(defaults | values))
        db.session.add(edition)
        items = [
            ("welcome", "Welkom", time(10, 0), time(10, 15), None),
            ("introduction", "Inleiding", time(10, 15), time(11, 0), None),
            ("practice", "Uit de praktijk", time(11, 0), time(11, 30), None),
            ("workgroup_round", "Werkgroepen", time(13, 30), time(15, 0), 1),
            ("close", "Afsluiting", time(15, 0), time(15, 30), None),
        ]
        for position, (kind, title, start, end, round_) in enumerate(items, start=1):
            db.session.add(
                ProgrammeItem(
                    edition=edition,
                    position=position,
                    kind=ItemKind(kind),
                    title=title,
                    start_time=start,
                    end_time=end,
                    workgroup_round=round_,
                )
            )
        db.session.commit()
        return edition

    return make


@pytest.fixture()
def make_location(app):
    def make(edition: Edition, city: str = "Rotterdam", **values) -> LocationDay:
        now = utcnow()
        defaults = dict(
            slug=city.lower(),
            city=city,
            venue=f"Zaal {city}",
            address=f"Straat 1, {city}",
            date=date.today() + timedelta(days=30),
            doors_open=time(9, 30),
            capacity=100,
            registration_opens_at=now - timedelta(days=1),
            registration_closes_at=now + timedelta(days=20),
        )
        location = LocationDay(edition=edition, **(defaults | values))
        db.session.add(location)
        db.session.commit()
        return location

    return make


@pytest.fixture()
def make_workgroup(app):
    def make(edition: Edition, title: str, **values) -> Workgroup:
        workgroup = Workgroup(edition=edition, title=title, **({"default_capacity": 20, "min_size": 5} | values))
        db.session.add(workgroup)
        db.session.commit()
        return workgroup

    return make


@pytest.fixture()
def make_offer(app):
    def make(location: LocationDay, workgroup: Workgroup, **values) -> WorkgroupOffer:
        offer = WorkgroupOffer(
            location_day=location,
            workgroup=workgroup,
            **({"round": 1, "capacity": 20, "room": "Zaal 1", "facilitator": "Begeleider"} | values),
        )
        db.session.add(offer)
        db.session.commit()
        return offer

    return make


@pytest.fixture()
def make_user(app):
    def make(email="organisator@example.org", role=Role.ORGANISER, locations=()) -> object:
        user = create_user(email, email.split("@")[0], PASSWORD, role, list(locations))
        db.session.commit()
        return user

    return make


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, email: str, password: str = PASSWORD):
        return self.client.post("/beheer/inloggen", data={"email": email, "password": password})

    def logout(self):
        return self.client.post("/beheer/uitloggen")


@pytest.fixture()
def auth(client):
    return Auth(client)


# --- strict runs ----------------------------------------------------------------------


def _on_postgres() -> bool:
    return os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")


def pytest_configure(config):
    config.addinivalue_line("markers", "postgres: needs PostgreSQL (run when TEST_DATABASE_URL points there)")


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests are left out of the SQLite run (not skipped: CI counts skips)."""
    if _on_postgres():
        return
    selected = [item for item in items if "postgres" not in item.keywords]
    deselected = [item for item in items if "postgres" in item.keywords]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


_skipped: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    """CI sets STRICT_NO_SKIPS=1: a skipped test there hides a missing service."""
    if os.environ.get("STRICT_NO_SKIPS") == "1" and _skipped:
        print(f"\nSTRICT_NO_SKIPS: {len(_skipped)} test(s) were skipped:", *_skipped[:20], sep="\n  ")
        session.exitstatus = 1


def pytest_report_header(config):
    url = os.environ.get("TEST_DATABASE_URL", "sqlite:// (in memory)")
    return f"test database: {url}"


@pytest.fixture()
def now() -> datetime:
    return utcnow()
