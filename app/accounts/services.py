"""Accounts: creating organisers and coordinators, signing in, passwords and sessions.

Functions other features call (invitations, password reset, deactivation screens):

- ``set_password(user, password)``: checks the rules, stores the hash and ends every
  session of that user (sign the current one in again with ``login_user`` if needed);
- ``revoke_sessions(user)``: ends every session and remember-me cookie of that user;
- ``deactivate_user(user)``: the account can no longer sign in, and is signed out everywhere.

Like every service they only flush; the caller commits. What organisers do with accounts
(invite, locations and workgroups, deactivate) is in ``administration``; a forgotten or
changed password in ``passwords``; the set-password links in ``links``; their mail in
``notify``.
"""

from __future__ import annotations

import secrets
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from app.accounts.models import Role, User
from app.common.errors import DomainError
from app.common.text import one_line, single_line_problem
from app.extensions import db
from app.programme.models import LocationDay
from app.timeutil import utcnow

PASSWORD_MIN = 10
PASSWORD_MAX = 1000


class AccountError(DomainError):
    """A rule about accounts was broken; the message is for the user."""


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the id is "<user id>:<session version>"; an older version
    (revoked sessions) or a deactivated account signs nobody in."""
    number, _, version = str(user_id).partition(":")
    if not number.isascii() or not number.isdigit() or not version.isascii() or not version.isdigit():
        return None
    user = db.session.get(User, int(number))
    if user is None or not user.active or (user.session_version or 0) != int(version):
        return None
    return user


def find_user_by_email(email: str) -> User | None:
    email = (email or "").strip().lower()
    if not email or single_line_problem(email):
        return None
    return db.session.scalar(select(User).where(func.lower(User.email) == email))


@cache
def _stand_in_hash(method: str) -> str:
    """A hash of a random password, made with the same method and cost as real ones."""
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def authenticate(email: str, password: str) -> User | None:
    """The active account with this address and password, or None. Every attempt costs
    one password-hash check, whether the address is unknown, deactivated or right, so
    the time it takes tells nothing about which accounts exist."""
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_stand_in_hash(current_app.config["PASSWORD_HASH_METHOD"]), password or "")
        return None
    if not check_password_hash(user.password_hash, password or "") or not user.active:
        return None
    return user


def check_password_rules(password: str) -> None:
    if len(password or "") < PASSWORD_MIN:
        raise AccountError(_("Het wachtwoord moet minstens %(count)s tekens lang zijn.", count=PASSWORD_MIN))
    if len(password) > PASSWORD_MAX:
        raise AccountError(_("Het wachtwoord mag hoogstens %(count)s tekens lang zijn.", count=PASSWORD_MAX))
    if "\x00" in password:
        raise AccountError(_("Het wachtwoord bevat een teken dat niet kan."))


def revoke_sessions(user: User) -> None:
    """End every session and remember-me cookie of this user, on every device."""
    user.session_version = (user.session_version or 0) + 1
    db.session.flush()


def set_password(user: User, password: str) -> None:
    """A new password (after checking the rules); every existing session of the user ends."""
    check_password_rules(password)
    user.set_password(password)
    user.password_set_at = utcnow()
    revoke_sessions(user)


def record_login(user: User) -> None:
    """Shown on the accounts page; also ends any password-reset link sent before."""
    user.last_login_at = utcnow()
    db.session.flush()


def deactivate_user(user: User) -> None:
    """The account can no longer sign in, and every session of it ends now."""
    user.active = False
    revoke_sessions(user)


def create_user(
    email: str,
    name: str,
    password: str,
    role: Role,
    locations: list[LocationDay] | None = None,
) -> User:
    email = (email or "").strip().lower()
    if not email or single_line_problem(email):
        raise AccountError(_("Vul een geldig e-mailadres in."))
    if find_user_by_email(email) is not None:
        raise AccountError(_("Er bestaat al een account met e-mailadres %(email)s.", email=email))
    check_password_rules(password)
    user = User(email=email, name=one_line(name), role=role, password_set_at=utcnow())
    user.set_password(password)
    user.locations = list(locations or [])
    db.session.add(user)
    db.session.flush()
    return user


def ensure_user(email: str, name: str, password: str, role: Role) -> tuple[User, bool]:
    """Create the account unless it exists; returns (user, created). For demo data."""
    existing = find_user_by_email(email)
    if existing is not None:
        return existing, False
    return create_user(email, name, password, role), True
