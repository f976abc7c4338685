"""Organiser pages for the evaluation: the form definition (organisers), and per location
the invitations, reminders, paper entry and results (coordinators: their own locations).
Every view checks access: organiser_only for the edition-wide form, managed_location_or_404
for a location, and the edition results show a coordinator only their own locations."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import managed_location_or_404, organiser_area, organiser_only
from app.common.forms import attach_error, form_values
from app.evaluation import exports, results, services
from app.evaluation.asking import group_headings
from app.evaluation.forms import InviteForm, QuestionForm, SettingsForm, answer_form, fill, values_from
from app.evaluation.models import EvaluationQuestion, EvaluationResponse, QuestionKind, QuestionScope
from app.evaluation.questionnaire import KIND_LABELS, RATING_WORDS, SCOPE_LABELS, EvaluationError
from app.extensions import db
from app.programme.models import Edition, LocationDay

bp = Blueprint("evaluation_manage", __name__, url_prefix="/beheer")


def _form_or_none(edition: Edition):
    return services.form_for(edition)


# --- the form definition (organisers) -------------------------------------------------


QUESTION_FIELDS = ("kind", "scope", "text", "help", "required", "options", "text_en", "help_en")


@bp.route("/edities/<int:edition_id>/evaluatie", methods=["GET", "POST"])
@organiser_only
def form_definition(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    form = _form_or_none(edition)
    settings = SettingsForm(obj=form) if form is not None else None
    if form is not None and settings is not None and settings.validate_on_submit():
        try:
            services.update_settings(
                form,
                intro=settings.intro.data,
                anonymous=settings.anonymous.data,
                smileys=settings.smileys.data,
                days_open=settings.days_open.data,
                published=settings.published.data,
            )
            db.session.commit()
        except EvaluationError as error:
            db.session.rollback()
            attach_error(settings, error)
        else:
            flash(_("De instellingen van het evaluatieformulier zijn opgeslagen."), "success")
            return redirect(url_for("evaluation_manage.form_definition", edition_id=edition.id))
    locations = sorted(edition.location_days, key=lambda day: day.date)
    return render_template(
        "evaluation/manage/form.html",
        edition=edition,
        form=form,
        settings=settings,
        locations=locations,
        kind_labels=KIND_LABELS,
        scope_labels=SCOPE_LABELS,
        has_responses=form is not None and services.has_responses(form),
    )


@bp.route("/edities/<int:edition_id>/evaluatie/maken", methods=["POST"])
@organiser_only
def create_form(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    services.ensure_form(edition)
    db.session.commit()
    flash(
        _("Het evaluatieformulier is gemaakt met een aantal vragen om mee te beginnen. Pas ze gerust aan."), "success"
    )
    return redirect(url_for("evaluation_manage.form_definition", edition_id=edition.id))


def _question_page(edition: Edition, question_form: QuestionForm, heading: str, question=None):
    return render_template(
        "evaluation/manage/question.html",
        edition=edition,
        question_form=question_form,
        question=question,
        heading=heading,
    )


@bp.route("/edities/<int:edition_id>/evaluatie/vragen/nieuw", methods=["GET", "POST"])
@organiser_only
def create_question(edition_id: int):
    edition = db.get_or_404(Edition, edition_id)
    form = _form_or_none(edition) or abort(404)
    question_form = QuestionForm()
    if question_form.validate_on_submit():
        try:
            services.add_question(form, **form_values(question_form, *QUESTION_FIELDS))
            db.session.commit()
        except EvaluationError as error:
            db.session.rollback()
            attach_error(question_form, error)
        else:
            flash(_("De vraag is toegevoegd."), "success")
            return redirect(url_for("evaluation_manage.form_definition", edition_id=edition.id) + "#vragen")
    return _question_page(edition, question_form, _("Vraag toevoegen"))


@bp.route("/evaluatievragen/<int:question_id>/bewerken", methods=["GET", "POST"])
@organiser_only
def edit_question(question_id: int):
    question = db.get_or_404(EvaluationQuestion, question_id)
    edition = question.form.edition
    question_form = QuestionForm(obj=question)
    if request.method == "GET":
        question_form.kind.data = QuestionKind(question.kind).value
        question_form.scope.data = QuestionScope(question.scope).value
    if question_form.validate_on_submit():
        try:
            services.update_question(question, **form_values(question_form, *QUESTION_FIELDS))
            db.session.commit()
        except EvaluationError as error:
            db.session.rollback()
            attach_error(question_form, error)
        else:
            flash(_("De vraag is opgeslagen."), "success")
            return redirect(url_for("evaluation_manage.form_definition", edition_id=edition.id) + "#vragen")
    return _question_page(edition, question_form, _("Vraag bewerken"), question)


@bp.route("/evaluatievragen/<int:question_id>/verwijderen", methods=["POST"])
@organiser_only
def delete_question(question_id: int):
    question = db.get_or_404(EvaluationQuestion, question_id)
    edition_id = question.form.edition_id
    try:
        services.delete_question(question)
        db.session.commit()
    except EvaluationError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(_("De vraag is verwijderd."), "success")
    return redirect(url_for("evaluation_manage.form_definition", edition_id=edition_id) + "#vragen")


@bp.route("/evaluatievragen/<int:question_id>/verplaatsen", methods=["POST"])
@organiser_only
def move_question(question_id: int):
    question = db.get_or_404(EvaluationQuestion, question_id)
    services.move_question(question, -1 if request.form.get("direction") == "up" else 1)
    db.session.commit()
    return redirect(url_for("evaluation_manage.form_definition", edition_id=question.form.edition_id) + "#vragen")


# --- one location: invitations, reminders, preview --------------------------------------


@bp.route("/locaties/<int:location_id>/evaluatie")
@organiser_area
def location(location_id: int):
    location = managed_location_or_404(location_id)
    form = _form_or_none(location.edition)
    return render_template(
        "evaluation/manage/location.html",
        location=location,
        form=form,
        state=services.location_state(location),
        invite_form=InviteForm(),
    )


@bp.route("/locaties/<int:location_id>/evaluatie/uitnodigen", methods=["POST"])
@organiser_area
def invite(location_id: int):
    location = managed_location_or_404(location_id)
    invite_form = InviteForm()
    if not invite_form.validate_on_submit():
        abort(400)
    try:
        people = services.invite(location, all_registered=invite_form.all_registered.data)
        db.session.commit()
    except EvaluationError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        if people:
            flash(_("%(count)s deelnemers hebben een uitnodiging gekregen.", count=len(people)), "success")
        else:
            flash(
                _("Er was niemand meer om uit te nodigen: iedereen had al een uitnodiging of heeft geen e-mailadres."),
                "success",
            )
    return redirect(url_for("evaluation_manage.location", location_id=location.id))


@bp.route("/locaties/<int:location_id>/evaluatie/herinneren", methods=["POST"])
@organiser_area
def remind(location_id: int):
    location = managed_location_or_404(location_id)
    try:
        people = services.remind(location)
        db.session.commit()
    except EvaluationError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        flash(_("%(count)s deelnemers hebben een herinnering gekregen.", count=len(people)), "success")
    return redirect(url_for("evaluation_manage.location", location_id=location.id))


@bp.route("/locaties/<int:location_id>/evaluatie/voorbeeld")
@organiser_area
def preview(location_id: int):
    """The form as this location's participants get it (every workgroup of the location;
    a participant sees only their own)."""
    location = managed_location_or_404(location_id)
    form = _form_or_none(location.edition) or abort(404)
    asked = services.asked_questions(form, location, None)
    return render_template(
        "evaluation/manage/preview.html",
        location=location,
        form=form,
        web_form=answer_form(asked)(formdata=None),
        groups=group_headings(asked),
        rating_words=RATING_WORDS,
        smileys=services.SMILEYS if form.smileys else {},
    )


# --- paper forms ----------------------------------------------------------------------


def _paper_page(location: LocationDay, form, web_form, asked, problem=None, response=None):
    return render_template(
        "evaluation/manage/paper.html",
        location=location,
        form=form,
        web_form=web_form,
        asked=asked,
        groups=group_headings(asked),
        problem=problem,
        response=response,
        paper=services.paper_responses(location),
    )


def _save_paper(location: LocationDay, web_form, asked, response=None):
    try:
        saved = services.save_paper(location, values_from(web_form, asked), response=response)
        db.session.commit()
    except EvaluationError as error:
        db.session.rollback()
        for key, message in error.errors.items():
            if key in web_form:
                web_form[key].errors = [*web_form[key].errors, message]
        return None, str(error)
    return saved, None


@bp.route("/locaties/<int:location_id>/evaluatie/papier", methods=["GET", "POST"])
@organiser_area
def paper_entry(location_id: int):
    location = managed_location_or_404(location_id)
    form = _form_or_none(location.edition)
    if form is None:
        flash(_("Er is nog geen evaluatieformulier voor deze editie."), "error")
        return redirect(url_for("evaluation_manage.location", location_id=location.id))
    asked = services.asked_questions(form, location, None)
    web_form = answer_form(asked, paper=True)()
    problem = None
    if web_form.validate_on_submit():
        saved, problem = _save_paper(location, web_form, asked)
        if saved is not None:
            flash(
                _(
                    "Papieren formulier nr. %(number)s is opgeslagen. Vul hieronder het volgende in.",
                    number=saved.paper_number,
                ),
                "success",
            )
            return redirect(url_for("evaluation_manage.paper_entry", location_id=location.id))
    return _paper_page(location, form, web_form, asked, problem)


def _paper_response(response_id: str) -> tuple[EvaluationResponse, LocationDay]:
    response = db.get_or_404(EvaluationResponse, response_id)
    location = managed_location_or_404(response.location_day_id)
    if response.channel != "paper":
        abort(404)
    return response, location


@bp.route("/evaluatieantwoorden/<response_id>/bewerken", methods=["GET", "POST"])
@organiser_area
def edit_paper(response_id: str):
    response, location = _paper_response(response_id)
    form = _form_or_none(location.edition) or abort(404)
    asked = services.asked_questions(form, location, None)
    web_form = answer_form(asked, paper=True)()
    if request.method == "GET":
        fill(web_form, services.stored_values(response, asked))
    problem = None
    if web_form.validate_on_submit():
        saved, problem = _save_paper(location, web_form, asked, response=response)
        if saved is not None:
            flash(_("Papieren formulier nr. %(number)s is opgeslagen.", number=saved.paper_number), "success")
            return redirect(url_for("evaluation_manage.paper_entry", location_id=location.id))
    return _paper_page(location, form, web_form, asked, problem, response=response)


@bp.route("/evaluatieantwoorden/<response_id>/verwijderen", methods=["POST"])
@organiser_area
def delete_paper(response_id: str):
    response, location = _paper_response(response_id)
    number = response.paper_number
    services.delete_paper(response)
    db.session.commit()
    flash(_("Papieren formulier nr. %(number)s is verwijderd.", number=number), "success")
    return redirect(url_for("evaluation_manage.paper_entry", location_id=location.id))


# --- results --------------------------------------------------------------------------


@bp.route("/locaties/<int:location_id>/evaluatie/resultaten")
@organiser_area
def location_results(location_id: int):
    location = managed_location_or_404(location_id)
    form = _form_or_none(location.edition)
    return render_template(
        "evaluation/manage/location_results.html",
        location=location,
        form=form,
        results=services.location_results(form, location) if form is not None else None,
        rating_words=RATING_WORDS,
    )


def _download(content: bytes, filename: str, mimetype: str) -> Response:
    return Response(content, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _location_export(location_id: int, extension: str) -> Response:
    location = managed_location_or_404(location_id)
    form = _form_or_none(location.edition) or abort(404)
    return _results_download(form, [location], f"evaluatie-{location.edition.slug}-{location.slug}", extension)


def _results_download(form, days: list[LocationDay], stem: str, extension: str) -> Response:
    edition_results, per_location = services.results_for_export(form, days)
    if extension == "csv":
        return _download(exports.to_csv(edition_results, per_location), f"{stem}.csv", "text/csv")
    return _download(exports.to_xlsx(edition_results, per_location), f"{stem}.xlsx", XLSX)


@bp.route("/locaties/<int:location_id>/evaluatie/resultaten.csv")
@organiser_area
def location_csv(location_id: int):
    return _location_export(location_id, "csv")


@bp.route("/locaties/<int:location_id>/evaluatie/resultaten.xlsx")
@organiser_area
def location_xlsx(location_id: int):
    return _location_export(location_id, "xlsx")


def _visible_locations(edition: Edition) -> list[LocationDay]:
    days = sorted(edition.location_days, key=lambda day: (day.date, day.city))
    if not current_user.is_organiser:
        days = [day for day in days if current_user.may_manage(day.id)]
        if not days:
            abort(403)
    return days


@bp.route("/edities/<int:edition_id>/evaluatie/resultaten")
@organiser_area
def edition_results(edition_id: int):
    """All locations side by side; a coordinator sees only their own locations."""
    edition = db.get_or_404(Edition, edition_id)
    days = _visible_locations(edition)
    form = _form_or_none(edition)
    figures = services.edition_results(form, days) if form is not None else None
    return render_template(
        "evaluation/manage/edition_results.html",
        edition=edition,
        form=form,
        days=days,
        results=figures,
        speaker_overview=results.overview(figures.speakers) if figures else None,
        workgroup_overview=results.overview(figures.workgroups) if figures else None,
        rating_words=RATING_WORDS,
    )


def _edition_export(edition_id: int, extension: str) -> Response:
    """Organisers only: a coordinator downloads their own location's results instead."""
    edition = db.get_or_404(Edition, edition_id)
    form = _form_or_none(edition) or abort(404)
    days = sorted(edition.location_days, key=lambda day: (day.date, day.city))
    return _results_download(form, days, f"evaluatie-{edition.slug}", extension)


@bp.route("/edities/<int:edition_id>/evaluatie/resultaten.csv")
@organiser_only
def edition_csv(edition_id: int):
    return _edition_export(edition_id, "csv")


@bp.route("/edities/<int:edition_id>/evaluatie/resultaten.xlsx")
@organiser_only
def edition_xlsx(edition_id: int):
    return _edition_export(edition_id, "xlsx")
