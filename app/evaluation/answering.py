"""When the form is open, and a participant's online response: stored values, checking
the answers, drafts and the final submission."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.evaluation.asking import Asked, asked_questions
from app.evaluation.models import (
    Channel,
    EvaluationAnswer,
    EvaluationForm,
    EvaluationParticipation,
    EvaluationResponse,
    QuestionKind,
    ResponseStatus,
)
from app.evaluation.questionnaire import MAX_TEXT, EvaluationError, form_for
from app.extensions import db
from app.programme.models import LocationDay
from app.registration.models import Registration, Status
from app.timeutil import to_local, utcnow

# --- when the form is open ------------------------------------------------------------


def local_today(now: datetime | None = None) -> date:
    return to_local(now or utcnow()).date()


def closes_on(form: EvaluationForm, location: LocationDay) -> date:
    """The last day participants can answer."""
    return location.date + timedelta(days=form.days_open)


def window(form: EvaluationForm | None, location: LocationDay, now: datetime | None = None) -> str:
    """'unpublished', 'before' (the day has not come), 'open' or 'closed'."""
    if form is None or not form.published:
        return "unpublished"
    today = local_today(now)
    if today < location.date:
        return "before"
    if today > closes_on(form, location):
        return "closed"
    return "open"


def check_open(form: EvaluationForm, location: LocationDay, now: datetime | None) -> None:
    state = window(form, location, now)
    if state == "before":
        raise EvaluationError(_("Het evaluatieformulier gaat open op de dag zelf."))
    if state == "closed":
        raise EvaluationError(_("Het evaluatieformulier is gesloten. Invullen kan niet meer."))
    if state != "open":
        raise EvaluationError(_("Er is (nog) geen evaluatieformulier."))


# --- a participant's response ---------------------------------------------------------


def response_of(form: EvaluationForm, registration: Registration) -> EvaluationResponse | None:
    """Their stored response (a draft, or a submitted one when the form is not anonymous)."""
    return db.session.scalar(
        select(EvaluationResponse)
        .where(EvaluationResponse.form_id == form.id, EvaluationResponse.registration_id == registration.id)
        .options(selectinload(EvaluationResponse.answers))
    )


def has_answered(form: EvaluationForm, registration: Registration) -> bool:
    participated = db.session.get(EvaluationParticipation, (form.id, registration.id)) is not None
    if participated:
        return True
    response = response_of(form, registration)
    return response is not None and response.is_submitted


def may_answer(registration: Registration) -> bool:
    return registration.status == Status.CONFIRMED


@dataclass(frozen=True)
class ParticipantState:
    """What the personal page says about the evaluation."""

    state: str  # none | before | open | closed | answered | answered_final
    closes_on: date | None = None
    draft: bool = False


def participant_state(registration: Registration, now: datetime | None = None) -> ParticipantState:
    location = registration.location_day
    form = form_for(location.edition)
    state = window(form, location, now)
    if form is None or state == "unpublished" or not may_answer(registration):
        return ParticipantState("none")
    last_day = closes_on(form, location)
    if has_answered(form, registration):
        final = form.anonymous or state != "open"
        return ParticipantState("answered_final" if final else "answered", last_day)
    if state != "open":
        return ParticipantState(state, last_day)
    response = response_of(form, registration)
    return ParticipantState("open", last_day, draft=response is not None)


def stored_values(response: EvaluationResponse | None, asked: Sequence[Asked]) -> dict[str, object]:
    """A response's answers by field key, for filling the form again."""
    if response is None:
        return {}
    by_key = {(a.question_id, a.subject_key): a for a in response.answers}
    values: dict[str, object] = {}
    for item in asked:
        answer = by_key.get((item.question.id, item.subject_key))
        if answer is None:
            continue
        if item.kind.is_numeric:
            values[item.key] = answer.number
        elif item.kind == QuestionKind.MULTIPLE:
            values[item.key] = list(answer.choices or [])
        else:
            values[item.key] = answer.text
    return values


def clean_values(asked: Sequence[Asked], values: Mapping[str, object], enforce_required: bool) -> dict[str, object]:
    """Check every value against its question; all problems at once, by field key."""
    cleaned: dict[str, object] = {}
    errors: dict[str, str] = {}
    for item in asked:
        raw = values.get(item.key)
        kind = item.kind
        try:
            value = _clean_value(item, kind, raw)
        except EvaluationError as error:
            errors[item.key] = str(error)
            continue
        if _empty(value):
            if enforce_required and item.question.required:
                errors[item.key] = str(_missing_message(kind))
            continue
        cleaned[item.key] = value
    if errors:
        raise EvaluationError(_("Niet alles is goed ingevuld. Kijk bij de vragen met een melding."), errors=errors)
    return cleaned


def _missing_message(kind: QuestionKind):
    if kind == QuestionKind.TEXT:
        return _l("Vul hier iets in. Deze vraag moet u beantwoorden.")
    return _l("Kies een antwoord. Deze vraag moet u beantwoorden.")


def _clean_value(item: Asked, kind: QuestionKind, raw):
    if kind.is_numeric:
        if raw in (None, ""):
            return None
        try:
            number = int(str(raw).strip())
        except ValueError:
            number = None
        scale = kind.scale
        if number not in scale:
            raise EvaluationError(_("Kies een getal van %(low)s tot en met %(high)s.", low=scale[0], high=scale[-1]))
        return number
    if kind == QuestionKind.SINGLE:
        text = (raw or "").strip() if isinstance(raw, str) else ""
        if text and text not in item.question.option_list:
            raise EvaluationError(_("Kies een van de antwoorden uit de lijst."))
        return text
    if kind == QuestionKind.MULTIPLE:
        chosen = [raw] if isinstance(raw, str) else list(raw or [])
        chosen = [c.strip() for c in chosen if isinstance(c, str) and c.strip()]
        options = item.question.option_list
        if any(c not in options for c in chosen):
            raise EvaluationError(_("Kies antwoorden uit de lijst."))
        return [option for option in options if option in chosen]  # form order, no doubles
    text = (raw or "").strip() if isinstance(raw, str) else ""
    if len(text) > MAX_TEXT:
        raise EvaluationError(_("Dit is te lang: gebruik hoogstens %(count)s tekens.", count=MAX_TEXT))
    return text.replace("\x00", "")


def _empty(value) -> bool:
    return value is None or value == "" or value == []


def write_answers(response: EvaluationResponse, asked: Sequence[Asked], cleaned: Mapping[str, object]) -> None:
    if response.answers:
        response.answers.clear()
        db.session.flush()  # the old rows go before the new ones reuse (question, subject)
    for item in asked:
        if item.key not in cleaned:
            continue
        value = cleaned[item.key]
        subject = item.subject
        answer = EvaluationAnswer(
            question_id=item.question.id,
            subject_key=subject.key if subject else "",
            subject_label=(subject.label if subject else "")[:400],
            speaker_id=subject.speaker_id if subject else None,
            workgroup_id=subject.workgroup_id if subject else None,
            number=None,
            text="",
            choices=[],
        )  # every column set, so the rows go to the database in one batch
        # clean_values made each value the kind's type; anything else is stored as empty
        if item.kind.is_numeric:
            answer.number = value if isinstance(value, int) else None
        elif item.kind == QuestionKind.MULTIPLE:
            answer.choices = list(value) if isinstance(value, (list, tuple)) else []
        else:
            answer.text = value if isinstance(value, str) else ""
        response.answers.append(answer)


def save_online(
    registration: Registration,
    values: Mapping[str, object],
    *,
    submit: bool,
    now: datetime | None = None,
) -> EvaluationResponse:
    """Save a participant's answers: as a draft to continue later, or submitted.

    Not anonymous: one response per participant, editable until the form closes.
    Anonymous: the draft is kept with the personal link until it is sent; sending stores
    the answers in a new response without any link to the person, records only that the
    person answered, and removes the draft. An anonymous response cannot be changed later.
    """
    now = now or utcnow()
    location = registration.location_day
    form = form_for(location.edition)
    if form is None:
        raise EvaluationError(_("Er is (nog) geen evaluatieformulier."))
    check_open(form, location, now)
    if not may_answer(registration):
        raise EvaluationError(_("Alleen deelnemers met een bevestigde aanmelding kunnen het formulier invullen."))
    if form.anonymous and db.session.get(EvaluationParticipation, (form.id, registration.id)) is not None:
        raise EvaluationError(_("U heeft het formulier al ingevuld. Dank u wel!"))
    asked = asked_questions(form, location, registration)
    cleaned = clean_values(asked, values, enforce_required=submit)

    stored = response_of(form, registration)
    if form.anonymous and submit:
        if stored is not None:
            db.session.delete(stored)
            db.session.flush()
        db.session.add(EvaluationParticipation(form_id=form.id, registration_id=registration.id))
        response = EvaluationResponse(
            form_id=form.id,
            location_day_id=location.id,
            registration_id=None,
            channel=Channel.ONLINE,
            status=ResponseStatus.SUBMITTED,
            submitted_at=None,
        )
        db.session.add(response)
        write_answers(response, asked, cleaned)
        db.session.flush()
        return response

    response = stored or EvaluationResponse(
        form_id=form.id,
        location_day_id=location.id,
        registration_id=registration.id,
        channel=Channel.ONLINE,
        status=ResponseStatus.DRAFT,
    )
    if stored is None:
        db.session.add(response)
    response.location_day_id = location.id
    if submit:
        response.status = ResponseStatus.SUBMITTED
        response.submitted_at = now
    write_answers(response, asked, cleaned)
    db.session.flush()
    return response
