"""Signing in and out of the organiser area.

Sign-in attempts are rate limited per account, per client address and for the whole
site (settings LOGIN_RATE_LIMIT_*): guessing passwords is slow, and password hashing can
never take the CPU away from the public pages."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.accounts.forms import LoginForm
from app.accounts.services import authenticate, revoke_sessions
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
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next"), url_for("manage.dashboard")))
    return render_template("accounts/login.html", form=form)


@bp.errorhandler(429)
def too_many_attempts(error):
    return (
        render_template(
            "errors/error.html",
            title=_("Even wachten"),
            message=_("Te veel pogingen om in te loggen. Wacht een kwartier en probeer het dan opnieuw."),
        ),
        429,
    )


@bp.route("/uitloggen", methods=["POST"])
def logout():
    """Signing out ends every session of this account, also copies of its cookies."""
    if current_user.is_authenticated:
        revoke_sessions(current_user)
        db.session.commit()
    logout_user()
    flash(_("U bent uitgelogd."), "info")
    return redirect(url_for("programme.index"))
