"""Demo evaluation: registrations (when the demo has none), a published evaluation form,
invitations and a realistic set of responses, online and on paper, from a fixed seed.
The demo sends no mail (the invitations are recorded as sent).

Called by app/demo/loader.py. Idempotent: an edition that already has an evaluation form
is left as it is. The demo days lie in the coming weeks (so registration can be tried);
the responses are entered as if each day had already taken place.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from app.evaluation import services
from app.evaluation.models import EvaluationInvitation, QuestionKind, QuestionScope
from app.extensions import db
from app.programme.models import Edition, LocationDay
from app.registration.models import Registration, Source, Status
from app.registration.services import check_in, organisation_kinds, register_participant
from app.timeutil import local_to_utc
from app.workgroups import assignment_services

SEED = 2013

FIRST_NAMES = (
    "Anja",
    "Bert",
    "Carla",
    "Dirk",
    "Els",
    "Fatima",
    "Gerrit",
    "Henk",
    "Ingrid",
    "Jan",
    "Karin",
    "Lotte",
    "Mohamed",
    "Nel",
    "Olga",
    "Piet",
    "Rina",
    "Sandra",
    "Theo",
    "Ulla",
    "Wim",
    "Yvonne",
    "Ahmet",
    "Bep",
    "Cor",
    "Denise",
    "Ellen",
    "Frans",
    "Greet",
    "Hanneke",
    "Ria",
    "Joke",
    "Kees",
    "Lies",
    "Marja",
    "Nadia",
)
LAST_NAMES = (
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Yilmaz",
    "El Amrani",
    "Kok",
    "Verhoeven",
    "van Dam",
    "Koster",
    "Postma",
    "Willems",
)
ORGANISATIONS = (
    "Cliëntenraad Werk en Inkomen",
    "Voedselbank",
    "FNV Uitkeringsgerechtigden",
    "Diaconie",
    "Stichting Mantelzorg",
    "Armoedeplatform",
    "Wmo-raad",
    "Ouderenbond",
    "Vrijwilligerscentrale",
    "Cliëntenraad GGZ",
    "Buurthuis",
    "Schuldhulpmaatje",
)
MUNICIPALITIES = {
    "zutphen": ("Zutphen", "Deventer", "Apeldoorn", "Lochem", "Brummen"),
    "rotterdam": ("Rotterdam", "Schiedam", "Vlaardingen", "Capelle aan den IJssel", "Dordrecht"),
    "amsterdam": ("Amsterdam", "Zaanstad", "Haarlem", "Amstelveen", "Almere"),
    "beilen": ("Midden-Drenthe", "Assen", "Emmen", "Hoogeveen", "Meppel"),
    "roermond": ("Roermond", "Venlo", "Weert", "Sittard-Geleen", "Maastricht"),
}
# How each day went down, a little differently per place (mean of a 1-5 rating).
LOCATION_MOOD = {"zutphen": 3.9, "rotterdam": 4.2, "amsterdam": 3.7, "beilen": 4.0, "roermond": 3.6}

GOOD = (
    "De verhalen uit de praktijk gaven mij veel moed.",
    "Goed georganiseerd en een warme ontvangst.",
    "Fijn om mensen uit andere organisaties te ontmoeten.",
    "De inleiding zette mij aan het denken over eigen kracht.",
    "Het theater was heel grappig en raakte mij ook.",
    "Eindelijk eens praten met mensen die hetzelfde meemaken.",
    "De werkgroep was praktisch: ik weet nu wat ik kan doen.",
    "Heel goed dat de dag in onze regio was.",
    "Lekkere lunch en een gezellige sfeer.",
    "Duidelijke uitleg over de Participatiewet.",
)
BETTER = (
    "Meer tijd voor de werkgroepen, het was te kort.",
    "De zaal was slecht te verstaan achterin.",
    "Minder sprekers, meer gesprek.",
    "Graag de presentaties na afloop per e-mail.",
    "De route vanaf het station was niet goed aangegeven.",
    "Iets meer pauze tussendoor.",
    "De inleiding was soms moeilijk te volgen voor mij.",
    "Meer aandacht voor mensen met een beperking.",
    "Een volgende keer ook een werkgroep over schulden.",
    "Begin wat later, ik moest heel vroeg van huis.",
)


def load_demo_evaluation(edition: Edition, seed: int = SEED) -> bool:
    """Fill the demo edition's evaluation; returns False when it already had a form."""
    if services.form_for(edition) is not None:
        return False
    rng = random.Random(seed)
    locations = sorted(edition.location_days, key=lambda day: day.date)
    if not _has_registrations(locations):
        for location in locations:
            _register_people(location, rng)
    db.session.flush()
    for location in locations:
        _assign_workgroups(location, seed)
    form = services.ensure_form(edition)
    form.published = True
    db.session.flush()
    speaker_quality: dict[int, float] = {}
    workgroup_quality: dict[int, float] = {}
    for location in locations:
        _answer(form, location, rng, speaker_quality, workgroup_quality)
    db.session.flush()
    return True


def _has_registrations(locations: list[LocationDay]) -> bool:
    ids = [location.id for location in locations]
    return bool(db.session.scalar(select(func.count()).where(Registration.location_day_id.in_(ids))))


def _register_people(location: LocationDay, rng: random.Random) -> None:
    kinds = organisation_kinds(location.edition)
    offers = [offer for offer in location.workgroup_offers if offer.is_open]
    number = min(location.capacity, rng.randint(26, 42))
    before = datetime.combine(location.date, time(0, 0)) - timedelta(days=1)
    for n in range(number):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        ranked = rng.sample(offers, k=min(3, len(offers)))
        with_email = rng.random() < 0.9
        email = f"{first}.{last}.{location.slug}{n}".lower().replace(" ", "") + "@example.org"
        registration = register_participant(
            location,
            name=f"{first} {last}",
            email=None,  # added below: registering with an address would render a confirmation mail
            organisation=rng.choice(ORGANISATIONS),
            organisation_kind=rng.choice(kinds) if kinds else None,
            municipality=rng.choice(MUNICIPALITIES.get(location.slug, (location.city,))),
            preferences={1: [offer.workgroup_id for offer in ranked]} if ranked else {},
            consent=True,
            language="en" if rng.random() < 0.04 else "nl",
            source=Source.MANUAL,
            now=before - timedelta(days=rng.randint(1, 30), minutes=rng.randint(0, 600)),
        ).registration
        if with_email:
            registration.email = registration.email_normalised = email
        if registration.status == Status.CONFIRMED and rng.random() < 0.86:
            check_in(registration, local_to_utc(location.date, time(9, 30)) + timedelta(minutes=rng.randint(0, 50)))


def _assign_workgroups(location: LocationDay, seed: int) -> None:
    if not any(offer.is_open for offer in location.workgroup_offers):
        return
    if assignment_services.assignments_at(location):
        return
    assignment_services.run_allocation(location, seed=seed, created_by="demo")
    assignment_services.publish(location)


def _day_after(location: LocationDay, rng: random.Random) -> datetime:
    return local_to_utc(location.date + timedelta(days=rng.randint(1, 6)), time(rng.randint(8, 21), rng.randint(0, 59)))


def _answer(form, location: LocationDay, rng: random.Random, speaker_quality: dict, workgroup_quality: dict) -> None:
    mood = LOCATION_MOOD.get(location.slug, 3.9)
    present = list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.location_day_id == location.id,
                Registration.status == Status.CONFIRMED,
                Registration.checked_in_at.is_not(None),
            )
            .order_by(Registration.id)
        )
    )
    if not present:
        return
    invited_at = _day_after(location, rng)
    db.session.add_all(
        EvaluationInvitation(form_id=form.id, registration_id=r.id, invited_at=invited_at) for r in present if r.email
    )
    for registration in present:
        chance = rng.random()
        if chance < 0.58:
            values = _values(
                services.asked_questions(form, location, registration), rng, mood, speaker_quality, workgroup_quality
            )
            services.save_online(registration, values, submit=True, now=_day_after(location, rng))
        elif chance < 0.63:
            # Saved halfway and never sent: stays a draft, not counted.
            values = _values(
                services.asked_questions(form, location, registration),
                rng,
                mood,
                speaker_quality,
                workgroup_quality,
                complete=False,
            )
            services.save_online(registration, values, submit=False, now=_day_after(location, rng))
    paper = services.asked_questions(form, location, None)
    for _ in range(rng.randint(4, 9)):
        # A paper form: one workgroup filled in, the rest of that block left empty.
        workgroups = [item.subject for item in paper if item.subject and item.question.scope == QuestionScope.WORKGROUP]
        chosen = rng.choice(workgroups).key if workgroups else None
        asked = [
            item
            for item in paper
            if not (item.question.scope == QuestionScope.WORKGROUP and item.subject and item.subject.key != chosen)
        ]
        values = _values(asked, rng, mood, speaker_quality, workgroup_quality, complete=False)
        if values:
            services.save_paper(
                location,
                {key: str(v) if isinstance(v, int) else v for key, v in values.items()},
                now=_day_after(location, rng),
            )


def _values(
    asked, rng: random.Random, mood: float, speaker_quality: dict, workgroup_quality: dict, complete: bool = True
) -> dict:
    generous = rng.gauss(0, 0.45)  # some people rate everything higher
    values: dict[str, object] = {}
    for item in asked:
        question = item.question
        if not complete and rng.random() < 0.35:
            continue
        if not question.required and rng.random() < 0.12 and item.kind != QuestionKind.TEXT:
            continue
        subject = item.subject
        base = mood + generous
        if subject is not None and subject.speaker_id is not None:
            base += speaker_quality.setdefault(subject.speaker_id, rng.uniform(-0.7, 0.6))
        if subject is not None and subject.workgroup_id is not None:
            base += workgroup_quality.setdefault(subject.workgroup_id, rng.uniform(-0.5, 0.5))
        if item.kind == QuestionKind.RATING:
            values[item.key] = _clip(round(rng.gauss(base, 0.7)), 1, 5)
        elif item.kind == QuestionKind.MARK:
            values[item.key] = _clip(round(rng.gauss(base * 1.75 + 0.3, 1.0)), 1, 10)
        elif item.kind == QuestionKind.SINGLE:
            options = question.option_list
            weights = [max(len(options) - i, 1) ** 1.3 for i in range(len(options))]
            values[item.key] = rng.choices(options, weights=weights)[0]
        elif item.kind == QuestionKind.MULTIPLE:
            options = question.option_list
            chosen = [o for o in options[:-1] if rng.random() < 0.45] or [rng.choice(options)]
            values[item.key] = chosen
        else:
            pool = BETTER if ("beter" in question.text.lower()) else GOOD
            if rng.random() < 0.4:
                values[item.key] = rng.choice(pool)
    return values


def _clip(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))
