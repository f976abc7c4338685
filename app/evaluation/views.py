"""Public pages: the evaluation form, behind the evaluation link from the invitation
(/evaluatie/<token>: that token opens nothing else) or the personal link
(/aanmelding/<token>/evaluatie).

No account, no JavaScript: every answer is a plain form field, errors appear beside the
question, and whatever was typed comes back when something needs fixing."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.evaluation import services
from app.evaluation.asking import group_headings
from app.evaluation.forms import answer_form, fill, values_from
from app.evaluation.questionnaire import RATING_WORDS, SMILEYS, EvaluationError
from app.extensions import db
from app.registration import links
from app.registration.models import Registration

bp = Blueprint("evaluation", __name__)

PRIVATE_ENDPOINTS = {"evaluation.answer", "evaluation.thanks", "evaluation.answer_only", "evaluation.thanks_only"}


@bp.after_request
def keep_private(response: Response) -> Response:
    """The personal token is in the URL: no referrer, no cache, no search engines."""
    if request.endpoint in PRIVATE_ENDPOINTS:
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.app_template_global()
def evaluation_state(registration: Registration) -> services.ParticipantState:
    """For the personal page: is there an evaluation to fill in?"""
    return services.participant_state(registration)


@bp.app_template_filter()
def decimal_nl(value, places: int = 1) -> str:
    """1.25 -> '1,3' (Dutch decimal comma); '–' when there is no value."""
    if value is None:
        return "–"
    return f"{value:.{places}f}".replace(".", ",")


def _registration_or_404(token: str) -> Registration:
    registration = links.registration_for_token(token)
    if registration is None:
        abort(404)
    return registration


@dataclass(frozen=True)
class Entry:
    """How the participant came in: with the personal link (which also leads back to the
    personal page) or with the evaluation link (which leads nowhere else)."""

    answer_endpoint: str
    thanks_endpoint: str
    personal: bool

    def urls(self, token: str) -> dict:
        return {
            "answer_url": url_for(self.answer_endpoint, token=token),
            "thanks_url": url_for(self.thanks_endpoint, token=token),
            "personal_url": url_for("registration.personal", token=token) if self.personal else None,
        }


PERSONAL = Entry("evaluation.answer", "evaluation.thanks", personal=True)
EVALUATION_ONLY = Entry("evaluation.answer_only", "evaluation.thanks_only", personal=False)


def _evaluation_registration_or_404(token: str) -> Registration:
    registration = links.registration_for_evaluation_token(token)
    if registration is None:
        abort(404)
    return registration


@bp.route("/aanmelding/<token>/evaluatie", methods=["GET", "POST"])
def answer(token: str):
    return _answer(_registration_or_404(token), token, PERSONAL)


@bp.route("/evaluatie/<token>", methods=["GET", "POST"])
def answer_only(token: str):
    return _answer(_evaluation_registration_or_404(token), token, EVALUATION_ONLY)


def _answer(registration: Registration, token: str, entry: Entry):
    location = registration.location_day
    edition = location.edition
    state = services.participant_state(registration)
    form = services.form_for(edition)
    if form is None or state.state not in ("open", "answered"):  # open or answered: there is a form
        return render_template(
            "evaluation/unavailable.html",
            registration=registration,
            day=location,
            edition=edition,
            state=state,
            **entry.urls(token),
        )
    asked = services.asked_questions(form, location, registration)
    web_form = answer_form(asked)()
    if request.method == "GET":
        fill(web_form, services.stored_values(services.response_of(form, registration), asked))
    problem = None
    if web_form.validate_on_submit():
        submit = request.form.get("action") != "opslaan"
        try:
            services.save_online(registration, values_from(web_form, asked), submit=submit)
            db.session.commit()
        except EvaluationError as error:
            db.session.rollback()
            problem = str(error)
            for key, message in error.errors.items():
                if key in web_form:
                    web_form[key].errors = [*web_form[key].errors, message]
        except IntegrityError:
            # The same person sent twice at the same moment: the first one counts.
            db.session.rollback()
            return redirect(url_for(entry.thanks_endpoint, token=token))
        else:
            if submit:
                return redirect(url_for(entry.thanks_endpoint, token=token))
            saved = _("Uw antwoorden zijn bewaard, maar nog niet verstuurd.")
            if entry.personal:
                later = _("U kunt later verder gaan via uw persoonlijke link.")
            else:
                later = _("U kunt later verder gaan via de link in uw e-mail.")
            flash(f"{saved} {later}", "success")
            return redirect(url_for(entry.answer_endpoint, token=token))
    return render_template(
        "evaluation/answer.html",
        registration=registration,
        day=location,
        edition=edition,
        form=form,
        web_form=web_form,
        groups=group_headings(asked),
        asked=asked,
        state=state,
        problem=problem,
        rating_words=RATING_WORDS,
        smileys=SMILEYS if form.smileys else {},
        **entry.urls(token),
    )


@bp.route("/aanmelding/<token>/evaluatie/bedankt")
def thanks(token: str):
    return _thanks(_registration_or_404(token), token, PERSONAL)


@bp.route("/evaluatie/<token>/bedankt")
def thanks_only(token: str):
    return _thanks(_evaluation_registration_or_404(token), token, EVALUATION_ONLY)


def _thanks(registration: Registration, token: str, entry: Entry):
    location = registration.location_day
    form = services.form_for(location.edition)
    if form is None:
        abort(404)
    return render_template(
        "evaluation/thanks.html",
        registration=registration,
        day=location,
        edition=location.edition,
        form=form,
        state=services.participant_state(registration),
        **entry.urls(token),
    )
