"""The evaluation form of an edition and its questions: labels, the default questions,
adding, changing, moving and removing questions (refused once answers exist)."""

from __future__ import annotations

from flask import has_request_context, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.common.errors import DomainError
from app.common.text import optional_text
from app.evaluation.models import (
    EvaluationAnswer,
    EvaluationForm,
    EvaluationParticipation,
    EvaluationQuestion,
    EvaluationResponse,
    QuestionKind,
    QuestionScope,
)
from app.extensions import db
from app.programme import readiness
from app.programme.models import Edition

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


class EvaluationError(DomainError):
    """A rule was broken. `field` names one form field; `errors` maps several fields to messages."""


# --- the form -------------------------------------------------------------------------


def form_for(edition: Edition) -> EvaluationForm | None:
    return db.session.scalar(
        select(EvaluationForm)
        .where(EvaluationForm.edition_id == edition.id)
        .options(selectinload(EvaluationForm.questions))
    )


@readiness.edition_check
def missing_form(edition: Edition) -> list[readiness.Missing]:
    """Readiness: a location is not ready while its edition has no evaluation form with questions."""
    form = form_for(edition)
    if form is not None and form.questions:
        return []
    url = url_for("evaluation_manage.form_definition", edition_id=edition.id) if has_request_context() else ""
    text = _("Het evaluatieformulier ontbreekt") if form is None else _("Het evaluatieformulier heeft geen vragen")
    return [readiness.Missing(readiness.EVALUATION_FORM, text, url, url, organisers_only=True)]


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
    form: EvaluationForm,
    *,
    kind,
    scope,
    text,
    help: str = "",
    required=False,
    options="",
    text_en: str | None = None,
    help_en: str | None = None,
) -> EvaluationQuestion:
    kind, scope, text, help_, options = _question_values(kind, scope, text, help, options)
    position = 1 + max((q.position for q in form.questions), default=0)
    question = EvaluationQuestion(
        position=position, kind=kind, scope=scope, text=text, help=help_, required=bool(required), options=options
    )
    question.text_en, question.help_en = optional_text(text_en), optional_text(help_en)
    form.questions.append(question)
    db.session.flush()
    return question


def _answer_count(question: EvaluationQuestion) -> int:
    return db.session.scalar(select(func.count()).where(EvaluationAnswer.question_id == question.id)) or 0


def update_question(
    question: EvaluationQuestion,
    *,
    kind,
    scope,
    text,
    help: str = "",
    required=False,
    options="",
    text_en: str | None = None,
    help_en: str | None = None,
):
    kind, scope, text, help_, options = _question_values(kind, scope, text, help, options)
    if (kind != question.kind or scope != question.scope) and _answer_count(question):
        raise EvaluationError(
            _("Er zijn al antwoorden op deze vraag. De soort vraag kan niet meer veranderen; maak een nieuwe vraag."),
            field="kind",
        )
    question.kind, question.scope, question.text = kind, scope, text
    question.help, question.required, question.options = help_, bool(required), options
    question.text_en, question.help_en = optional_text(text_en), optional_text(help_en)
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
