"""Forms of the archive: materials, photos, workgroup reports and the look-back."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, MultipleFileField
from wtforms import IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.archive.models import Visibility
from app.common.forms import Form

VISIBILITY_LABELS = {
    Visibility.AFTER_DAY: _l("Openbaar vanaf de dag zelf"),
    Visibility.NOW: _l("Nu al openbaar"),
    Visibility.ORGANISERS: _l("Alleen voor de organisatie"),
}
ACCEPTED_DOCUMENTS = (
    ".pdf,.pptx,.ppsx,.docx,.odp,application/pdf,"
    "application/vnd.openxmlformats-officedocument.presentationml.presentation,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
    "application/vnd.oasis.opendocument.presentation"
)
ACCEPTED_PHOTOS = "image/jpeg,image/png,image/webp"


def _visibility_field() -> SelectField:
    return SelectField(
        _l("Wie mag het zien?"),
        choices=[SelectChoice(kind.value, label) for kind, label in VISIBILITY_LABELS.items()],
        default=Visibility.AFTER_DAY.value,
    )


class MaterialFileForm(Form):
    target = SelectField(_l("Bij welk onderdeel hoort het?"))
    title = StringField(_l("Titel (niet verplicht)"), validators=[Length(max=200, message=_l("Dit is te lang."))])
    file = FileField(_l("Bestand: PDF, PowerPoint, OpenDocument of Word"))
    visibility = _visibility_field()


class MaterialLinkForm(Form):
    target = SelectField(_l("Bij welk onderdeel hoort het?"))
    title = StringField(
        _l("Titel"),
        validators=[DataRequired(_l("Geef een titel.")), Length(max=200, message=_l("Dit is te lang."))],
    )
    url = StringField(
        _l("Webadres"),
        validators=[DataRequired(_l("Vul het webadres in.")), Length(max=2000, message=_l("Dit is te lang."))],
    )
    visibility = _visibility_field()


class MaterialEditForm(Form):
    target = SelectField(_l("Bij welk onderdeel hoort het?"))
    title = StringField(
        _l("Titel"),
        validators=[DataRequired(_l("Geef een titel.")), Length(max=200, message=_l("Dit is te lang."))],
    )
    url = StringField(_l("Webadres"), validators=[Optional(), Length(max=2000, message=_l("Dit is te lang."))])
    visibility = _visibility_field()


class PhotoUploadForm(Form):
    photos = MultipleFileField(_l("Foto's (JPEG, PNG of WebP; u kunt er meer tegelijk kiezen)"))


class PhotoDescribeForm(Form):
    alt_text = StringField(
        _l("Wat is er te zien? (tekst voor wie de foto niet kan zien)"),
        validators=[Length(max=300, message=_l("Dit is te lang."))],
    )
    caption = StringField(
        _l("Onderschrift (niet verplicht)"), validators=[Length(max=300, message=_l("Dit is te lang."))]
    )


class ReportForm(Form):
    summary = TextAreaField(
        _l("Samenvatting: waar ging het gesprek over?"),
        validators=[Length(max=10_000, message=_l("Dit is te lang."))],
    )
    points = TextAreaField(
        _l("Belangrijkste punten (één per regel)"), validators=[Length(max=10_000, message=_l("Dit is te lang."))]
    )
    recommendations = TextAreaField(
        _l("Aanbevelingen en vervolg (één per regel)"),
        validators=[Length(max=10_000, message=_l("Dit is te lang."))],
    )
    participants = IntegerField(
        _l("Hoeveel mensen deden mee?"),
        validators=[
            Optional(),
            NumberRange(min=0, max=10_000, message=_l("Vul een aantal tussen 0 en 10.000 in.")),
        ],
    )


class ReturnForm(Form):
    note = TextAreaField(
        _l("Wat moet er nog veranderen?"),
        validators=[DataRequired(_l("Schrijf erbij wat er moet veranderen.")), Length(max=10_000)],
    )


class LookBackForm(Form):
    body = TextAreaField(_l("Tekst van de terugblik"), validators=[Length(max=100_000, message=_l("Dit is te lang."))])
