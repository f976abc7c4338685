"""Plain rows for the results: the database read once into the plain values that
app/evaluation/results.py computes figures from."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import Text, cast, delete, func, select

from app.common.language import dutch, in_language
from app.evaluation import results
from app.evaluation.asking import speaker_label
from app.evaluation.models import (
    Channel,
    EvaluationAnswer,
    EvaluationForm,
    EvaluationInvitation,
    EvaluationResponse,
    QuestionKind,
    QuestionScope,
    ResponseStatus,
)
from app.extensions import db
from app.programme.models import LocationDay, Speaker
from app.registration.models import Registration
from app.registration.services import counts_for
from app.workgroups.models import Workgroup

# --- rows for the results -------------------------------------------------------------


def plain_questions(form: EvaluationForm) -> list[results.Question]:
    return [
        results.Question(
            id=q.id,
            position=q.position,
            kind=QuestionKind(q.kind).value,
            scope=QuestionScope(q.scope).value,
            text=in_language(q, "text"),  # English in English reports when the organiser gave it
            options=tuple(q.option_list),
        )
        for q in form.questions
    ]


def plain_rows(
    form: EvaluationForm, location_ids: Sequence[int]
) -> tuple[list[results.Response], list[results.Answer]]:
    """Submitted responses and their answers at these locations, counted in SQL: one
    weighted row per location and channel, and one per distinct answer (question, subject,
    value) at a location, so a national edition's answers never become Python objects one
    by one. The figures are the same as from one row per answer (the results weigh each
    row); rows come in the order of their first answer, so subject labels are too."""
    submitted = (
        EvaluationResponse.form_id == form.id,
        EvaluationResponse.status == ResponseStatus.SUBMITTED,
        EvaluationResponse.location_day_id.in_(list(location_ids)),
    )
    responses = [
        results.Response(id=_group_id(lid, channel), location_id=lid, channel=Channel(channel).value, weight=count)
        for lid, channel, count in db.session.execute(
            select(EvaluationResponse.location_day_id, EvaluationResponse.channel, func.count())
            .where(*submitted)
            .group_by(EvaluationResponse.location_day_id, EvaluationResponse.channel)
            .order_by(EvaluationResponse.location_day_id, EvaluationResponse.channel)
        )
    ]
    choices = cast(EvaluationAnswer.choices, Text)  # JSON has no equality in PostgreSQL
    grouped = (
        EvaluationResponse.location_day_id,
        EvaluationResponse.channel,
        EvaluationAnswer.question_id,
        EvaluationAnswer.subject_key,
        EvaluationAnswer.subject_label,
        EvaluationAnswer.speaker_id,
        EvaluationAnswer.workgroup_id,
        EvaluationAnswer.number,
        EvaluationAnswer.text,
        choices,
    )
    rows = db.session.execute(
        select(*grouped, func.count().label("weight"))
        .join(EvaluationResponse, EvaluationResponse.id == EvaluationAnswer.response_id)
        .where(*submitted)
        .group_by(*grouped)
        .order_by(func.min(EvaluationAnswer.id))
    )
    answers = [
        results.Answer(
            response_id=_group_id(location_id, channel),
            location_id=location_id,
            question_id=question_id,
            subject_key=subject_key or "",
            subject_label=dutch(subject_label or ""),  # a talk's or a workgroup's own (Dutch) title
            speaker_id=speaker_id,
            workgroup_id=workgroup_id,
            number=number,
            text=text or "",
            choices=tuple(json.loads(chosen) or ()) if chosen else (),
            channel=Channel(channel).value,
            weight=weight,
        )
        for (
            location_id,
            channel,
            question_id,
            subject_key,
            subject_label,
            speaker_id,
            workgroup_id,
            number,
            text,
            chosen,
            weight,
        ) in rows
    ]
    return responses, answers


def _group_id(location_id: int, channel: str) -> str:
    """The id of a location's responses through one channel, counted together."""
    return f"{location_id}:{Channel(channel).value}"


def plain_locations(form: EvaluationForm | None, locations: Sequence[LocationDay]) -> list[results.Location]:
    counts = counts_for(list(locations))
    invited: dict[int, int] = {}
    if form is not None and locations:
        invited = dict(
            db.session.execute(
                select(Registration.location_day_id, func.count())
                .join(EvaluationInvitation, EvaluationInvitation.registration_id == Registration.id)
                .where(
                    EvaluationInvitation.form_id == form.id,
                    Registration.location_day_id.in_([loc.id for loc in locations]),
                )
                .group_by(Registration.location_day_id)
            ).all()
        )
    return [
        results.Location(
            id=loc.id,
            city=loc.city,
            date=loc.date,
            registered=counts[loc.id].confirmed,
            present=counts[loc.id].present,
            invited=invited.get(loc.id, 0),
        )
        for loc in sorted(locations, key=lambda loc: (loc.date, loc.city))
    ]


def location_results(form: EvaluationForm, location: LocationDay) -> results.LocationResults:
    responses, answers = plain_rows(form, [location.id])
    (plain_location,) = plain_locations(form, [location])
    return results.location_results(plain_questions(form), answers, responses, plain_location)


@dataclass(frozen=True)
class _Loaded:
    questions: list[results.Question]
    answers: list[results.Answer]
    responses: list[results.Response]
    locations: list[results.Location]
    speaker_names: dict[int, str]
    workgroup_names: dict[int, str]


def _load(form: EvaluationForm, locations: Sequence[LocationDay]) -> _Loaded:
    responses, answers = plain_rows(form, [loc.id for loc in locations])
    speaker_names = {
        s.id: speaker_label(s) for s in db.session.scalars(select(Speaker).where(Speaker.edition_id == form.edition_id))
    }
    workgroups = db.session.scalars(select(Workgroup).where(Workgroup.edition_id == form.edition_id))
    workgroup_names: dict[int, str] = {w.id: dutch(w.title) for w in workgroups}  # Dutch titles: marked
    return _Loaded(
        plain_questions(form), answers, responses, plain_locations(form, locations), speaker_names, workgroup_names
    )


def _edition(loaded: _Loaded) -> results.EditionResults:
    return results.edition_results(
        loaded.questions,
        loaded.answers,
        loaded.responses,
        loaded.locations,
        speaker_names=loaded.speaker_names,
        workgroup_names=loaded.workgroup_names,
        total_label=_("Totaal"),
    )


def edition_results(form: EvaluationForm, locations: Sequence[LocationDay]) -> results.EditionResults:
    """Over the given locations only: a coordinator's view passes just their own."""
    return _edition(_load(form, locations))


def results_for_export(
    form: EvaluationForm, locations: Sequence[LocationDay]
) -> tuple[results.EditionResults, list[results.LocationResults]]:
    """The figures over these locations together, and each location's own, from one load."""
    loaded = _load(form, locations)
    per_location = [
        results.location_results(loaded.questions, loaded.answers, loaded.responses, loc) for loc in loaded.locations
    ]
    return _edition(loaded), per_location


def discard_drafts(form: EvaluationForm, location: LocationDay) -> int:
    """Remove the saved-but-never-sent responses of a location (after the form closed)."""
    ids = list(
        db.session.scalars(
            select(EvaluationResponse.id).where(
                EvaluationResponse.form_id == form.id,
                EvaluationResponse.location_day_id == location.id,
                EvaluationResponse.status == ResponseStatus.DRAFT,
            )
        )
    )
    if ids:
        db.session.execute(delete(EvaluationAnswer).where(EvaluationAnswer.response_id.in_(ids)))
        db.session.execute(delete(EvaluationResponse).where(EvaluationResponse.id.in_(ids)))
    db.session.flush()
    return len(ids)
