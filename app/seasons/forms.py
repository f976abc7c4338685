"""Forms of a season's set-up: duplicating an edition, confirming an archive."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import InputRequired, Length, NumberRange

from app.common.forms import Form
from app.programme.forms import SLUG, required


class DuplicateEditionForm(Form):
    name = StringField(_l("Naam van de nieuwe editie"), validators=[required(_l("een naam")), Length(max=200)])
    slug = StringField(
        _l("Korte naam (voor de webadressen)"),
        validators=[required(_l("een korte naam")), Length(max=80), SLUG],
    )
    theme = StringField(_l("Thema"), validators=[required(_l("het thema")), Length(max=200)])
    year = IntegerField(
        _l("Jaar"),
        validators=[required(_l("het jaar")), NumberRange(2000, 2100, _l("Vul een jaartal in tussen 2000 en 2100."))],
    )
    offset_days = IntegerField(
        _l("Alle datums verschuiven met (dagen)"),
        description=_l("Bijvoorbeeld 364: dezelfde weekdag een jaar later. De inschrijfperiodes schuiven mee."),
        validators=[
            InputRequired(message=_l("Vul het aantal dagen in (0 als de datums gelijk blijven).")),
            NumberRange(-3660, 3660, _l("Kies een verschuiving van hoogstens tien jaar.")),
        ],
    )
    copy_speakers = BooleanField(_l("Sprekers per locatie overnemen"), default=True)
    copy_rooms = BooleanField(_l("Zalen van de werkgroepen overnemen"), default=True)
    copy_facilitators = BooleanField(_l("Begeleiders van de werkgroepen overnemen"), default=True)


class ConfirmForm(Form):
    confirm = BooleanField(_l("Ja, ik weet wat hiermee meegaat"))
