"""Load the demo edition (modelled on the 2013 Alliantiedagen) into the database.

Idempotent: an edition with the demo slug already present is left exactly as it is.
The days form a season in progress relative to `today` (app/demo/season.py): two held,
with check-ins, published workgroups, evaluations and reports; three ahead, with
registration open. Everything else is fixed by a seed, so the same day loads the same demo.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, time

from app.accounts.models import Role
from app.accounts.services import ensure_user
from app.archive.demo import load_demo_archive
from app.demo.participants import load_participants
from app.demo.season import Season, season
from app.evaluation.demo import load_demo_evaluation
from app.extensions import db
from app.programme import services as programme
from app.programme.models import Edition, ItemKind, LocationDay, ProgrammeItem
from app.registration.services import seed_organisation_kinds
from app.timeutil import local_to_utc
from app.workgroups.models import Workgroup, WorkgroupOffer

DEMO_ORGANISER = ("organisator@alliantiedagen.local", "Demo-organisator", "alliantie-demo-2013")
DEMO_COORDINATOR = ("coordinator.rotterdam@alliantiedagen.local", "Demo-coördinator Rotterdam", "rotterdam-demo-2013")
SEED = 2013


@dataclass(frozen=True)
class DemoResult:
    edition: Edition
    created: bool
    logins: tuple[tuple[str, str, str], ...]  # (role, email, password)


def load_demo(today: date, data=None) -> DemoResult:
    data = data or _demo_data()
    edition = programme.edition_by_slug(data.EDITION["slug"])
    created = edition is None
    if edition is None:
        edition = _create_edition(data, today)
    logins = _ensure_demo_accounts(edition)
    if created:
        locations = sorted(edition.location_days, key=lambda location: location.date)
        load_participants(locations, season(today, data.SEASON, data.HELD), random.Random(SEED), SEED)
    load_demo_evaluation(edition, today)  # idempotent: only when the edition has no evaluation form yet
    logins += load_demo_archive(edition, today)  # idempotent: materials, reports, photos of a held day
    db.session.flush()
    return DemoResult(edition=edition, created=created, logins=logins)


def _demo_data():
    from app.demo import data  # the 2013 edition's texts: read only when the demo loads

    return data


def _create_edition(data, today: date) -> Edition:
    spec = data.EDITION
    plan = season(today, data.SEASON, data.HELD)
    edition = Edition(
        slug=spec["slug"],
        name=spec["name"],
        theme=spec["theme"],
        year=min(plan.dates.values()).year,  # the season's, not 2013: the name says it is a replay
        organising_alliance=spec["organising_alliance"],
        partner_organisations="\n".join(spec["partner_organisations"]),
        funding_organisations="\n".join(spec["funding_organisations"]),
        description=spec["description"],
    )
    db.session.add(edition)
    items = _create_programme(edition, data.PROGRAMME)
    workgroups = _create_workgroups(edition, data.WORKGROUPS)
    for spec in data.LOCATIONS:
        _create_location(edition, spec, plan, items, workgroups)
    db.session.flush()
    seed_organisation_kinds(edition)
    return edition


def _create_programme(edition: Edition, specs) -> dict[str, ProgrammeItem]:
    items = {}
    for position, spec in enumerate(specs, start=1):
        items[spec["key"]] = ProgrammeItem(
            edition=edition,
            position=position,
            kind=ItemKind(spec["kind"]),
            title=spec["title"],
            description=spec["description"],
            start_time=time.fromisoformat(spec["start"]),
            end_time=time.fromisoformat(spec["end"]),
            workgroup_round=spec.get("round"),
        )
    db.session.add_all(items.values())
    return items


def _create_workgroups(edition: Edition, specs) -> dict[str, Workgroup]:
    workgroups = {
        spec["key"]: Workgroup(
            edition=edition,
            title=spec["title"],
            description=spec["description"],
            default_capacity=spec["default_capacity"],
            min_size=spec["min_size"],
        )
        for spec in specs
    }
    db.session.add_all(workgroups.values())
    return workgroups


def _create_location(edition, spec, plan: Season, items, workgroups) -> LocationDay:
    day = plan.dates[spec["slug"]]
    location = LocationDay(
        edition=edition,
        slug=spec["slug"],
        city=spec["city"],
        venue=spec["venue"],
        address=spec["address"],
        date=day,
        doors_open=time.fromisoformat(spec["doors_open"]),
        capacity=spec["capacity"],
        registration_opens_at=local_to_utc(plan.registration_opens, time(9, 0)),
        registration_closes_at=local_to_utc(plan.registration_closes(spec["slug"]), time(23, 59)),
        coordinating_organisations="\n".join(spec["coordinating_organisations"]),
        revision=0,
    )
    db.session.add(location)
    db.session.flush()
    for speaker_spec in spec["speakers"]:
        speaker = programme.find_or_create_speaker(
            edition, speaker_spec["name"], speaker_spec.get("organisation", ""), speaker_spec.get("bio", "")
        )
        programme.assign_speaker(location, items[speaker_spec["item"]], speaker, speaker_spec.get("contribution", ""))
    for offer_spec in spec["workgroups"]:
        db.session.add(
            WorkgroupOffer(
                location_day=location,
                workgroup=workgroups[offer_spec["workgroup"]],
                round=offer_spec["round"],
                capacity=offer_spec["capacity"],
                room=offer_spec["room"],
                facilitator=offer_spec["facilitator"],
            )
        )
    location.revision = 0
    return location


def _ensure_demo_accounts(edition: Edition) -> tuple[tuple[str, str, str], ...]:
    email, name, password = DEMO_ORGANISER
    ensure_user(email, name, password, Role.ORGANISER)
    email_c, name_c, password_c = DEMO_COORDINATOR
    coordinator, created = ensure_user(email_c, name_c, password_c, Role.COORDINATOR)
    if created:
        rotterdam = [day for day in edition.location_days if day.slug == "rotterdam"]
        coordinator.locations = rotterdam or edition.location_days[:1]
    return (("organiser", email, password), ("coordinator", email_c, password_c))
