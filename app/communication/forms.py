"""The organiser's form for a message to a chosen group."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from app.common.forms import Form
from app.communication import placeholders

STATUS_LABELS = {
    "active": _l("Bevestigd en wachtlijst"),
    "confirmed": _l("Bevestigd"),
    "waiting": _l("Wachtlijst"),
    "cancelled": _l("Afgemeld"),
    "all": _l("Iedereen"),
}
CHECKED_IN_LABELS = {"": _l("Maakt niet uit"), "yes": _l("Ingecheckt"), "no": _l("Niet ingecheckt")}
EVALUATION_LABELS = {"": _l("Maakt niet uit"), "yes": _l("Evaluatie ingevuld"), "no": _l("Evaluatie niet ingevuld")}


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


def known_placeholders(form, field) -> None:
    unknown = placeholders.unknown_placeholders(field.data or "")
    if unknown:
        raise ValidationError(
            _l(
                "Onbekende invulplek: %(unknown)s. U kunt gebruiken: %(known)s.",
                unknown=", ".join("{" + name + "}" for name in unknown),
                known=", ".join("{" + name + "}" for name in placeholders.PLACEHOLDERS),
            )
        )


class MessageForm(Form):
    status = SelectField(_l("Status"), choices=_choices(STATUS_LABELS), default="active")
    offer_id = SelectField(_l("Werkgroep (zoals gepubliceerd)"), coerce=int, default=0)
    checked_in = SelectField(_l("Ingecheckt"), choices=_choices(CHECKED_IN_LABELS), default="")
    evaluation = SelectField(_l("Evaluatie"), choices=_choices(EVALUATION_LABELS), default="")
    subject = StringField(
        _l("Onderwerp"),
        validators=[DataRequired(_l("Vul het onderwerp in.")), Length(max=200), known_placeholders],
    )
    body = TextAreaField(
        _l("Bericht"),
        validators=[DataRequired(_l("Vul het bericht in.")), Length(max=10_000), known_placeholders],
    )
