"""Business rules for the evaluation: the form and its questions, the questions each
location (and each participant) gets, answering online and on paper, invitations and
reminders, and the plain rows that app/evaluation/results.py computes figures from.

Services take model objects and plain values, raise EvaluationError with a user-facing
message (and the field it belongs to, or a dict of fields), queue mail through
app.mail.queue_mail and only flush: the caller commits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.orm import joinedload, selectinload

from app.evaluation import results
from app.evaluation.models import (
    Channel,
    EvaluationAnswer,
    EvaluationForm,
    EvaluationInvitation,
    EvaluationParticipation,
    EvaluationQuestion,
    EvaluationResponse,
    QuestionKind,
    QuestionScope,
    ResponseStatus,
)
from app.extensions import db
from app.programme.models import Contribution, Edition, ItemKind, LocationDay, Speaker
from app.registration.models import Registration, Status
from app.timeutil import to_local, utcnow
from app.workgroups.models import Workgroup, WorkgroupAssignment, WorkgroupOffer

MAX_TEXT = 5000

RATING_WORDS = {
    1: _l("Heel slecht"),
    2: _l("Slecht"),
    3: _l("Gewoon"),
    4: _l("Goed"),
    5: _l("Heel goed"),
}
# Emoji from Unicode 6, which every phone shows; the words carry the meaning (the smiley is aria-hidden).
SMILEYS = {1: "😞", 2: "😟", 3: "😐", 4: "😊", 5: "😀"}

KIND_LABELS = {
    QuestionKind.RATING: _l("Waardering 1 tot 5 (met woorden)"),
    QuestionKind.MARK: _l("Rapportcijfer 1 tot 10"),
    QuestionKind.SINGLE: _l("Eén keuze uit een lijst"),
    QuestionKind.MULTIPLE: _l("Meer keuzes uit een lijst"),
    QuestionKind.TEXT: _l("Open vraag"),
}
SCOPE_LABELS = {
    QuestionScope.GENERAL: _l("Eén keer"),
    QuestionScope.INTRODUCTION: _l("Per inleiding op de locatie"),
    QuestionScope.PRACTICE: _l("Per verhaal uit de praktijk op de locatie"),
    QuestionScope.SPEAKER: _l("Per spreker op de locatie"),
    QuestionScope.WORKGROUP: _l("Per werkgroep waar de deelnemer aan meedeed"),
}
SCOPE_HEADINGS = {
    QuestionScope.GENERAL: "",
    QuestionScope.INTRODUCTION: _l("Inleiding"),
    QuestionScope.PRACTICE: _l("Uit de praktijk"),
    QuestionScope.SPEAKER: _l("De sprekers"),
    QuestionScope.WORKGROUP: _l("Uw werkgroep"),
}

# A sensible start in plain Dutch; organisers change it per edition.
DEFAULT_QUESTIONS = (
    (QuestionKind.MARK, QuestionScope.GENERAL, "Welk rapportcijfer geeft u deze dag?", "", True, ()),
    (QuestionKind.RATING, QuestionScope.INTRODUCTION, "Wat vond u van de inleiding?", "", True, ()),
    (QuestionKind.RATING, QuestionScope.PRACTICE, "Wat vond u van dit verhaal uit de praktijk?", "", False, ()),
    (QuestionKind.RATING, QuestionScope.SPEAKER, "Hoe goed kon u deze spreker volgen?", "", False, ()),
    (QuestionKind.RATING, QuestionScope.WORKGROUP, "Wat vond u van deze werkgroep?", "", True, ()),
    (
        QuestionKind.MULTIPLE,
        QuestionScope.GENERAL,
        "Wat neemt u mee naar huis?",
        "U mag meer dan één antwoord kiezen.",
        False,
        ("Nieuwe ideeën", "Nieuwe contacten", "Kennis over de regels", "Moed en energie", "Niets"),
    ),
    (
        QuestionKind.SINGLE,
        QuestionScope.GENERAL,
        "Hoe hoorde u van deze dag?",
        "",
        False,
        ("Via mijn organisatie", "Via een nieuwsbrief of website", "Via iemand die ik ken", "Anders"),
    ),
    (QuestionKind.SINGLE, QuestionScope.GENERAL, "Komt u volgend jaar weer?", "", False, ("Ja", "Misschien", "Nee")),
    (QuestionKind.TEXT, QuestionScope.GENERAL, "Wat vond u goed aan deze dag?", "", False, ()),
    (QuestionKind.TEXT, QuestionScope.GENERAL, "Wat kan beter?", "", False, ()),
)


class EvaluationError(ValueError):
    """A rule was broken. `field` names one form field; `errors` maps several fields to messages."""

    def __init__(self, message: str, field: str | None = None, errors: Mapping[str, str] | None = None):
        super().__init__(message)
        self.field = field
        self.errors = dict(errors or {})


# --- the form -------------------------------------------------------------------------


def form_for(edition: Edition) -> EvaluationForm | None:
    return db.session.scalar(
        select(EvaluationForm)
        .where(EvaluationForm.edition_id == edition.id)
        .options(selectinload(EvaluationForm.questions))
    )


def ensure_form(edition: Edition) -> EvaluationForm:
    """The edition's form; made on first use with a sensible set of questions, unpublished."""
    form = form_for(edition)
    if form is not None:
        return form
    form = EvaluationForm(
        edition=edition,
        intro="Wat vond u van de Alliantiedag? Uw antwoorden helpen ons om de volgende dagen nog beter te maken.",
    )
    db.session.add(form)
    for position, (kind, scope, text, help_, required, options) in enumerate(DEFAULT_QUESTIONS, start=1):
        form.questions.append(
            EvaluationQuestion(
                position=position,
                kind=kind,
                scope=scope,
                text=text,
                help=help_,
                required=required,
                options="\n".join(options),
            )
        )
    db.session.flush()
    return form


def has_responses(form: EvaluationForm) -> bool:
    """Any response at all, drafts included."""
    return bool(db.session.scalar(select(func.count()).where(EvaluationResponse.form_id == form.id))) or bool(
        db.session.scalar(select(func.count()).where(EvaluationParticipation.form_id == form.id))
    )


def update_settings(
    form: EvaluationForm, *, intro: str, anonymous: bool, smileys: bool, days_open: int, published: bool
) -> EvaluationForm:
    if days_open is None or days_open < 1:
        raise EvaluationError(_("Kies minstens 1 dag."), field="days_open")
    if bool(anonymous) != bool(form.anonymous) and has_responses(form):
        raise EvaluationError(
            _("Er zijn al antwoorden. Anoniem of niet anoniem kan daarna niet meer veranderen."), field="anonymous"
        )
    if published and not form.questions:
        raise EvaluationError(_("Voeg eerst minstens één vraag toe."), field="published")
    form.intro = (intro or "").strip()
    form.anonymous = bool(anonymous)
    form.smileys = bool(smileys)
    form.days_open = days_open
    form.published = bool(published)
    db.session.flush()
    return form


def _question_values(kind, scope, text, help_, options) -> tuple:
    text = (text or "").strip()
    if not text:
        raise EvaluationError(_("Vul de vraag in."), field="text")
    kind, scope = QuestionKind(kind), QuestionScope(scope)
    lines = [line.strip() for line in (options or "").splitlines() if line.strip()]
    if kind.has_options:
        if len(lines) < 2:
            raise EvaluationError(_("Geef minstens twee keuzes, één per regel."), field="options")
        if len({line.casefold() for line in lines}) != len(lines):
            raise EvaluationError(_("Een keuze staat er twee keer in."), field="options")
    else:
        lines = []
    return kind, scope, text, (help_ or "").strip(), "\n".join(lines)


def add_question(
    form: EvaluationForm, *, kind, scope, text, help: str = "", required=False, options=""
) -> EvaluationQuestion:
    kind, scope, text, help_, options = _question_values(kind, scope, text, help, options)
    position = 1 + max((q.position for q in form.questions), default=0)
    question = EvaluationQuestion(
        position=position, kind=kind, scope=scope, text=text, help=help_, required=bool(required), options=options
    )
    form.questions.append(question)
    db.session.flush()
    return question


def _answer_count(question: EvaluationQuestion) -> int:
    return db.session.scalar(select(func.count()).where(EvaluationAnswer.question_id == question.id)) or 0


def update_question(question: EvaluationQuestion, *, kind, scope, text, help: str = "", required=False, options=""):
    kind, scope, text, help_, options = _question_values(kind, scope, text, help, options)
    if (kind != question.kind or scope != question.scope) and _answer_count(question):
        raise EvaluationError(
            _("Er zijn al antwoorden op deze vraag. De soort vraag kan niet meer veranderen; maak een nieuwe vraag."),
            field="kind",
        )
    question.kind, question.scope, question.text = kind, scope, text
    question.help, question.required, question.options = help_, bool(required), options
    db.session.flush()
    return question


def delete_question(question: EvaluationQuestion) -> None:
    if _answer_count(question):
        raise EvaluationError(_("Er zijn al antwoorden op deze vraag. Verwijderen kan niet meer."))
    form = question.form
    form.questions.remove(question)
    for position, each in enumerate(sorted(form.questions, key=lambda q: q.position), start=1):
        each.position = position
    db.session.flush()


def move_question(question: EvaluationQuestion, offset: int) -> None:
    questions = sorted(question.form.questions, key=lambda q: q.position)
    index = questions.index(question)
    target = index + offset
    if not 0 <= target < len(questions):
        return
    questions[index], questions[target] = questions[target], questions[index]
    for position, each in enumerate(questions, start=1):
        each.position = position
    db.session.flush()


# --- the questions a location (and a participant) gets --------------------------------


@dataclass(frozen=True)
class Subject:
    key: str  # "contribution:12", "speaker:4", "workgroup:3"
    label: str
    speaker_id: int | None = None
    workgroup_id: int | None = None
    heading: str = ""  # the programme item, for contributions


@dataclass(frozen=True)
class Asked:
    """One question as a participant sees it: a form question, about one subject or none."""

    question: EvaluationQuestion
    subject: Subject | None

    @property
    def key(self) -> str:
        if self.subject is None:
            return f"q{self.question.id}"
        return f"q{self.question.id}_" + self.subject.key.replace(":", "")

    @property
    def kind(self) -> QuestionKind:
        return QuestionKind(self.question.kind)

    @property
    def subject_key(self) -> str:
        return self.subject.key if self.subject else ""


def _speaker_label(speaker: Speaker) -> str:
    return f"{speaker.name} ({speaker.organisation})" if speaker.organisation else speaker.name


def _contributions(location: LocationDay, kind: ItemKind) -> list[Contribution]:
    found = [c for c in location.contributions if ItemKind(c.programme_item.kind) == kind]
    return sorted(found, key=lambda c: (c.programme_item.position, c.position, c.id))


def subjects_for(location: LocationDay, scope: QuestionScope, registration: Registration | None) -> list[Subject]:
    """The location's own programme: its talks, its speakers, and the workgroups the
    participant was told they are in (all the location's open workgroups on paper)."""
    if scope in (QuestionScope.INTRODUCTION, QuestionScope.PRACTICE):
        kind = ItemKind.INTRODUCTION if scope == QuestionScope.INTRODUCTION else ItemKind.PRACTICE
        subjects = []
        for c in _contributions(location, kind):
            label = _speaker_label(c.speaker) + (f": {c.title}" if c.title else "")
            subjects.append(
                Subject(f"contribution:{c.id}", label, speaker_id=c.speaker_id, heading=c.programme_item.title)
            )
        return subjects
    if scope == QuestionScope.SPEAKER:
        ordered = sorted(location.contributions, key=lambda c: (c.programme_item.position, c.position, c.id))
        seen: dict[int, Subject] = {}
        for c in ordered:
            if ItemKind(c.programme_item.kind).takes_speaker and c.speaker_id not in seen:
                seen[c.speaker_id] = Subject(
                    f"speaker:{c.speaker_id}", _speaker_label(c.speaker), speaker_id=c.speaker_id
                )
        return list(seen.values())
    if scope == QuestionScope.WORKGROUP:
        offers = _attended_offers(registration) if registration is not None else _open_offers(location)
        seen_groups: dict[int, Subject] = {}
        for offer in offers:
            if offer.workgroup_id not in seen_groups:
                seen_groups[offer.workgroup_id] = Subject(
                    f"workgroup:{offer.workgroup_id}", offer.workgroup.title, workgroup_id=offer.workgroup_id
                )
        return list(seen_groups.values())
    return []


def _attended_offers(registration: Registration) -> list[WorkgroupOffer]:
    assignments = db.session.scalars(
        select(WorkgroupAssignment)
        .where(
            WorkgroupAssignment.registration_id == registration.id, WorkgroupAssignment.published_offer_id.is_not(None)
        )
        .options(joinedload(WorkgroupAssignment.published_offer).joinedload(WorkgroupOffer.workgroup))
        .order_by(WorkgroupAssignment.round)
    )
    return [a.published_offer for a in assignments if a.published_offer is not None]


def _open_offers(location: LocationDay) -> list[WorkgroupOffer]:
    offers = [offer for offer in location.workgroup_offers if offer.is_open]
    return sorted(offers, key=lambda offer: (offer.round, offer.workgroup.title.casefold()))


def asked_questions(
    form: EvaluationForm, location: LocationDay, registration: Registration | None = None
) -> list[Asked]:
    """Every question of the form for this location, in form order; a generated question
    once per subject, and left out when the location has no such subject."""
    asked: list[Asked] = []
    for question in sorted(form.questions, key=lambda q: q.position):
        scope = QuestionScope(question.scope)
        if scope == QuestionScope.GENERAL:
            asked.append(Asked(question, None))
        else:
            asked.extend(Asked(question, subject) for subject in subjects_for(location, scope, registration))
    return asked


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


def _check_open(form: EvaluationForm, location: LocationDay, now: datetime | None) -> None:
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
    if state == "unpublished" or not may_answer(registration):
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


def _write_answers(response: EvaluationResponse, asked: Sequence[Asked], cleaned: Mapping[str, object]) -> None:
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
        if item.kind.is_numeric:
            answer.number = value
        elif item.kind == QuestionKind.MULTIPLE:
            answer.choices = list(value)
        else:
            answer.text = value
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
    _check_open(form, location, now)
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
        _write_answers(response, asked, cleaned)
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
    _write_answers(response, asked, cleaned)
    db.session.flush()
    return response


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
        _lock(location)  # two organisers typing at once still get different numbers
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
    _write_answers(response, asked, cleaned)
    db.session.flush()
    return response


def _lock(location: LocationDay) -> None:
    """SELECT ... FOR NO KEY UPDATE on the location row, as registrations take it
    (PostgreSQL); SQLite has one writer anyway."""
    db.session.execute(select(LocationDay.id).where(LocationDay.id == location.id).with_for_update(key_share=True))


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


# --- invitations and reminders --------------------------------------------------------


def _confirmed_with_email(location: LocationDay, checked_in_only: bool) -> list[Registration]:
    query = select(Registration).where(
        Registration.location_day_id == location.id,
        Registration.status == Status.CONFIRMED,
        Registration.email.is_not(None),
        Registration.email != "",
    )
    if checked_in_only:
        query = query.where(Registration.checked_in_at.is_not(None))
    return list(db.session.scalars(query.order_by(Registration.id)))


def answered_ids(form: EvaluationForm, location: LocationDay) -> set[int]:
    """Registrations at this location that answered the form (submitted, or anonymously)."""
    return _answered_ids(form, location)


def _answered_ids(form: EvaluationForm, location: LocationDay) -> set[int]:
    submitted = db.session.scalars(
        select(EvaluationResponse.registration_id).where(
            EvaluationResponse.form_id == form.id,
            EvaluationResponse.location_day_id == location.id,
            EvaluationResponse.status == ResponseStatus.SUBMITTED,
            EvaluationResponse.registration_id.is_not(None),
        )
    )
    participated = db.session.scalars(
        select(EvaluationParticipation.registration_id)
        .join(Registration, Registration.id == EvaluationParticipation.registration_id)
        .where(EvaluationParticipation.form_id == form.id, Registration.location_day_id == location.id)
    )
    return set(submitted) | set(participated)


def _invitations(form: EvaluationForm, location: LocationDay) -> dict[int, EvaluationInvitation]:
    rows = db.session.scalars(
        select(EvaluationInvitation)
        .join(Registration, Registration.id == EvaluationInvitation.registration_id)
        .where(EvaluationInvitation.form_id == form.id, Registration.location_day_id == location.id)
    )
    return {row.registration_id: row for row in rows}


def invite(location: LocationDay, *, all_registered: bool = False, now: datetime | None = None) -> list[Registration]:
    """Mail the personal link to everyone checked in (or every confirmed registration)
    who has not been invited yet. Returns those invited now."""
    now = now or utcnow()
    form = form_for(location.edition)
    if form is None:
        raise EvaluationError(_("Er is (nog) geen evaluatieformulier."))
    _check_open(form, location, now)
    invited = _invitations(form, location)
    answered = _answered_ids(form, location)
    people = [
        r
        for r in _confirmed_with_email(location, checked_in_only=not all_registered)
        if r.id not in invited and r.id not in answered
    ]
    for registration in people:
        db.session.add(EvaluationInvitation(form_id=form.id, registration_id=registration.id, invited_at=now))
        _mail("evaluation_invitation", registration, form, location)
    db.session.flush()
    return people


def remind(location: LocationDay, now: datetime | None = None) -> list[Registration]:
    """A reminder to everyone invited who has not answered yet (a saved draft is not an answer)."""
    now = now or utcnow()
    form = form_for(location.edition)
    if form is None:
        raise EvaluationError(_("Er is (nog) geen evaluatieformulier."))
    _check_open(form, location, now)
    invitations = _invitations(form, location)
    answered = _answered_ids(form, location)
    people = [
        r
        for r in _confirmed_with_email(location, checked_in_only=False)
        if r.id in invitations and r.id not in answered and r.reminders_off_at is None
    ]
    for registration in people:
        invitation = invitations[registration.id]
        invitation.reminded_at = now
        invitation.reminders = (invitation.reminders or 0) + 1
        _mail("evaluation_reminder", registration, form, location)
    db.session.flush()
    return people


def evaluation_link(registration: Registration) -> str:
    """The link in invitations and reminders: it opens the evaluation form and nothing
    else (not the personal page with change, cancel and erase)."""
    from app.registration import links

    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    return f"{base}/evaluatie/{links.evaluation_token_for(registration)}{links.language_query(registration)}"


def _mail(kind: str, registration: Registration, form: EvaluationForm, location: LocationDay) -> None:
    """One outbox row; the worker renders it (app/evaluation/mails.py)."""
    from app.mail import queue_mail

    queue_mail(
        kind,
        registration.email,
        language=registration.language,
        registration_id=registration.id,
        location_day_id=location.id,
        params={"form_id": form.id},
    )


@dataclass(frozen=True)
class LocationState:
    """The organiser's view of one location's evaluation."""

    window: str
    closes_on: date | None
    present: int
    confirmed_with_email: int
    present_with_email: int
    invited: int
    reminded: int
    answered_invited: int
    online: int
    paper: int
    drafts: int

    @property
    def responses(self) -> int:
        return self.online + self.paper

    @property
    def waiting_for_answer(self) -> int:
        return self.invited - self.answered_invited


def location_state(location: LocationDay, now: datetime | None = None) -> LocationState:
    form = form_for(location.edition)
    everyone = _confirmed_with_email(location, checked_in_only=False)
    present = db.session.scalar(
        select(func.count()).where(
            Registration.location_day_id == location.id,
            Registration.status == Status.CONFIRMED,
            Registration.checked_in_at.is_not(None),
        )
    )
    if form is None:
        return LocationState("unpublished", None, present, len(everyone), 0, 0, 0, 0, 0, 0, 0)
    invitations = _invitations(form, location)
    answered = _answered_ids(form, location)
    counts = dict(
        db.session.execute(
            select(EvaluationResponse.channel, func.count())
            .where(
                EvaluationResponse.form_id == form.id,
                EvaluationResponse.location_day_id == location.id,
                EvaluationResponse.status == ResponseStatus.SUBMITTED,
            )
            .group_by(EvaluationResponse.channel)
        ).all()
    )
    drafts = db.session.scalar(
        select(func.count()).where(
            EvaluationResponse.form_id == form.id,
            EvaluationResponse.location_day_id == location.id,
            EvaluationResponse.status == ResponseStatus.DRAFT,
        )
    )
    return LocationState(
        window=window(form, location, now),
        closes_on=closes_on(form, location),
        present=present,
        confirmed_with_email=len(everyone),
        present_with_email=sum(1 for r in everyone if r.checked_in_at is not None),
        invited=len(invitations),
        reminded=sum(1 for i in invitations.values() if i.reminders),
        answered_invited=len(set(invitations) & answered),
        online=counts.get(Channel.ONLINE, 0),
        paper=counts.get(Channel.PAPER, 0),
        drafts=drafts,
    )


# --- rows for the results -------------------------------------------------------------


def plain_questions(form: EvaluationForm) -> list[results.Question]:
    return [
        results.Question(
            id=q.id,
            position=q.position,
            kind=QuestionKind(q.kind).value,
            scope=QuestionScope(q.scope).value,
            text=q.text,
            options=tuple(q.option_list),
        )
        for q in form.questions
    ]


def plain_rows(
    form: EvaluationForm, location_ids: Sequence[int]
) -> tuple[list[results.Response], list[results.Answer]]:
    """Submitted responses and their answers at these locations, in two queries."""
    responses = [
        results.Response(id=rid, location_id=lid, channel=Channel(channel).value)
        for rid, lid, channel in db.session.execute(
            select(EvaluationResponse.id, EvaluationResponse.location_day_id, EvaluationResponse.channel).where(
                EvaluationResponse.form_id == form.id,
                EvaluationResponse.status == ResponseStatus.SUBMITTED,
                EvaluationResponse.location_day_id.in_(list(location_ids)),
            )
        )
    ]
    channel_of = {r.id: r.channel for r in responses}
    rows = db.session.execute(
        select(
            EvaluationAnswer.response_id,
            EvaluationResponse.location_day_id,
            EvaluationAnswer.question_id,
            EvaluationAnswer.subject_key,
            EvaluationAnswer.subject_label,
            EvaluationAnswer.speaker_id,
            EvaluationAnswer.workgroup_id,
            EvaluationAnswer.number,
            EvaluationAnswer.text,
            EvaluationAnswer.choices,
        )
        .join(EvaluationResponse, EvaluationResponse.id == EvaluationAnswer.response_id)
        .where(
            EvaluationResponse.form_id == form.id,
            EvaluationResponse.status == ResponseStatus.SUBMITTED,
            EvaluationResponse.location_day_id.in_(list(location_ids)),
        )
    )
    answers = [
        results.Answer(
            response_id=row.response_id,
            location_id=row.location_day_id,
            question_id=row.question_id,
            subject_key=row.subject_key or "",
            subject_label=row.subject_label or "",
            speaker_id=row.speaker_id,
            workgroup_id=row.workgroup_id,
            number=row.number,
            text=row.text or "",
            choices=tuple(row.choices or ()),
            channel=channel_of.get(row.response_id, "online"),
        )
        for row in rows
    ]
    return responses, answers


def plain_locations(form: EvaluationForm | None, locations: Sequence[LocationDay]) -> list[results.Location]:
    from app.registration.services import counts_for

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
        s.id: _speaker_label(s)
        for s in db.session.scalars(select(Speaker).where(Speaker.edition_id == form.edition_id))
    }
    workgroup_names = {
        w.id: w.title for w in db.session.scalars(select(Workgroup).where(Workgroup.edition_id == form.edition_id))
    }
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
