"""Organiser forms for the edition, its programme template, locations and speakers."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from app.common.forms import Form, at_most_capacity
from app.programme.models import ItemKind

SLUG = Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", message=_l("Alleen kleine letters, cijfers en streepjes."))


def required(what):
    return DataRequired(message=_l("Vul %(what)s in.", what=what))


ITEM_KIND_LABELS = {
    ItemKind.WELCOME: _l("Welkom"),
    ItemKind.INTRODUCTION: _l("Inleiding"),
    ItemKind.PRACTICE: _l("Uit de praktijk"),
    ItemKind.INTERMEZZO: _l("Intermezzo"),
    ItemKind.WORKGROUP_ROUND: _l("Werkgroepronde"),
    ItemKind.BREAK: _l("Pauze"),
    ItemKind.CLOSE: _l("Afsluiting"),
}


class EditionForm(Form):
    name = StringField(_l("Naam"), validators=[required(_l("een naam")), Length(max=200)])
    slug = StringField(
        _l("Korte naam (voor de webadressen)"),
        validators=[required(_l("een korte naam")), Length(max=80), SLUG],
    )
    theme = StringField(_l("Thema"), validators=[required(_l("het thema")), Length(max=200)])
    year = IntegerField(
        _l("Jaar"),
        validators=[required(_l("het jaar")), NumberRange(2000, 2100, _l("Vul een jaartal in tussen 2000 en 2100."))],
    )
    organising_alliance = StringField(_l("Organiserende alliantie"), validators=[Length(max=200)])
    partner_organisations = TextAreaField(_l("Partnerorganisaties (één per regel)"))
    funding_organisations = TextAreaField(_l("Financiers (één per regel)"))
    description = TextAreaField(_l("Beschrijving"))


class ProgrammeItemForm(Form):
    kind = SelectField(
        _l("Soort onderdeel"), choices=[SelectChoice(k.value, label) for k, label in ITEM_KIND_LABELS.items()]
    )
    # The texts are in the language the field says (lang), whatever the page's language.
    title = StringField(_l("Titel"), validators=[required(_l("een titel")), Length(max=200)], render_kw={"lang": "nl"})
    description = TextAreaField(_l("Beschrijving"), render_kw={"lang": "nl"})
    title_en = StringField(
        _l("Titel in het Engels (niet verplicht)"), validators=[Length(max=200)], render_kw={"lang": "en"}
    )
    description_en = TextAreaField(_l("Beschrijving in het Engels (niet verplicht)"), render_kw={"lang": "en"})
    start_time = TimeField(_l("Begintijd"), validators=[DataRequired(_l("Vul een geldige begintijd in (uu:mm)."))])
    end_time = TimeField(_l("Eindtijd"), validators=[DataRequired(_l("Vul een geldige eindtijd in (uu:mm)."))])
    workgroup_round = IntegerField(
        _l("Werkgroepronde (alleen bij werkgroepen)"),
        validators=[Optional(), NumberRange(1, 5, _l("Kies een ronde van 1 tot 5."))],
    )
    notify = BooleanField(_l("Deelnemers bericht sturen over deze wijziging"), default=True)

    def validate_end_time(self, field):
        if self.start_time.data and field.data and field.data <= self.start_time.data:
            raise ValidationError(_l("De eindtijd moet na de begintijd liggen."))


class LocationDayForm(Form):
    city = StringField(_l("Plaats"), validators=[required(_l("de plaats")), Length(max=120)])
    slug = StringField(
        _l("Korte naam (voor de webadressen)"), validators=[required(_l("een korte naam")), Length(max=80), SLUG]
    )
    venue = StringField(_l("Naam van het gebouw"), validators=[required(_l("de naam van het gebouw")), Length(max=200)])
    address = StringField(_l("Adres"), validators=[Length(max=300)])
    date = DateField(_l("Datum"), validators=[DataRequired(_l("Vul een geldige datum in."))])
    doors_open = TimeField(_l("Zaal open om"), validators=[DataRequired(_l("Vul een geldige tijd in (uu:mm)."))])
    capacity = IntegerField(
        _l("Aantal plaatsen"),
        validators=[
            InputRequired(_l("Vul het aantal plaatsen in.")),
            NumberRange(min=0, message=_l("Het aantal plaatsen kan niet negatief zijn.")),
            at_most_capacity(),
        ],
    )
    registration_opens_at = DateTimeLocalField(
        _l("Inschrijving opent"), format="%Y-%m-%dT%H:%M", validators=[DataRequired(_l("Vul een geldig moment in."))]
    )
    registration_closes_at = DateTimeLocalField(
        _l("Inschrijving sluit"), format="%Y-%m-%dT%H:%M", validators=[DataRequired(_l("Vul een geldig moment in."))]
    )
    coordinating_organisations = TextAreaField(_l("Coördinerende regionale organisaties (één per regel)"))
    # Unticked for a trivial fix (a typo in the address): nobody gets a change notice.
    notify = BooleanField(_l("Deelnemers bericht sturen over deze wijziging"), default=True)

    def validate_registration_closes_at(self, field):
        opens = self.registration_opens_at.data
        if opens and field.data and field.data <= opens:
            raise ValidationError(_l("De inschrijving moet sluiten na het moment van openen."))


class SpeakerForm(Form):
    name = StringField(_l("Naam"), validators=[required(_l("de naam")), Length(max=200)])
    organisation = StringField(_l("Organisatie"), validators=[Length(max=200)])
    bio = TextAreaField(_l("Korte beschrijving"))


class ContributionForm(Form):
    programme_item_id = SelectField(_l("Programmaonderdeel"), coerce=int)
    speaker_id = SelectField(_l("Bestaande spreker"), coerce=int, validators=[Optional()])
    name = StringField(_l("Of een nieuwe spreker: naam"), validators=[Length(max=200)])
    organisation = StringField(_l("Organisatie van de nieuwe spreker"), validators=[Length(max=200)])
    title = StringField(_l("Titel van de bijdrage"), validators=[Length(max=300)])

    def validate_name(self, field):
        if not self.speaker_id.data and not (field.data or "").strip():
            raise ValidationError(_l("Kies een bestaande spreker of vul de naam van een nieuwe spreker in."))
