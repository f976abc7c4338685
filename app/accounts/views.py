"""Signing in and out of the organiser area."""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.accounts.forms import LoginForm
from app.accounts.services import authenticate

bp = Blueprint("accounts", __name__, url_prefix="/beheer")


@bp.route("/inloggen", methods=["GET", "POST"])
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
            return redirect(_safe_next(request.args.get("next")))
    return render_template("accounts/login.html", form=form)


@bp.route("/uitloggen", methods=["POST"])
def logout():
    logout_user()
    flash(_("U bent uitgelogd."), "info")
    return redirect(url_for("programme.index"))


def _safe_next(target: str | None) -> str:
    """Only local paths, so the login form cannot send people to another site."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("manage.dashboard")
