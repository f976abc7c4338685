from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectChoice, SelectField
from wtforms.validators import NumberRange, Optional

from app.common.forms import Form


class RunForm(Form):
    mode = SelectField(
        _l("Doel"),
        choices=[
            SelectChoice("convex", _l("Iedereen zo dicht mogelijk bij de eerste keus (aanbevolen)")),
            SelectChoice("rank_maximal", _l("Zoveel mogelijk eerste keuzes")),
        ],
        default="convex",
    )
    tie_break = SelectField(
        _l("Bij gelijke wensen beslist"),
        choices=[
            SelectChoice("lottery", _l("loting")),
            SelectChoice("registration_time", _l("het moment van aanmelden")),
        ],
        default="lottery",
    )
    seed = IntegerField(
        _l("Lotnummer (leeg: nieuw lotnummer)"),
        validators=[Optional(), NumberRange(0, 2**31 - 1, _l("Kies een getal van 0 tot 2147483647."))],
    )
    full_rerun = BooleanField(_l("Alles opnieuw indelen (vastgezette en met de hand gemaakte plaatsingen blijven)"))
