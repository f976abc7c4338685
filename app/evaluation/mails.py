"""Rendering the evaluation invitation and reminder, in the worker, from the outbox row."""

from __future__ import annotations

from dataclasses import replace

from flask_babel import lazy_gettext as _l

from app.evaluation.answering import closes_on
from app.evaluation.invitations import evaluation_link
from app.evaluation.models import EvaluationForm
from app.extensions import db
from app.mail import Composed, MailData, MailGone, mail_kind
from app.registration.notify import load_registration

SUBJECTS = {
    "evaluation_invitation": {
        "nl": "Wat vond u van de Alliantiedag in {city}?",
        "en": "What did you think of the alliance day in {city}?",
    },
    "evaluation_reminder": {
        "nl": "Herinnering: wat vond u van de Alliantiedag in {city}?",
        "en": "Reminder: what did you think of the alliance day in {city}?",
    },
}


def _render(mail: MailData) -> Composed:
    registration = load_registration(mail.registration_id)
    form = db.session.get(EvaluationForm, mail.params.get("form_id"))
    if form is None:
        raise MailGone(f"evaluation form {mail.params.get('form_id')} no longer exists")
    location = registration.location_day
    return Composed(
        SUBJECTS[mail.kind][mail.language].format(city=location.city),
        mail.kind,
        context=dict(
            registration=registration,
            day=location,
            edition=location.edition,
            form=form,
            closes_on=closes_on(form, location),
            link=evaluation_link(registration),
        ),
    )


@mail_kind("evaluation_invitation", label=_l("Uitnodiging evaluatie"))
def _invitation(mail: MailData) -> Composed:
    return _render(mail)


@mail_kind("evaluation_reminder", label=_l("Herinnering evaluatie"), reminder=True)
def _reminder(mail: MailData) -> Composed:
    from app.registration import links  # as in evaluation_link

    composed = _render(mail)
    return replace(composed, unsubscribe_url=links.reminders_link(composed.context["registration"]))
