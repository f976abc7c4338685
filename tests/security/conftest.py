"""Fixtures for the security tests: two locations of one edition with workgroups,
participants, assignments, an evaluation form with paper answers, and an account of
every role (organiser, coordinator of Rotterdam, facilitator of Rotterdam's workgroup)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import time

import pytest
from PIL import Image

from app.accounts.models import Role
from app.archive.models import Visibility
from app.archive.services import add_material_link, add_photo, resolve_target, target_choices
from app.communication.models import MailRule
from app.evaluation import services as evaluation
from app.extensions import db
from app.mail.outbox import queue_mail
from app.programme.services import assign_speaker, find_or_create_speaker
from app.registration.services import register_participant, seed_organisation_kinds
from app.reports.models import DocumentBuild
from app.workgroups.models import WorkgroupAssignment


@pytest.fixture(autouse=True)
def _request_context(request_context):
    """Services translate their messages, which needs a request (for the language)."""
    yield


@dataclass
class World:
    edition: object
    rotterdam: object
    zutphen: object
    workgroup: object
    offers: dict = field(default_factory=dict)
    registrations: dict = field(default_factory=dict)
    assignments: dict = field(default_factory=dict)
    contributions: dict = field(default_factory=dict)
    papers: dict = field(default_factory=dict)
    item: object = None
    speaker: object = None
    kind: object = None
    question: object = None
    organiser: object = None
    coordinator: object = None
    facilitator: object = None
    materials: dict = field(default_factory=dict)
    photos: dict = field(default_factory=dict)
    builds: dict = field(default_factory=dict)
    mails: dict = field(default_factory=dict)
    rule: object = None

    def location(self, city: str):
        return self.rotterdam if city == "Rotterdam" else self.zutphen


@pytest.fixture()
def world(make_edition, make_location, make_workgroup, make_offer, make_user) -> World:
    edition = make_edition()
    rotterdam = make_location(edition, "Rotterdam")
    zutphen = make_location(edition, "Zutphen")
    workgroup = make_workgroup(edition, "Participatiewet")
    w = World(edition, rotterdam, zutphen, workgroup)
    w.offers = {"Rotterdam": make_offer(rotterdam, workgroup), "Zutphen": make_offer(zutphen, workgroup)}
    w.item = next(item for item in edition.programme_items if item.kind == "introduction")
    w.speaker = find_or_create_speaker(edition, "Hans Bosselaar", "VU")
    w.contributions = {
        city: assign_speaker(w.location(city), w.item, w.speaker, "Bouwplaats") for city in ("Rotterdam", "Zutphen")
    }
    w.kind = seed_organisation_kinds(edition)[0]
    db.session.commit()
    for city in ("Rotterdam", "Zutphen"):
        w.registrations[city] = register_participant(
            w.location(city),
            name=f"Deelnemer {city}",
            email=f"{city.lower()}@example.org",
            consent=True,
            preferences={1: [workgroup.id]},
        ).registration
    db.session.flush()
    w.assignments = {
        city: WorkgroupAssignment(registration_id=w.registrations[city].id, round=1, offer_id=w.offers[city].id)
        for city in ("Rotterdam", "Zutphen")
    }
    db.session.add_all(w.assignments.values())
    db.session.commit()
    form = evaluation.ensure_form(edition)
    w.question = form.questions[0]
    w.papers = {
        city: evaluation.save_paper(w.location(city), {f"q{w.question.id}": "8"}) for city in ("Rotterdam", "Zutphen")
    }
    db.session.commit()
    w.organiser = make_user("organiser@example.org", Role.ORGANISER)
    w.coordinator = make_user("coordinator@example.org", Role.COORDINATOR, [rotterdam])
    w.facilitator = make_user("facilitator@example.org", Role.FACILITATOR)
    w.facilitator.offers = [w.offers["Rotterdam"]]
    db.session.commit()
    for city in ("Rotterdam", "Zutphen"):
        _add_archive_and_queue_rows(w, city)
    w.rule = MailRule(
        edition_id=edition.id, name="Herinnering", offset_days=-2, send_at=time(10), subject="Tot {dag}", body="{link}"
    )
    db.session.add(w.rule)
    db.session.commit()
    return w


def _add_archive_and_queue_rows(w: World, city: str) -> None:
    """What the archive, the document builder and the mail outbox keep per location,
    so that their routes are asked about real rows of each city."""
    location = w.location(city)
    target = resolve_target(location, target_choices(location)[0][0])
    w.materials[city] = add_material_link(
        location, target, title="Dia's", url="https://example.org/dias", visibility=Visibility.AFTER_DAY
    )
    picture = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(picture, "JPEG")
    picture.seek(0)
    w.photos[city] = add_photo(location, picture)
    build = DocumentBuild(
        document="badges", subject_id=location.id, location_day_id=location.id, filename="b.pdf", status="failed"
    )
    db.session.add(build)
    w.builds[city] = build
    w.mails[city] = queue_mail(
        "registration_confirmed",
        w.registrations[city].email,
        registration_id=w.registrations[city].id,
        location_day_id=location.id,
    )
    db.session.flush()


@pytest.fixture(autouse=True)
def own_storage(app, tmp_path):
    """Uploaded files of each test in a folder of its own."""
    saved = app.config["STORAGE_LOCAL_DIR"]
    app.config["STORAGE_LOCAL_DIR"] = str(tmp_path / "uploads")
    yield
    app.config["STORAGE_LOCAL_DIR"] = saved


@pytest.fixture()
def make_app(app, tmp_path):
    """Another application with some settings changed, on its own small SQLite database
    (seeded by security_helpers.seed_minimal). The rate limiter is one object per process,
    so it is pointed back at the test application afterwards."""
    from security_helpers import seed_minimal

    from app import create_app
    from app.registration.ratelimit import limiter
    from config import TestConfig

    made = []

    def make(base=TestConfig, seed=True, **settings):
        number = len(made)
        defaults = {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / f'app{number}.db'}",
            "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
            "RATELIMIT_STORAGE_URI": "memory://",
        }
        config = type("Config", (base,), {**defaults, **settings})
        other = create_app(config)
        made.append(other)
        if seed:
            with other.app_context():
                seed_minimal()
                db.session.remove()
        return other

    yield make
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()
    limiter.init_app(app)
    limiter.reset()
