"""Paper forms typed in by a coordinator after the day."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.evaluation.answering import clean_values, write_answers
from app.evaluation.asking import asked_questions
from app.evaluation.models import (
    Channel,
    EvaluationResponse,
    ResponseStatus,
)
from app.evaluation.questionnaire import EvaluationError, form_for
from app.extensions import db
from app.programme.locking import lock_location
from app.programme.models import LocationDay
from app.timeutil import utcnow

# --- paper forms ----------------------------------------------------------------------


def save_paper(
    location: LocationDay,
    values: Mapping[str, object],
    response: EvaluationResponse | None = None,
    now: datetime | None = None,
) -> EvaluationResponse:
    """A paper form typed in by an organiser: counted like an online one, marked as paper,
    never linked to a person. Required questions are not enforced (paper comes as it is)."""
    form = form_for(location.edition)
    if form is None:
        raise EvaluationError(_("Er is (nog) geen evaluatieformulier."))
    if response is not None and (response.channel != Channel.PAPER or response.location_day_id != location.id):
        raise EvaluationError(_("Dit is geen papieren formulier van deze locatie."))
    asked = asked_questions(form, location, None)
    cleaned = clean_values(asked, values, enforce_required=False)
    if not cleaned:
        raise EvaluationError(_("Het formulier is leeg. Vul minstens één antwoord in."))
    if response is None:
        lock_location(location)  # two organisers typing at once still get different numbers
        number = db.session.scalar(
            select(func.max(EvaluationResponse.paper_number)).where(
                EvaluationResponse.form_id == form.id, EvaluationResponse.location_day_id == location.id
            )
        )
        response = EvaluationResponse(
            form_id=form.id,
            location_day_id=location.id,
            channel=Channel.PAPER,
            status=ResponseStatus.SUBMITTED,
            submitted_at=now or utcnow(),
            paper_number=(number or 0) + 1,
        )
        db.session.add(response)
    write_answers(response, asked, cleaned)
    db.session.flush()
    return response


def paper_responses(location: LocationDay) -> list[EvaluationResponse]:
    return list(
        db.session.scalars(
            select(EvaluationResponse)
            .where(EvaluationResponse.location_day_id == location.id, EvaluationResponse.channel == Channel.PAPER)
            .options(selectinload(EvaluationResponse.answers))
            .order_by(EvaluationResponse.paper_number.desc())
        )
    )


def delete_paper(response: EvaluationResponse) -> None:
    if response.channel != Channel.PAPER:
        raise EvaluationError(_("Alleen papieren formulieren kunnen hier worden verwijderd."))
    db.session.delete(response)
    db.session.flush()
