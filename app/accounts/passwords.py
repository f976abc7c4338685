"""Passwords people manage themselves: a forgotten one by e-mail, their own changed.

A reset request for an unknown or deactivated address does nothing visible: the page
says the same in every case, so it tells nobody which addresses have an account."""

from __future__ import annotations

from flask_babel import gettext as _

from app.accounts import links, notify
from app.accounts.models import User
from app.accounts.services import AccountError, find_user_by_email, set_password
from app.common.ratelimit import allow


class WrongCurrentPassword(AccountError):
    """The current password, asked before a change, was wrong."""


def request_password_reset(email: str) -> None:
    """Mail a set-password link when the address belongs to an active account (at most
    PASSWORD_RESET_MAIL_RATE_LIMIT mails per account); otherwise nothing."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        return
    if not allow("password_reset_mail", f"user:{user.id}", "PASSWORD_RESET_MAIL_RATE_LIMIT"):
        return
    notify.send_password_reset(user)


def choose_password(check: links.LinkCheck, password: str, repeat: str) -> User:
    """The password from a link in an invitation or a reset mail. The link then stops
    working (the hash changed) and every other session of the account ends."""
    if check.problem is not None or check.user is None:
        raise AccountError(_("Deze link werkt niet meer."))
    if password != repeat:
        raise AccountError(_("De twee wachtwoorden zijn niet gelijk."))
    set_password(check.user, password)
    return check.user


def change_own_password(user: User, current: str, password: str, repeat: str) -> None:
    """A signed-in person's new password; their other sessions end (the caller signs the
    current one in again)."""
    if not user.check_password(current or ""):
        raise WrongCurrentPassword(_("Uw huidige wachtwoord klopt niet."))
    if password != repeat:
        raise AccountError(_("De twee wachtwoorden zijn niet gelijk."))
    set_password(user, password)
