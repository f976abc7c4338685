from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.common.forms import Form, at_most_capacity


def step_free_answer(value):
    """The select's value as stored: True, False or None (not known)."""
    if value is None or isinstance(value, bool):
        return value
    return {"True": True, "False": False}.get(str(value))


class WorkgroupForm(Form):
    # The texts are in the language the field says (lang), whatever the page's language.
    title = StringField(
        _l("Titel"), validators=[DataRequired(_l("Vul een titel in.")), Length(max=200)], render_kw={"lang": "nl"}
    )
    description = TextAreaField(_l("Beschrijving"), render_kw={"lang": "nl"})
    description_en = TextAreaField(_l("Beschrijving in het Engels (niet verplicht)"), render_kw={"lang": "en"})
    default_capacity = IntegerField(
        _l("Standaardcapaciteit"),
        validators=[
            InputRequired(_l("Vul de standaardcapaciteit in.")),
            NumberRange(min=0, message=_l("De capaciteit kan niet negatief zijn.")),
            at_most_capacity(),
        ],
    )
    min_size = IntegerField(
        _l("Minimaal aantal deelnemers om door te gaan"),
        validators=[
            InputRequired(_l("Vul het minimale aantal deelnemers in.")),
            NumberRange(min=0, message=_l("Het minimum kan niet negatief zijn.")),
            at_most_capacity(),
        ],
    )


class OfferForm(Form):
    workgroup_id = SelectField(_l("Werkgroep"), coerce=int)
    round = IntegerField(
        _l("Ronde"),
        default=1,
        validators=[InputRequired(_l("Vul de ronde in.")), NumberRange(1, 5, _l("Kies een ronde van 1 tot 5."))],
    )
    capacity = IntegerField(
        _l("Capaciteit (leeg: standaard van de werkgroep)"),
        validators=[
            Optional(),
            NumberRange(min=0, message=_l("De capaciteit kan niet negatief zijn.")),
            at_most_capacity(),
        ],
    )
    room = StringField(_l("Zaal"), validators=[Length(max=120)])
    room_step_free = SelectField(
        _l("Is de zaal zonder trappen of drempels te bereiken?"),
        choices=[
            SelectChoice(None, _l("Onbekend")),
            SelectChoice(True, _l("Ja, zonder trappen of drempels")),
            SelectChoice(False, _l("Nee")),
        ],
        coerce=step_free_answer,
        validators=[Optional()],
    )
    notify = BooleanField(_l("Ingedeelde deelnemers bericht sturen over deze wijziging"), default=True)
    facilitator = StringField(_l("Begeleider"), validators=[Length(max=200)])
