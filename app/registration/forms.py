"""Forms for participants (plain Dutch, B1) and for organisers."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.core import UnboundField
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from app.common.forms import Form, at_most_capacity
from app.common.language import choice_label, dutch
from app.registration.services import MAX_CHOICES, preference_field


def _optional_int(value):
    if value in (None, "", "None"):
        return None
    return int(value)


RANK_LABELS = {1: _l("Eerste keus"), 2: _l("Tweede keus"), 3: _l("Derde keus")}


class KindField(SelectField):
    """The organisation kind: "— kies —" (None) is always the first choice, so a post that
    chose no kind is valid without the edition's list; the list (a callable, see
    editing.kind_choices) is read only to check a chosen kind or to show the page."""

    def pre_validate(self, form) -> None:
        if self.data is None and not self.process_errors:
            return
        super().pre_validate(form)


class _ParticipantFields(Form):
    name = StringField(
        _l("Uw naam"), validators=[DataRequired(_l("Vul uw naam in.")), Length(max=200, message=_l("Dit is te lang."))]
    )
    email = EmailField(
        _l("Uw e-mailadres"),
        validators=[
            DataRequired(_l("Vul uw e-mailadres in.")),
            Email(_l("Dit e-mailadres klopt niet. Kijk of er een @ in staat, bijvoorbeeld naam@voorbeeld.nl.")),
            Length(max=254, message=_l("Dit is te lang.")),
        ],
    )
    organisation = StringField(_l("Uw organisatie"), validators=[Length(max=200, message=_l("Dit is te lang."))])
    organisation_kind_id = KindField(_l("Soort organisatie"), coerce=_optional_int, validators=[Optional()])
    municipality = StringField(
        _l("Uw woonplaats of gemeente"), validators=[Length(max=120, message=_l("Dit is te lang."))]
    )
    needs_step_free = BooleanField(_l("Ik heb een plek nodig zonder trappen of drempels (rolstoel, rollator)"))
    needs_hearing_loop = BooleanField(_l("Ik heb een ringleiding nodig"))
    diet = StringField(
        _l("Dieet of allergie (niet verplicht)"), validators=[Length(max=200, message=_l("Dit is te lang."))]
    )
    needs = TextAreaField(
        _l("Heeft u nog iets anders nodig?"),
        validators=[Length(max=2000, message=_l("Dit is te lang."))],
    )


def _photo_consent_field() -> RadioField:
    return RadioField(
        _l("Mogen wij foto's van u maken voor de website?"),
        choices=[SelectChoice("yes", _l("Ja, dat mag")), SelectChoice("no", _l("Nee, liever niet"))],
        validators=[Optional()],
    )


class RegistrationForm(_ParticipantFields):
    photo_consent = _photo_consent_field()
    consent = BooleanField(
        _l("Ik ga akkoord met de privacyverklaring. Mijn gegevens worden alleen gebruikt voor deze dag."),
        validators=[DataRequired(_l("Zet een vinkje als u akkoord gaat. Anders kunnen wij u niet aanmelden."))],
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by bots.
    website = StringField(_l("Laat dit veld leeg"))


class ChangeForm(_ParticipantFields):
    pass


class PhotoConsentForm(Form):
    photo_consent = _photo_consent_field()


class ManualRegistrationForm(_ParticipantFields):
    email = EmailField(
        _l("E-mailadres (niet verplicht)"),
        validators=[
            Optional(),
            Email(_l("Dit e-mailadres klopt niet.")),
            Length(max=254, message=_l("Dit is te lang.")),
        ],
    )
    consent = BooleanField(_l("De deelnemer gaf toestemming voor het gebruik van de gegevens"))


class CapacityForm(Form):
    capacity = IntegerField(
        _l("Aantal plaatsen"),
        validators=[
            InputRequired(_l("Vul het aantal plaatsen in.")),
            NumberRange(min=0, message=_l("Het aantal plaatsen kan niet negatief zijn.")),
            at_most_capacity(),
        ],
    )


class MoveForm(Form):
    location_id = SelectField(_l("Naar locatie"), coerce=int)


class WalkInForm(Form):
    name = StringField(
        _l("Naam"), validators=[DataRequired(_l("Vul de naam in.")), Length(max=200, message=_l("Dit is te lang."))]
    )
    email = EmailField(
        _l("E-mailadres (niet verplicht)"),
        validators=[
            Optional(),
            Email(_l("Dit e-mailadres klopt niet.")),
            Length(max=254, message=_l("Dit is te lang.")),
        ],
    )
    organisation = StringField(_l("Organisatie"), validators=[Length(max=200, message=_l("Dit is te lang."))])
    organisation_kind_id = SelectField(_l("Soort organisatie"), coerce=_optional_int, validators=[Optional()])
    # Sent only from the second step, after the page said the day is full.
    admit_over_capacity = BooleanField(_l("Toelaten boven de capaciteit"))


class OrganisationKindForm(Form):
    name = StringField(
        _l("Soort organisatie"),
        validators=[DataRequired(_l("Vul een naam in.")), Length(max=120)],
        render_kw={"lang": "nl"},
    )
    name_en = StringField(_l("In het Engels (niet verplicht)"), validators=[Length(max=120)], render_kw={"lang": "en"})


class NotChosenBefore:
    """Same workgroup twice in one round: shown with the other errors, not after them."""

    def __init__(self, round_: int, rank: int):
        self.earlier = [preference_field(round_, earlier) for earlier in range(1, rank)]

    def __call__(self, form: FlaskForm, field) -> None:
        if field.data and any(name in form and form[name].data == field.data for name in self.earlier):
            raise ValidationError(_l("U koos deze werkgroep al. Kies een andere werkgroep, of laat dit leeg."))


def with_preferences(form_class: type[FlaskForm], offers_by_round: dict) -> type[FlaskForm]:
    """A subclass with a select per round and rank: first, second, third choice among the
    workgroups that the location offers in that round."""
    fields = {}
    for round_, offers in offers_by_round.items():
        choices = [SelectChoice(None, _l("— kies een werkgroep —"))] + [
            SelectChoice(offer.workgroup_id, **choice_label(dutch(offer.workgroup.title))) for offer in offers
        ]
        for rank in range(1, min(MAX_CHOICES, len(offers)) + 1):
            label = RANK_LABELS[rank]
            fields[preference_field(round_, rank)] = SelectField(
                label, choices=choices, coerce=_optional_int, validators=[Optional(), NotChosenBefore(round_, rank)]
            )
    # The photo question and consent come after the choices on the page; recreate them so
    # the error summary lists the fields in the order people meet them.
    for name in ("photo_consent", "consent"):
        unbound = getattr(form_class, name, None)
        if unbound is not None:
            fields[name] = UnboundField(unbound.field_class, *unbound.args, **unbound.kwargs)
    return type(form_class.__name__, (form_class,), fields)


def preference_rows(form: FlaskForm, offers_by_round: dict) -> list[tuple[int, list]]:
    """[(round, [field, field, field])] for the template."""
    return [
        (
            round_,
            [
                form[preference_field(round_, rank)]
                for rank in range(1, MAX_CHOICES + 1)
                if preference_field(round_, rank) in form
            ],
        )
        for round_ in offers_by_round
    ]


def preferences_from(form: FlaskForm, offers_by_round: dict) -> dict[int, list]:
    return {round_: [field.data for field in fields] for round_, fields in preference_rows(form, offers_by_round)}


def fill_preferences(form: FlaskForm, registration) -> None:
    for preference in registration.preferences:
        name = preference_field(preference.round, preference.rank)
        if name in form:
            form[name].data = preference.workgroup_id


def needs_from(form: FlaskForm) -> dict:
    """What the person needs, as the services take it."""
    return {
        "needs": form.needs.data,
        "needs_step_free": bool(form.needs_step_free.data),
        "needs_hearing_loop": bool(form.needs_hearing_loop.data),
        "diet": form.diet.data or "",
    }
