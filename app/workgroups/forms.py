from __future__ import annotations

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
    min_size = IntegerField(
        _l("Minimaal aantal deelnemers (leeg: minimum van de werkgroep)"),
        validators=[
            Optional(),
            NumberRange(min=0, message=_l("Het minimum kan niet negatief zijn.")),
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


# --- one workgroup at several locations ------------------------------------------------

ROW_FIELDS = ("round", "capacity", "min_size", "room", "facilitator")


class SeveralLocationsForm(Form):
    """The workgroup, and per location a tick with its own round, capacity, minimum,
    room and facilitator; `for_locations` adds the rows for the locations one may manage."""

    workgroup_id = SelectField(_l("Werkgroep"), coerce=int)

    row_locations: tuple[int, ...] = ()

    @classmethod
    def for_locations(cls, locations: dict[int, str]) -> type[SeveralLocationsForm]:
        """locations: {location id: city}."""
        fields: dict[str, object] = {"row_locations": tuple(locations)}
        for location_id, city in locations.items():
            fields[f"pick_{location_id}"] = BooleanField(_l("Aanbieden in %(city)s", city=city))
            fields[f"round_{location_id}"] = IntegerField(
                _l("Ronde"),
                default=1,
                validators=[Optional(), NumberRange(1, 5, _l("Kies een ronde van 1 tot 5."))],
            )
            fields[f"capacity_{location_id}"] = IntegerField(
                _l("Capaciteit (leeg: standaard van de werkgroep)"),
                validators=[
                    Optional(),
                    NumberRange(min=0, message=_l("De capaciteit kan niet negatief zijn.")),
                    at_most_capacity(),
                ],
            )
            fields[f"min_size_{location_id}"] = IntegerField(
                _l("Minimum (leeg: minimum van de werkgroep)"),
                validators=[
                    Optional(),
                    NumberRange(min=0, message=_l("Het minimum kan niet negatief zijn.")),
                    at_most_capacity(),
                ],
            )
            fields[f"room_{location_id}"] = StringField(_l("Zaal"), validators=[Length(max=120)])
            fields[f"facilitator_{location_id}"] = StringField(_l("Begeleider"), validators=[Length(max=200)])
        return type("SeveralLocationsRows", (cls,), fields)

    def picked(self) -> list[int]:
        return [location_id for location_id in self.row_locations if self[f"pick_{location_id}"].data]

    def row(self, location_id: int, name: str):
        return self[f"{name}_{location_id}"]

    def validate(self, extra_validators=None) -> bool:
        """A row counts only when its location is ticked: what is typed in other rows is
        kept on the page but not checked. A ticked row needs its round."""
        super().validate(extra_validators)
        picked = set(self.picked())
        for location_id in self.row_locations:
            if location_id not in picked:
                for name in ROW_FIELDS:
                    self.row(location_id, name).errors = []
            elif self.row(location_id, "round").data is None and not self.row(location_id, "round").errors:
                self.row(location_id, "round").errors = [str(_l("Vul de ronde in."))]
        if not picked and not self.form_errors:
            self.form_errors.append(str(_l("Vink minstens één locatie aan.")))
        return not self.errors
