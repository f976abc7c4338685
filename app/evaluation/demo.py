"""Demo evaluation: a published evaluation form and, for each day already held,
invitations, a reminder and a realistic set of responses, online and on paper, from a
fixed seed. The demo sends no mail (the invitations are recorded as sent).

Called by app/demo/loader.py after the participants (app/demo/participants.py).
Idempotent: an edition that already has an evaluation form is left as it is.

The figures agree with each other as they would after real days: only people checked in
are invited (those with an address), only the invited answer online, a paper form comes
from someone present who did not answer online and is about their own workgroup, and
every answer lies between the day and the moment the demo is loaded.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.evaluation import services
from app.evaluation.models import EvaluationInvitation, QuestionKind, QuestionScope
from app.extensions import db
from app.programme.models import Edition, LocationDay
from app.registration.models import Registration, Status
from app.timeutil import local_to_utc

SEED = 2013
# How each day went down, a little differently per place (mean of a 1-5 rating).
LOCATION_MOOD = {"zutphen": 3.9, "rotterdam": 4.2, "amsterdam": 3.7, "beilen": 4.0, "roermond": 3.6}
ONLINE = 0.6  # of the invited: answered online
DRAFT = 0.06  # of the invited: saved halfway, never sent
PAPER = 0.45  # of the others present: filled in the paper form at the door
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


def load_demo_evaluation(edition: Edition, today: date, seed: int = SEED) -> bool:
    """Fill the demo edition's evaluation; returns False when it already had a form."""
    if services.form_for(edition) is not None:
        return False
    rng = random.Random(seed)
    form = services.ensure_form(edition)
    form.published = True
    db.session.flush()
    speaker_quality: dict[int, float] = {}
    workgroup_quality: dict[int, float] = {}
    for location in sorted(edition.location_days, key=lambda day: day.date):
        if location.date < today:
            _answer(form, location, today, rng, speaker_quality, workgroup_quality)
    db.session.flush()
    return True


def _moment(location: LocationDay, days: int, rng: random.Random) -> datetime:
    return local_to_utc(location.date + timedelta(days=days), time(rng.randint(8, 21), rng.randint(0, 59)))


def _answer(form, location: LocationDay, today: date, rng, speaker_quality: dict, workgroup_quality: dict) -> None:
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
    # Answers come in during the days after the day, never later than yesterday.
    last = max(min(6, (today - location.date).days - 1), 1)
    invited_at = local_to_utc(location.date + timedelta(days=1), time(10, 0))
    invited = [registration for registration in present if registration.email]
    invitations = {
        registration.id: EvaluationInvitation(form_id=form.id, registration_id=registration.id, invited_at=invited_at)
        for registration in invited
    }
    db.session.add_all(invitations.values())
    answered = set()
    for registration in invited:
        chance = rng.random()
        if chance < ONLINE + DRAFT:
            complete = chance < ONLINE
            asked = services.asked_questions(form, location, registration)
            values = _values(asked, rng, mood, speaker_quality, workgroup_quality, complete=complete)
            moment = _moment(location, rng.randint(1, last), rng)
            services.save_online(registration, values, submit=complete, now=moment)
            if complete:
                answered.add(registration.id)
    reminder = location.date + timedelta(days=7)
    if reminder < today:  # a week after the day, to whoever had not answered
        for registration_id, invitation in invitations.items():
            if registration_id not in answered:
                invitation.reminded_at = local_to_utc(reminder, time(10, 0))
                invitation.reminders = 1
    for registration in present:
        if registration.id not in answered and rng.random() < PAPER:
            _paper(form, location, registration, rng, mood, speaker_quality, workgroup_quality, last)


def _paper(form, location, registration, rng, mood, speaker_quality, workgroup_quality, last: int) -> None:
    """A paper form, typed in later: its writer's own workgroup, some questions left empty."""
    own = {subject.key for subject in services.subjects_for(location, QuestionScope.WORKGROUP, registration)}
    asked = [
        item
        for item in services.asked_questions(form, location, None)
        if not (item.question.scope == QuestionScope.WORKGROUP and item.subject and item.subject.key not in own)
    ]
    values = _values(asked, rng, mood, speaker_quality, workgroup_quality, complete=False)
    if values:
        services.save_paper(
            location,
            {key: str(v) if isinstance(v, int) else v for key, v in values.items()},
            now=_moment(location, rng.randint(1, last), rng),
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
