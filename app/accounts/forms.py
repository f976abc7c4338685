from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectChoice, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.accounts.services import PASSWORD_MAX
from app.common.forms import Form
from app.common.text import whole_number


class LoginForm(Form):
    email = EmailField(
        _l("E-mailadres"),
        validators=[DataRequired(_l("Vul uw e-mailadres in.")), Length(max=254, message=_l("Dit is te lang."))],
    )
    password = PasswordField(_l("Wachtwoord"), validators=[DataRequired(_l("Vul uw wachtwoord in."))])
    remember = BooleanField(_l("Ingelogd blijven"))


class ForgotPasswordForm(Form):
    email = EmailField(
        _l("E-mailadres"),
        validators=[DataRequired(_l("Vul uw e-mailadres in.")), Length(max=254, message=_l("Dit is te lang."))],
    )


class ChoosePasswordForm(Form):
    password = PasswordField(
        _l("Nieuw wachtwoord"),
        validators=[DataRequired(_l("Kies een wachtwoord.")), Length(max=PASSWORD_MAX, message=_l("Dit is te lang."))],
    )
    repeat = PasswordField(
        _l("Herhaal het nieuwe wachtwoord"),
        validators=[
            DataRequired(_l("Typ het wachtwoord nog een keer.")),
            Length(max=PASSWORD_MAX, message=_l("Dit is te lang.")),
        ],
    )


class ChangePasswordForm(ChoosePasswordForm):
    current = PasswordField(
        _l("Huidig wachtwoord"),
        validators=[DataRequired(_l("Vul uw huidige wachtwoord in.")), Length(max=PASSWORD_MAX)],
    )


class IdChoicesField(SelectMultipleField):
    """Check boxes for database ids; anything that is not one of the choices is refused
    with one plain message (no echo of what was posted)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def process_formdata(self, valuelist):
        self.bad_input = False
        numbers = [whole_number(value) for value in valuelist]
        if None in numbers:
            self.bad_input = True
        self.data = [number for number in numbers if number is not None]

    def pre_validate(self, form):
        allowed = {choice.value for choice in self.choices or ()}
        if getattr(self, "bad_input", False) or any(value not in allowed for value in self.data or ()):
            raise ValidationError(str(_l("Kies alleen uit de lijst.")))


class Choice(RadioField):
    """Radio buttons that refuse anything else with a plain message."""

    def pre_validate(self, form):
        if self.data not in {choice.value for choice in self.choices or ()}:
            raise ValidationError(str(_l("Kies een van de mogelijkheden.")))


def _email_validators():
    return [
        DataRequired(_l("Vul het e-mailadres in.")),
        Length(max=254, message=_l("Dit is te lang.")),
        Email(_l("Dit e-mailadres klopt niet.")),
    ]


LANGUAGE_CHOICES = [
    SelectChoice("nl", "Nederlands", render_kw={"lang": "nl"}),
    SelectChoice("en", "English", render_kw={"lang": "en"}),
]


class AccessForm(Form):
    """Name, language, locations (coordinators) and workgroups (facilitators)."""

    name = StringField(
        _l("Naam"), validators=[DataRequired(_l("Vul de naam in.")), Length(max=200, message=_l("Dit is te lang."))]
    )
    language = Choice(
        _l("Taal van de e-mails"),
        choices=LANGUAGE_CHOICES,
        default="nl",
        validators=[InputRequired(_l("Kies een taal."))],
    )
    locations = IdChoicesField(_l("Locaties (voor een coördinator)"), coerce=int, default=[])
    offers = IdChoicesField(_l("Werkgroepen (voor een begeleider)"), coerce=int, default=[])


class InviteForm(AccessForm):
    email = EmailField(_l("E-mailadres"), validators=_email_validators())
    role = Choice(
        _l("Rol"),
        choices=[
            SelectChoice("coordinator", _l("Locatiecoördinator: alleen de eigen locaties")),
            SelectChoice("facilitator", _l("Werkgroepbegeleider: alleen de eigen werkgroepen")),
            SelectChoice("organiser", _l("Organisator: alles, ook de accounts")),
        ],
        default="coordinator",
        validators=[InputRequired(_l("Kies een rol."))],
    )
