"""Public pages: register for a location day, and the personal link (no account)."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.common.forms import attach_error
from app.common.language import current_language
from app.communication import messages as group_messages
from app.extensions import csrf, db
from app.programme import visibility
from app.programme.models import LocationDay
from app.registration import links, notify, services
from app.registration.editing import LazyKindChoices, chosen_kind, kind_choices, save_changes
from app.registration.forms import (
    ChangeForm,
    PhotoConsentForm,
    RegistrationForm,
    fill_preferences,
    needs_from,
    preference_rows,
    preferences_from,
    with_preferences,
)
from app.registration.models import Registration
from app.registration.photo_consent import answer_of, parse_answer, set_photo_consent
from app.registration.ratelimit import limiter, registration_limit
from app.timeutil import utcnow

bp = Blueprint("registration", __name__)

PERSONAL_ENDPOINTS = {
    "registration.personal",
    "registration.change",
    "registration.cancel",
    "registration.export",
    "registration.erase",
    "registration.photos",
}


@bp.after_request
def keep_personal_pages_private(response: Response) -> Response:
    """The token is in the URL: never send it on as a referrer, never cache the page."""
    if request.endpoint in PERSONAL_ENDPOINTS:
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.errorhandler(429)
def too_many(error):
    return (
        render_template(
            "errors/error.html",
            title=_("Even wachten"),
            message=_("U heeft het formulier te vaak verstuurd. Wacht een paar minuten en probeer het dan opnieuw."),
        ),
        429,
    )


def _location_or_404(slug: str, location_slug: str) -> LocationDay:
    edition = visibility.public_edition_or_404(slug)
    return visibility.public_day_or_404(
        db.session.scalar(
            select(LocationDay).where(LocationDay.edition_id == edition.id, LocationDay.slug == location_slug)
        )
    )


@bp.route("/<slug>/<location_slug>/aanmelden", methods=["GET", "POST"])
@limiter.limit(registration_limit, methods=["POST"])
def create(slug: str, location_slug: str):
    """The post stores the registration and its outbox row, and answers: the mail is
    rendered and sent by a worker (at most eight SQL statements, tests/registration)."""
    location = services.location_for_form(slug, location_slug)
    if location is None or not visibility.edition_visible(location.edition):
        abort(404)
    location = visibility.public_day_or_404(location)  # drafts only for organisers
    window = services.registration_window(location, utcnow())
    offers = services.group_by_round(location.workgroup_offers)
    form = with_preferences(RegistrationForm, offers)()
    # The kinds are read when needed: to check a chosen kind (chosen_kind then finds it
    # among them) and to show the page; a post without a kind needs no list.
    form.organisation_kind_id.choices = LazyKindChoices(location)
    if window == "open" and form.validate_on_submit():
        if form.website.data:
            # A bot filled in the hidden field: answer as if all went well, store nothing.
            return redirect(url_for("registration.sent", slug=slug, location_slug=location_slug))
        try:
            services.register_participant(
                location,
                name=form.name.data,
                email=form.email.data,
                organisation=form.organisation.data,
                organisation_kind=chosen_kind(location, form.organisation_kind_id.data),
                municipality=form.municipality.data,
                **needs_from(form),
                preferences=preferences_from(form, offers),
                consent=form.consent.data,
                language=current_language(),
                photo_consent=parse_answer(form.photo_consent.data),
            )
            db.session.commit()  # with the outbox row; a worker sends the mail
        except services.RegistrationError as error:
            db.session.rollback()
            attach_error(form, error)
        except IntegrityError:
            # The same address at the same moment (unique constraint): treat as "registered again".
            db.session.rollback()
            _resend_to_existing(location, form.email.data)
            return redirect(url_for("registration.sent", slug=slug, location_slug=location_slug))
        else:
            return redirect(url_for("registration.sent", slug=slug, location_slug=location_slug))
    return render_template(
        "registration/create.html",
        edition=location.edition,
        day=location,
        form=form,
        window=window,
        counts=services.counts(location),
        rounds=preference_rows(form, offers),
        several_rounds=len(offers) > 1,
    )


def _resend_to_existing(location: LocationDay, email: str) -> None:
    existing = db.session.scalar(
        select(Registration).where(
            Registration.location_day_id == location.id,
            Registration.email_normalised == services.normalise_email(email),
        )
    )
    if existing is not None and services.link_mail_allowed(existing):
        notify.link_again(existing)
        db.session.commit()


@bp.route("/<slug>/<location_slug>/aanmelden/verstuurd")
def sent(slug: str, location_slug: str):
    """The same page whether the address was new or known: it reveals nothing."""
    location = _location_or_404(slug, location_slug)
    return render_template("registration/sent.html", edition=location.edition, day=location)


# --- the personal link ----------------------------------------------------------------


def _registration_or_404(token: str) -> Registration:
    registration = links.registration_for_token(token)
    if registration is None:
        abort(404)
    return registration


@bp.route("/aanmelding/<token>")
def personal(token: str):
    registration = _registration_or_404(token)
    now = utcnow()
    return render_template(
        "registration/personal.html",
        registration=registration,
        day=registration.location_day,
        edition=registration.location_day.edition,
        token=token,
        position=services.waiting_position(registration),
        may_change=now < registration.location_day.registration_closes_at and not registration.is_cancelled,
        sessions=_published_sessions(registration),
        messages=[
            (message.created_at, group_messages.render_for(message.subject, message.body, registration))
            for message in group_messages.sent_to(registration)
        ],
    )


def _published_sessions(registration: Registration) -> list[tuple[int, str, str]]:
    """(round, workgroup, room) as published to the participant; nothing before publishing."""
    from app.workgroups.notify import sessions_of

    if registration.is_cancelled:
        return []
    return [
        (assignment.round, offer.workgroup.title, offer.room)
        for assignment in sessions_of(registration)
        if (offer := assignment.published_offer) is not None
    ]


@bp.route("/aanmelding/<token>/wijzigen", methods=["GET", "POST"])
def change(token: str):
    registration = _registration_or_404(token)
    location = registration.location_day
    if registration.is_cancelled or utcnow() >= location.registration_closes_at:
        flash(_("Wijzigen kan niet meer. Neem contact op met de organisatie als er iets niet klopt."), "error")
        return redirect(url_for("registration.personal", token=token))
    offers = services.offers_by_round(location)
    form = with_preferences(ChangeForm, offers)(obj=registration)
    form.organisation_kind_id.choices = kind_choices(location)
    if request.method == "GET":
        fill_preferences(form, registration)
    if form.validate_on_submit() and save_changes(registration, form, offers):
        flash(_("Uw wijzigingen zijn opgeslagen."), "success")
        return redirect(url_for("registration.personal", token=token))
    return render_template(
        "registration/change.html",
        registration=registration,
        day=location,
        edition=location.edition,
        form=form,
        token=token,
        rounds=preference_rows(form, offers),
        several_rounds=len(offers) > 1,
    )


@bp.route("/aanmelding/<token>/afmelden", methods=["GET", "POST"])
def cancel(token: str):
    registration = _registration_or_404(token)
    if registration.is_cancelled:
        return redirect(url_for("registration.personal", token=token))
    if request.method == "POST":
        services.cancel_registration(registration)
        db.session.commit()
        flash(_("U bent afgemeld. U krijgt hierover een e-mail."), "success")
        return redirect(url_for("registration.personal", token=token))
    return render_template(
        "registration/confirm.html",
        registration=registration,
        day=registration.location_day,
        token=token,
        heading=_("Wilt u zich afmelden?"),
        explanation=_("Uw plaats gaat dan naar de eerste op de wachtlijst. Dit kunt u niet ongedaan maken."),
        button=_("Ja, meld mij af"),
    )


@bp.route("/aanmelding/<token>/herinneringen", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click unsubscribe: the mail program posts without our form
def reminders(token: str):
    """Switch reminder mails off (the List-Unsubscribe address of every reminder) or on."""
    registration = _registration_or_404(token)
    if request.method == "POST":
        switch_on = request.form.get("aan") == "1"
        registration.reminders_off_at = None if switch_on else (registration.reminders_off_at or utcnow())
        db.session.commit()
        if switch_on:
            flash(_("U krijgt weer herinneringen."), "success")
        else:
            flash(
                _("U krijgt geen herinneringen meer. Belangrijke berichten over uw aanmelding blijven komen."),
                "success",
            )
        return redirect(url_for("registration.personal", token=token))
    return render_template(
        "registration/confirm.html",
        registration=registration,
        day=registration.location_day,
        token=token,
        heading=_("Geen herinneringen meer?"),
        explanation=_(
            "U krijgt dan geen herinneringen en geplande e-mails meer. Berichten over wijzigingen"
            " of afgelasting van de dag krijgt u wel."
        ),
        button=_("Ja, geen herinneringen meer"),
        button_class="button primary",
    )


@bp.route("/aanmelding/<token>/fotos", methods=["GET", "POST"])
def photos(token: str):
    """Give or withdraw photo consent: always possible, also after the day."""
    registration = _registration_or_404(token)
    form = PhotoConsentForm(data={"photo_consent": answer_of(registration)})
    if form.validate_on_submit():
        withdrawn = set_photo_consent(registration, parse_answer(form.photo_consent.data))
        db.session.commit()
        if withdrawn:
            message = _(
                "U heeft uw toestemming ingetrokken. Foto's waarop u te zien bent, "
                "halen wij zo snel mogelijk van de website."
            )
            flash(message, "success")
        else:
            flash(_("Uw keuze over foto's is opgeslagen."), "success")
        return redirect(url_for("registration.personal", token=token))
    return render_template(
        "registration/photos.html", registration=registration, day=registration.location_day, form=form, token=token
    )


@bp.route("/aanmelding/<token>/gegevens.json")
def export(token: str):
    registration = _registration_or_404(token)
    body = json.dumps(services.export_data(registration), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="mijn-aanmelding.json"'},
    )


@bp.route("/aanmelding/<token>/verwijderen", methods=["GET", "POST"])
def erase(token: str):
    registration = _registration_or_404(token)
    if request.method == "POST":
        edition, day = registration.location_day.edition, registration.location_day
        services.erase_registration(registration)
        db.session.commit()
        flash(_("Uw gegevens zijn verwijderd. Uw persoonlijke link werkt niet meer."), "success")
        return redirect(url_for("programme.location", slug=edition.slug, location_slug=day.slug))
    return render_template(
        "registration/confirm.html",
        registration=registration,
        day=registration.location_day,
        token=token,
        heading=_("Wilt u al uw gegevens verwijderen?"),
        explanation=_(
            "Wij verwijderen dan uw aanmelding en alles wat u heeft ingevuld. "
            "U bent dan niet meer aangemeld. Dit kunt u niet ongedaan maken."
        ),
        button=_("Ja, verwijder mijn gegevens"),
    )
