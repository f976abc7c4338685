"""Fixtures for evaluation tests: two location days that have taken place, each with its
own speakers and workgroups, participants with published workgroup assignments, and the
edition's evaluation form (the default questions, published)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from evaluation_helpers import add_person

from app.evaluation import services
from app.extensions import db
from app.programme.models import ItemKind
from app.programme.services import assign_speaker, find_or_create_speaker
from app.timeutil import utcnow
from app.workgroups.models import WorkgroupAssignment  # noqa: F401


@pytest.fixture(autouse=True)
def _request_context(request_context):
    """Services translate their messages, which needs a request (for the language)."""
    yield


@dataclass
class World:
    edition: object
    rotterdam: object
    zutphen: object
    workgroups: dict
    offers: dict = field(default_factory=dict)
    speakers: dict = field(default_factory=dict)
    contributions: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)  # (city, n) -> registration
    form: object = None


def _item(edition, kind):
    return next(item for item in edition.programme_items if item.kind == kind)


@pytest.fixture()
def world(make_edition, make_location, make_workgroup, make_offer) -> World:
    """Rotterdam (two days ago) and Zutphen (yesterday). Hans Bosselaar gives the
    introduction in both; each has its own practice speaker. Participatiewet runs in both,
    Maatjes naar werk only in Rotterdam."""
    edition = make_edition()
    now = utcnow()
    past = dict(registration_opens_at=now - timedelta(days=40), registration_closes_at=now - timedelta(days=5))
    rotterdam = make_location(edition, "Rotterdam", date=date.today() - timedelta(days=2), **past)
    zutphen = make_location(edition, "Zutphen", date=date.today() - timedelta(days=1), **past)
    workgroups = {title: make_workgroup(edition, title) for title in ("Participatiewet", "Maatjes naar werk")}
    w = World(edition, rotterdam, zutphen, workgroups)
    w.offers = {
        ("Rotterdam", "Participatiewet"): make_offer(rotterdam, workgroups["Participatiewet"]),
        ("Rotterdam", "Maatjes naar werk"): make_offer(rotterdam, workgroups["Maatjes naar werk"], room="Zaal 2"),
        ("Zutphen", "Participatiewet"): make_offer(zutphen, workgroups["Participatiewet"]),
    }
    intro, practice = _item(edition, ItemKind.INTRODUCTION), _item(edition, ItemKind.PRACTICE)
    w.speakers = {
        "Hans": find_or_create_speaker(edition, "Hans Bosselaar", "VU"),
        "Anja": find_or_create_speaker(edition, "Anja Rotterdam", "ROSA"),
        "Piet": find_or_create_speaker(edition, "Piet Zutphen", ""),
    }
    w.contributions = {
        ("Rotterdam", "intro"): assign_speaker(rotterdam, intro, w.speakers["Hans"], "Bouwplaats"),
        ("Rotterdam", "practice"): assign_speaker(rotterdam, practice, w.speakers["Anja"], "Een buurtwinkel"),
        ("Zutphen", "intro"): assign_speaker(zutphen, intro, w.speakers["Hans"], "Bouwplaats"),
        ("Zutphen", "practice"): assign_speaker(zutphen, practice, w.speakers["Piet"], ""),
    }
    db.session.commit()
    for n in range(1, 4):
        offer = w.offers[("Rotterdam", "Participatiewet" if n < 3 else "Maatjes naar werk")]
        w.people[("Rotterdam", n)] = add_person(rotterdam, f"Rotterdammer {n}", f"r{n}@example.org", offer=offer)
    w.people[("Zutphen", 1)] = add_person(
        zutphen, "Zutphenaar 1", "z1@example.org", offer=w.offers[("Zutphen", "Participatiewet")]
    )
    db.session.commit()
    w.form = services.ensure_form(edition)
    w.form.published = True
    w.form.anonymous = False
    db.session.commit()
    return w
