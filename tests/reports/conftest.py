"""A held alliance day in Rotterdam (and one in Zutphen) with participants whose names
test Dutch ordering, two workgroups, a waiting list, a cancellation and check-ins."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from app.accounts.models import Role
from app.extensions import db
from app.registration.models import Source
from app.registration.services import cancel_registration, check_in, register_participant, seed_organisation_kinds
from app.workgroups.models import WorkgroupAssignment

# name, organisation, kind of organisation, workgroup key, checked in
ROTTERDAM = (
    ("Bert Zwart", "FNV Rotterdam", "Vakbond", "armoede", True),
    ("Pieter van den Berg", "Cliëntenraad Rotterdam", "Cliëntenraad", "participatiewet", True),
    ("émile Àlvarez", "Pauluskerk", "Kerk of geloofsgemeenschap", "participatiewet", True),
    ("Anna Bakker", "Voedselbank Rotterdam-Zuid", "Armoedeorganisatie", "armoede", True),
    ("sanne de Boer", "", None, "participatiewet", False),
    ("Karel Appel", "Stichting Wit", "Anders", "armoede", True),
    ("Jan de Vries", "Cliëntenraad Rotterdam", "Cliëntenraad", "participatiewet", False),
)
IN_NAME_ORDER = (
    "émile Àlvarez",
    "Karel Appel",
    "Anna Bakker",
    "Pieter van den Berg",
    "sanne de Boer",
    "Jan de Vries",
    "Bert Zwart",
)


@pytest.fixture()
def day(make_edition, make_location, make_workgroup, make_offer, make_user):
    edition = make_edition(organising_alliance="Sociale Alliantie")
    rotterdam = make_location(
        edition, "Rotterdam", venue="Pauluskerk", capacity=7, date=date.today() - timedelta(days=1)
    )
    zutphen = make_location(edition, "Zutphen", capacity=5, date=date.today() + timedelta(days=20))
    workgroups = {
        "participatiewet": make_workgroup(edition, "Participatiewet"),
        "armoede": make_workgroup(edition, "Armoedebestrijding in de praktijk"),
    }
    offers = {
        "participatiewet": make_offer(
            rotterdam, workgroups["participatiewet"], room="Zaal 1", facilitator="Anja Smit", capacity=5
        ),
        "armoede": make_offer(rotterdam, workgroups["armoede"], room="Grote zaal", facilitator="Piet Bos", capacity=5),
        "zutphen": make_offer(zutphen, workgroups["participatiewet"], room="Kapel", facilitator="Kees", capacity=5),
    }
    kinds = {kind.name: kind for kind in seed_organisation_kinds(edition)}
    registrations = {}
    for name, organisation, kind, key, _present in ROTTERDAM:
        registrations[name] = register_participant(
            rotterdam,
            name=name,
            email=None,
            organisation=organisation,
            organisation_kind=kinds.get(kind),
            preferences={1: [workgroups[key].id]},
            source=Source.MANUAL,
        ).registration
    waiting = register_participant(rotterdam, name="Wim Wachtlijst", email=None, source=Source.MANUAL).registration
    gone = register_participant(rotterdam, name="Carla Afgemeld", email=None, source=Source.MANUAL).registration
    cancel_registration(gone, by_organiser=True)
    other = register_participant(
        zutphen, name="Zoë Zutphen", email=None, organisation="Diaconie Zutphen", source=Source.MANUAL
    ).registration
    db.session.flush()
    for name, _organisation, _kind, key, present in ROTTERDAM:
        registration = registrations[name]
        told = offers["armoede"] if name == "Jan de Vries" else offers[key]  # moved, not yet told
        db.session.add(
            WorkgroupAssignment(
                registration_id=registration.id, round=1, offer_id=offers[key].id, published_offer_id=told.id
            )
        )
        if present:
            check_in(registration)
    db.session.add(
        WorkgroupAssignment(
            registration_id=other.id, round=1, offer_id=offers["zutphen"].id, published_offer_id=offers["zutphen"].id
        )
    )
    db.session.commit()
    assert waiting.is_waiting
    make_user("organiser@example.org", Role.ORGANISER)
    make_user("coordinator@example.org", Role.COORDINATOR, [rotterdam])
    return dict(edition=edition, rotterdam=rotterdam, zutphen=zutphen, offers=offers, registrations=registrations)


def pdf_pages(pdf: bytes) -> list[str]:
    """Each page's text with whitespace folded to single spaces."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    return " ".join(pdf_pages(pdf))
