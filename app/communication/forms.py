"""The organiser's form for a message to a chosen group."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectChoice, SelectField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

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


AUDIENCE_LABELS = {
    "confirmed": _l("Bevestigde deelnemers"),
    "checked_in": _l("Ingecheckte deelnemers"),
    "not_evaluated": _l("Ingecheckt en evaluatie nog niet ingevuld"),
}
DIRECTION_LABELS = {"before": _l("dagen vóór de dag"), "after": _l("dagen na de dag")}


class MailRuleForm(Form):
    name = StringField(_l("Naam van de regel"), validators=[DataRequired(_l("Vul een naam in.")), Length(max=120)])
    days = IntegerField(
        _l("Aantal dagen"),
        default=1,
        validators=[
            InputRequired(_l("Vul het aantal dagen in.")),
            NumberRange(0, 60, _l("Kies een aantal dagen van 0 tot 60.")),
        ],
    )
    direction = SelectField(_l("Vóór of na"), choices=_choices(DIRECTION_LABELS), default="before")
    send_at = TimeField(
        _l("Tijd (Nederlandse tijd)"), validators=[DataRequired(_l("Vul een geldige tijd in (uu:mm)."))]
    )
    audience = SelectField(_l("Aan wie"), choices=_choices(AUDIENCE_LABELS), default="confirmed")
    subject = StringField(
        _l("Onderwerp"),
        validators=[DataRequired(_l("Vul het onderwerp in.")), Length(max=200), known_placeholders],
    )
    body = TextAreaField(
        _l("Bericht"),
        validators=[DataRequired(_l("Vul het bericht in.")), Length(max=10_000), known_placeholders],
    )

    def rule_values(self) -> dict:
        sign = -1 if self.direction.data == "before" else 1
        return dict(
            name=self.name.data,
            offset_days=sign * self.days.data,
            send_at=self.send_at.data,
            audience=self.audience.data,
            subject=self.subject.data,
            body=self.body.data,
        )

    def show(self, rule) -> None:
        """Fill the form from a stored rule (GET)."""
        self.days.data = abs(rule.offset_days)
        self.direction.data = "before" if rule.offset_days < 0 else "after"
