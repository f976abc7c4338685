"""The demo's participants, as a season in progress would have them.

Per location day (app/demo/season.py says which are held):
- registrations spread over the registration window (most online, some by phone), a few
  cancelled; a full day keeps a short waiting list;
- held days only: the organiser applied the "which workgroups run" advice, assigned and
  published the workgroups the day before, checked people in at the door (most came),
  added a few walk-ins and placed them in a workgroup;
- days ahead: registration still open, no workgroups assigned, nobody checked in.

No mail is sent: addresses are added after the registration rules ran (the rules would
queue a confirmation for each). Deterministic from the seed and the season's dates.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import cast

from app.demo.season import Season
from app.extensions import db
from app.programme.models import LocationDay
from app.registration.models import Registration, Source, Status
from app.registration.services import (
    cancel_registration,
    check_in,
    organisation_kinds,
    register_participant,
)
from app.timeutil import local_to_utc
from app.workgroups import advice_services, assignment_services


@dataclass(frozen=True)
class Turnout:
    registrations: int  # everyone who registered before the day (cancelled included)
    cancellations: int
    walk_ins: int = 0  # held days: people who came without registering
    came: float = 0.0  # held days: the share of the confirmed who came


# Attendance differed per place (the 2013 article); Beilen's village hall is full.
TURNOUT = {
    "zutphen": Turnout(46, 3, walk_ins=2, came=0.86),
    "amsterdam": Turnout(58, 4, walk_ins=3, came=0.83),
    "rotterdam": Turnout(64, 2),
    "beilen": Turnout(76, 2),  # 70 seats: 70 confirmed, 4 waiting
    "roermond": Turnout(29, 1),
}
DEFAULT_TURNOUT = Turnout(30, 1, walk_ins=1, came=0.85)

FIRST_NAMES = (
    "Anja", "Bert", "Carla", "Dirk", "Els", "Fatima", "Gerrit", "Henk", "Ingrid", "Jan", "Karin", "Lotte",
    "Mohamed", "Nel", "Olga", "Piet", "Rina", "Sandra", "Theo", "Ulla", "Wim", "Yvonne", "Ahmet", "Bep",
    "Cor", "Denise", "Ellen", "Frans", "Greet", "Hanneke", "Ria", "Joke", "Kees", "Lies", "Marja", "Nadia",
)  # fmt: skip
LAST_NAMES = (
    "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos",
    "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Yilmaz",
    "El Amrani", "Kok", "Verhoeven", "van Dam", "Koster", "Postma", "Willems",
)  # fmt: skip
ORGANISATIONS = (
    "Cliëntenraad Werk en Inkomen", "Voedselbank", "FNV Uitkeringsgerechtigden", "Diaconie",
    "Stichting Mantelzorg", "Armoedeplatform", "Wmo-raad", "Ouderenbond", "Vrijwilligerscentrale",
    "Cliëntenraad GGZ", "Buurthuis", "Schuldhulpmaatje",
)  # fmt: skip
MUNICIPALITIES = {
    "zutphen": ("Zutphen", "Deventer", "Apeldoorn", "Lochem", "Brummen"),
    "rotterdam": ("Rotterdam", "Schiedam", "Vlaardingen", "Capelle aan den IJssel", "Dordrecht"),
    "amsterdam": ("Amsterdam", "Zaanstad", "Haarlem", "Amstelveen", "Almere"),
    "beilen": ("Midden-Drenthe", "Assen", "Emmen", "Hoogeveen", "Meppel"),
    "roermond": ("Roermond", "Venlo", "Weert", "Sittard-Geleen", "Maastricht"),
}


def load_participants(locations: list[LocationDay], plan: Season, rng: random.Random, seed: int) -> None:
    """Registrations for every day; the held days also their workgroups and check-ins."""
    for location in locations:
        held = plan.is_held(location.slug)
        turnout = TURNOUT.get(location.slug, DEFAULT_TURNOUT)
        closes = local_to_utc(plan.registration_closes(location.slug), time(23, 59))
        until = closes if held else local_to_utc(plan.today, time(0, 0))  # ahead: registered until yesterday
        start = local_to_utc(plan.registration_opens, time(9, 0))
        people = _register(location, turnout, rng, start, until)
        if held:
            _the_day(location, turnout, rng, seed)
        _add_addresses(people, location, rng)
    db.session.flush()


def _moments(rng: random.Random, start: datetime, until: datetime, number: int) -> list[datetime]:
    """Registration moments, more of them towards the deadline, in order."""
    span = (until - start).total_seconds()
    return sorted(start + timedelta(seconds=span * rng.random() ** 0.6) for _ in range(number))


def _register(
    location: LocationDay, turnout: Turnout, rng: random.Random, start: datetime, until: datetime
) -> list[tuple[Registration, str]]:
    kinds = organisation_kinds(location.edition)
    offers = [offer for offer in location.workgroup_offers if offer.is_open]
    people: list[tuple[Registration, str]] = []
    for n, moment in enumerate(_moments(rng, start, until, turnout.registrations)):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        ranked = rng.sample(offers, k=min(3, len(offers)))
        registration = register_participant(
            location,
            name=f"{first} {last}",
            email=None,  # added afterwards: with an address the rules would queue a confirmation
            organisation=rng.choice(ORGANISATIONS),
            organisation_kind=rng.choice(kinds) if kinds else None,
            municipality=rng.choice(MUNICIPALITIES.get(location.slug, (location.city,))),
            preferences={1: [offer.workgroup_id for offer in ranked]} if ranked else {},
            consent=True,
            language="en" if rng.random() < 0.04 else "nl",
            source=Source.MANUAL,
            now=moment,
        ).registration
        if rng.random() < 0.85:
            registration.source = Source.ONLINE  # the public form, as most people register
        email = f"{first}.{last}.{location.slug}{n}".lower().replace(" ", "") + "@example.org"
        people.append((registration, email))
    confirmed = [r for r, _ in people if r.status == Status.CONFIRMED]
    for registration in rng.sample(confirmed, k=min(turnout.cancellations, len(confirmed))):
        moment = registration.created_at + (until - registration.created_at) * rng.uniform(0.2, 0.9)
        cancel_registration(registration, now=moment)  # the first in line, if any, moves up
    return people


def _add_addresses(people: list[tuple[Registration, str]], location: LocationDay, rng: random.Random) -> None:
    """Nine in ten gave an e-mail address; online always."""
    for registration, email in people:
        if registration.source == Source.ONLINE or rng.random() < 0.6:
            registration.email = registration.email_normalised = email


def _the_day(location: LocationDay, turnout: Turnout, rng: random.Random, seed: int) -> None:
    """The day before: the advice applied, workgroups assigned and published. On the day:
    check-in at the door, walk-ins, who are placed in a workgroup and told there."""
    advised = {cast(int, item.offer.id) for item in advice_services.propose(location).advice if item.open}
    advice_services.apply_choice(location, advised, local_to_utc(location.date - timedelta(days=2), time(10, 0)))
    _assign(location, seed, local_to_utc(location.date - timedelta(days=1), time(10, 0)))
    doors = local_to_utc(location.date, location.doors_open)
    confirmed = assignment_services.confirmed_registrations(location)
    for registration in confirmed:
        if rng.random() < turnout.came:
            check_in(registration, doors + timedelta(minutes=rng.randint(0, 50)))
    running = [offer for offer in location.workgroup_offers if offer.is_open]
    for _ in range(turnout.walk_ins):
        # At the door: registered on the spot with the workgroup they pick, and let in.
        arrived = doors + timedelta(minutes=rng.randint(5, 40))
        walk_in = register_participant(
            location,
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            email=None,
            organisation=rng.choice(ORGANISATIONS),
            preferences={1: [rng.choice(running).workgroup_id]} if running else {},
            source=Source.WALK_IN,
            now=arrived,
        ).registration
        check_in(walk_in, arrived)
    if turnout.walk_ins:
        _assign(location, seed, doors + timedelta(minutes=45))  # earlier placements stay


def _assign(location: LocationDay, seed: int, moment: datetime) -> None:
    outcome = assignment_services.run_allocation(location, seed=seed, created_by="demo")
    outcome.run.started_at = moment
    assignment_services.publish(location)
