"""A day that was held (Zutphen, yesterday), one still to come (Rotterdam), the same
workgroup at both, a coordinator per location, a facilitator for Zutphen's workgroup."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from app.accounts.models import Role
from app.extensions import db
from app.programme.models import ItemKind, ProgrammeItem
from app.programme.services import assign_speaker, find_or_create_speaker


@pytest.fixture(autouse=True)
def own_storage(app, tmp_path):
    """Every test stores its files in a fresh folder, so it sees only its own."""
    saved = app.config["STORAGE_LOCAL_DIR"]
    app.config["STORAGE_LOCAL_DIR"] = str(tmp_path / "uploads")
    yield tmp_path / "uploads"
    app.config["STORAGE_LOCAL_DIR"] = saved


@dataclass
class World:
    edition: object
    held: object  # Zutphen, yesterday
    coming: object  # Rotterdam, in a month
    workgroup: object
    other_workgroup: object
    held_offer: object
    held_other_offer: object
    coming_offer: object
    contribution: object
    coordinator: object
    other_coordinator: object
    facilitator: object


@pytest.fixture()
def world(make_edition, make_location, make_workgroup, make_offer, make_user) -> World:
    edition = make_edition(organising_alliance="Sociale Alliantie")
    held = make_location(edition, "Zutphen", date=date.today() - timedelta(days=1), venue="Ontmoetingscentrum")
    coming = make_location(edition, "Rotterdam", date=date.today() + timedelta(days=30), venue="Pauluskerk")
    workgroup = make_workgroup(edition, "Participatiewet", description="Wat betekent de nieuwe wet?")
    other = make_workgroup(edition, "Armoedebestrijding in de praktijk")
    held_offer = make_offer(held, workgroup, facilitator="Anja Smit", room="Zaal 1")
    held_other_offer = make_offer(held, other, facilitator="Piet Bos", room="Zaal 2")
    coming_offer = make_offer(coming, workgroup, facilitator="Kees Mol", room="Kapel")
    item = db.session.scalar(
        db.select(ProgrammeItem).where(
            ProgrammeItem.edition_id == edition.id, ProgrammeItem.kind == ItemKind.INTRODUCTION
        )
    )
    speaker = find_or_create_speaker(edition, "Thomas Kampen", "Vrije Universiteit")
    contribution = assign_speaker(held, item, speaker, "De geluksmachine")
    db.session.commit()
    coordinator = make_user("coordinator@example.org", Role.COORDINATOR, [held])
    other_coordinator = make_user("rotterdam@example.org", Role.COORDINATOR, [coming])
    facilitator = make_user("begeleider@example.org", Role.FACILITATOR)
    facilitator.offers = [held_offer]
    db.session.commit()
    return World(
        edition, held, coming, workgroup, other, held_offer, held_other_offer, coming_offer, contribution,
        coordinator, other_coordinator, facilitator,
    )  # fmt: skip
