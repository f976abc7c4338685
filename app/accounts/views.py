"""Signing in and out of the organiser area.

Sign-in attempts are rate limited per account, per client address and for the whole
site (settings LOGIN_RATE_LIMIT_*): guessing passwords is slow, and password hashing can
never take the CPU away from the public pages."""

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from app.accounts import links, passwords
from app.accounts.forms import ChoosePasswordForm, ForgotPasswordForm, LoginForm
from app.accounts.services import PASSWORD_MIN, AccountError, authenticate, record_login, revoke_sessions
from app.common.language import current_language
from app.common.ratelimit import client_address, config_limit, limiter, posted_email
from app.common.urls import safe_next
from app.extensions import db

bp = Blueprint("accounts", __name__, url_prefix="/beheer")


def _everyone() -> str:
    return "everyone"


def _login_limit(setting: str, key_func):
    return limiter.limit(config_limit(setting), methods=["POST"], key_func=key_func, scope=setting.lower())


@bp.route("/inloggen", methods=["GET", "POST"])
@_login_limit("LOGIN_RATE_LIMIT_TOTAL", _everyone)
@_login_limit("LOGIN_RATE_LIMIT_ADDRESS", client_address)
@_login_limit("LOGIN_RATE_LIMIT_ACCOUNT", posted_email)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("manage.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("Het e-mailadres of het wachtwoord klopt niet."))
        else:
            record_login(user)
            db.session.commit()
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next"), url_for("manage.dashboard")))
    return render_template("accounts/login.html", form=form)


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@limiter.limit(
    config_limit("PASSWORD_RESET_RATE_LIMIT"), methods=["POST"], key_func=client_address, scope="password_reset"
)
def forgot_password():
    """The same answer whether the address has an account or not."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        passwords.request_password_reset(form.email.data)
        db.session.commit()
        return render_template("accounts/reset_sent.html")
    return render_template("accounts/forgot_password.html", form=form)


LINK_PROBLEMS = {
    links.LinkProblem.INVALID: _l("Deze link klopt niet. Kopieer de hele link uit de e-mail, of vraag een nieuwe aan."),
    links.LinkProblem.EXPIRED: _l("Deze link is verlopen. Vraag hieronder een nieuwe aan."),
    links.LinkProblem.USED: _l(
        "Deze link is al gebruikt of vervangen door een nieuwere. "
        "Vraag hieronder een nieuwe aan als u uw wachtwoord niet weet."
    ),
    links.LinkProblem.INACTIVE: _l("Dit account is gedeactiveerd. Neem contact op met de organisatie."),
}


@bp.route("/wachtwoord-kiezen/<token>", methods=["GET", "POST"])
def choose_password(token: str):
    """The link in an invitation or a password-reset mail: choose a password, once."""
    check = links.check_token(token)
    if check.problem is not None:
        return render_template("accounts/link_problem.html", message=LINK_PROBLEMS[check.problem]), 400
    form = ChoosePasswordForm()
    if form.validate_on_submit():
        try:
            passwords.choose_password(check, form.password.data, form.repeat.data)
        except AccountError as error:
            form.password.errors.append(str(error))
        else:
            db.session.commit()
            if current_user.is_authenticated:
                logout_user()
            flash(_("Uw wachtwoord is opgeslagen. Log nu in met uw e-mailadres en het nieuwe wachtwoord."), "info")
            language = current_language()  # an English link leads on to the English sign-in page
            target = url_for("accounts.login") if language == "nl" else url_for("accounts.login", lang=language)
            return redirect(target)
    return render_template("accounts/choose_password.html", form=form, user=check.user, purpose=check.purpose)


@bp.context_processor
def account_texts() -> dict:
    return {"password_min": PASSWORD_MIN}


@bp.after_request
def keep_links_private(response: Response) -> Response:
    """The token is in the URL: never send it on as a referrer, never cache the page."""
    if request.endpoint == "accounts.choose_password":
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.errorhandler(429)
def too_many_attempts(error):
    if request.endpoint == "accounts.forgot_password":
        message = _("Te veel aanvragen voor een nieuw wachtwoord. Wacht een kwartier en probeer het dan opnieuw.")
    else:
        message = _("Te veel pogingen om in te loggen. Wacht een kwartier en probeer het dan opnieuw.")
    return render_template("errors/error.html", title=_("Even wachten"), message=message), 429


@bp.route("/uitloggen", methods=["POST"])
def logout():
    """Signing out ends every session of this account, also copies of its cookies."""
    if current_user.is_authenticated:
        revoke_sessions(current_user)
        db.session.commit()
    logout_user()
    flash(_("U bent uitgelogd."), "info")
    return redirect(url_for("programme.index"))
