"""Accounts in the application: the organisers' accounts page (list, invite, locations
and workgroups, deactivate, reactivate) and everyone's own password."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user
from markupsafe import Markup, escape
from wtforms import SelectChoice

from app.accounts import administration, passwords
from app.accounts.access import organiser_only
from app.accounts.forms import AccessForm, ChangePasswordForm, InviteForm
from app.accounts.models import Role, User
from app.accounts.services import PASSWORD_MIN, AccountError
from app.common.language import current_language, dutch
from app.extensions import db

bp = Blueprint("accounts_manage", __name__, url_prefix="/beheer")


ROLE_NAMES = {
    Role.ORGANISER.value: _l("organisator"),
    Role.COORDINATOR.value: _l("coördinator"),
    Role.FACILITATOR.value: _l("begeleider"),
}


@bp.context_processor
def account_texts() -> dict:
    return {"role_names": ROLE_NAMES, "password_min": PASSWORD_MIN}


def _offer_label(offer) -> Markup:
    """The workgroup's Dutch title marked as Dutch on an English page (WCAG 3.1.2)."""
    day = offer.location_day
    return Markup(escape(_("%(workgroup)s, %(city)s %(year)s, ronde %(round)s"))) % {
        "workgroup": dutch(offer.workgroup.title),
        "city": day.city,
        "year": day.date.year,
        "round": offer.round,
    }


def _fill_choices(form: AccessForm) -> None:
    form.locations.choices = [
        SelectChoice(day.id, f"{day.city} {day.date.year} ({day.edition.name})")
        for day in administration.location_choices()
    ]
    form.offers.choices = [SelectChoice(offer.id, _offer_label(offer)) for offer in administration.offer_choices()]


def _chosen(form: AccessForm):
    locations = {day.id: day for day in administration.location_choices()}
    offers = {offer.id: offer for offer in administration.offer_choices()}
    return [locations[i] for i in form.locations.data or [] if i in locations], [
        offers[i] for i in form.offers.data or [] if i in offers
    ]


def _account_or_404(user_id: int) -> User:
    user = administration.find_account(user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/accounts/")
@organiser_only
def accounts():
    return render_template("accounts/list.html", users=administration.all_accounts())


@bp.route("/accounts/uitnodigen", methods=["GET", "POST"])
@organiser_only
def invite():
    form = InviteForm()
    if not form.is_submitted():
        form.language.data = current_language()
    _fill_choices(form)
    if form.validate_on_submit():
        locations, offers = _chosen(form)
        try:
            user = administration.invite_user(
                form.email.data,
                form.name.data,
                Role(form.role.data),
                form.language.data,
                locations,
                offers,
                invited_by=current_user,
            )
        except AccountError as error:
            db.session.rollback()
            _fill_choices(form)
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Uitnodiging verstuurd naar %(email)s.", email=user.email), "info")
            return redirect(url_for("accounts_manage.accounts"))
    return render_template("accounts/invite.html", form=form)


@bp.route("/accounts/<int:user_id>", methods=["GET", "POST"])
@organiser_only
def edit(user_id: int):
    user = _account_or_404(user_id)
    form = AccessForm(obj=None)
    if not form.is_submitted():
        form.name.data = user.name
        form.language.data = user.language or "nl"
        form.locations.data = [day.id for day in user.locations]
        form.offers.data = [offer.id for offer in user.offers]
    _fill_choices(form)
    if form.validate_on_submit():
        locations, offers = _chosen(form)
        try:
            administration.update_account(user, form.name.data, form.language.data, locations, offers)
        except AccountError as error:
            db.session.rollback()
            user = _account_or_404(user_id)
            _fill_choices(form)
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("De gegevens van %(name)s zijn opgeslagen.", name=user.name), "info")
            return redirect(url_for("accounts_manage.accounts"))
    return render_template("accounts/edit.html", form=form, user=user)


def _act(user_id: int, action, done: str):
    user = _account_or_404(user_id)
    try:
        action(user)
    except AccountError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(done % {"name": user.name}, "info")
    return redirect(url_for("accounts_manage.accounts"))


@bp.route("/accounts/<int:user_id>/uitnodiging", methods=["POST"])
@organiser_only
def resend(user_id: int):
    return _act(
        user_id,
        lambda user: administration.resend_invitation(user, current_user),
        _("Nieuwe uitnodiging verstuurd aan %(name)s; de link in de vorige werkt niet meer."),
    )


@bp.route("/accounts/<int:user_id>/deactiveren", methods=["POST"])
@organiser_only
def deactivate(user_id: int):
    return _act(
        user_id,
        lambda user: administration.deactivate(user, current_user),
        _("%(name)s is gedeactiveerd en overal uitgelogd."),
    )


@bp.route("/accounts/<int:user_id>/activeren", methods=["POST"])
@organiser_only
def reactivate(user_id: int):
    return _act(user_id, administration.reactivate, _("%(name)s kan weer inloggen."))


@bp.route("/wachtwoord", methods=["GET", "POST"])
@login_required
def own_password():
    """Everyone signed in: a new password, with the current one."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            passwords.change_own_password(user, form.current.data, form.password.data, form.repeat.data)
        except passwords.WrongCurrentPassword as error:
            db.session.rollback()
            form.current.errors.append(str(error))
        except AccountError as error:
            db.session.rollback()
            form.password.errors.append(str(error))
        else:
            db.session.commit()
            login_user(user)  # this session goes on; every other one ended
            flash(_("Uw nieuwe wachtwoord is opgeslagen. U bent op uw andere apparaten uitgelogd."), "info")
            return redirect(url_for("manage.dashboard"))
    return render_template("accounts/own_password.html", form=form)
