"""Forms: the organiser's form definition, and the evaluation form itself, built per
location (and per participant) from the generated questions.

The answer forms carry no validators of their own: app.evaluation.services.clean_values
checks every value (also for paper entry), and the view puts its messages beside the
fields. WTForms keeps what was typed, so a wrong field never loses the rest.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange
from wtforms.widgets import CheckboxInput, ListWidget

from app.common.forms import Form
from app.common.language import in_language
from app.evaluation.asking import Asked
from app.evaluation.models import QuestionKind, QuestionScope
from app.evaluation.questionnaire import KIND_LABELS, SCOPE_LABELS

# --- organisers: the form definition ---------------------------------------------------


class SettingsForm(Form):
    intro = TextAreaField(
        _l("Inleidende tekst boven het formulier"), validators=[Length(max=2000, message=_l("Dit is te lang."))]
    )
    anonymous = BooleanField(_l("Anoniem: antwoorden worden zonder naam bewaard"))
    smileys = BooleanField(_l("Smileys tonen bij de waardering 1 tot 5"))
    days_open = IntegerField(
        _l("Aantal dagen dat het formulier openstaat na de dag"),
        validators=[
            InputRequired(_l("Vul een aantal dagen in.")),
            NumberRange(min=1, max=365, message=_l("Kies een aantal van 1 tot 365.")),
        ],
    )
    published = BooleanField(_l("Formulier is klaar: deelnemers kunnen het na hun dag invullen"))


class QuestionForm(Form):
    text = StringField(
        _l("Vraag"),
        validators=[DataRequired(_l("Vul de vraag in.")), Length(max=300, message=_l("Dit is te lang."))],
        render_kw={"lang": "nl"},
    )
    help = StringField(
        _l("Uitleg onder de vraag (niet verplicht)"), validators=[Length(max=500)], render_kw={"lang": "nl"}
    )
    text_en = StringField(
        _l("De vraag in het Engels (niet verplicht)"), validators=[Length(max=300)], render_kw={"lang": "en"}
    )
    help_en = StringField(
        _l("De uitleg in het Engels (niet verplicht)"), validators=[Length(max=500)], render_kw={"lang": "en"}
    )
    kind = SelectField(_l("Soort antwoord"), choices=[SelectChoice(k.value, KIND_LABELS[k]) for k in QuestionKind])
    scope = SelectField(
        _l("Waarover gaat de vraag?"), choices=[SelectChoice(s.value, SCOPE_LABELS[s]) for s in QuestionScope]
    )
    options = TextAreaField(_l("Keuzes (alleen bij een keuzevraag): één per regel"), validators=[Length(max=3000)])
    required = BooleanField(_l("Verplicht om te beantwoorden"))


class InviteForm(Form):
    all_registered = BooleanField(_l("Ook iedereen die aangemeld was maar niet is ingecheckt"))


# --- the evaluation form ---------------------------------------------------------------


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def answer_form(asked: Sequence[Asked], *, paper: bool = False) -> type[FlaskForm]:
    """A form class with one field per asked question, named by its key.

    Online: radio buttons for ratings and marks and single choice, check boxes for
    multiple choice. Paper (fast keyboard entry): a short number box for ratings and
    marks, a select for single choice."""
    fields = {}
    for item in asked:
        question = item.question
        kind = item.kind
        label = in_language(question, "text")
        if kind.is_numeric and paper:
            fields[item.key] = StringField(label)
        elif kind.is_numeric:
            choices = [SelectChoice(str(v)) for v in kind.scale]
            fields[item.key] = RadioField(label, choices=choices, validate_choice=False)
        elif kind == QuestionKind.SINGLE and paper:
            options = [SelectChoice("", _l("— geen antwoord —"))] + [SelectChoice(o) for o in question.option_list]
            fields[item.key] = SelectField(label, choices=options, validate_choice=False)
        elif kind == QuestionKind.SINGLE:
            fields[item.key] = RadioField(
                label, choices=[SelectChoice(o) for o in question.option_list], validate_choice=False
            )
        elif kind == QuestionKind.MULTIPLE:
            fields[item.key] = MultiCheckboxField(
                label, choices=[SelectChoice(o) for o in question.option_list], validate_choice=False
            )
        else:
            fields[item.key] = TextAreaField(label)
    return type("AnswerForm", (Form,), fields)


def fill(form: FlaskForm, values: dict) -> None:
    """Stored answers into the fields (only on a first, unposted view)."""
    for key, value in values.items():
        if key not in form:
            continue
        if isinstance(value, list):
            form[key].data = value
        else:
            form[key].data = "" if value is None else str(value)


def values_from(form: FlaskForm, asked: Sequence[Asked]) -> dict:
    return {item.key: form[item.key].data for item in asked}
