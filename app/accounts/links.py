"""Set-password links: in an invitation and in a password-reset mail.

The token is signed with itsdangerous (HMAC over SECRET_KEY, salt "account-link") and
holds the account id, the purpose, the moment the link was made and a fingerprint of the
account's password hash and last sign-in (the approach of Django's password-reset
tokens). Nothing of it is stored, yet:

- it expires: INVITATION_LINK_HOURS (72) after an invitation, PASSWORD_RESET_LINK_HOURS
  (2) after a reset request;
- it works once: choosing the password changes the hash, so the fingerprint no longer
  matches; a new invitation replaces the (random) hash, so an older invitation stops
  working; a sign-in after a reset request ends that link too;
- the outbox row holds only the moment and the fingerprint, which make no link without
  SECRET_KEY, so the worker builds the same link on every attempt.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from app.accounts.models import User
from app.extensions import db
from app.timeutil import utcnow

SALT = "account-link"


class Purpose(enum.StrEnum):
    INVITE = "invite"
    RESET = "reset"


class LinkProblem(enum.StrEnum):
    INVALID = "invalid"  # not a link we made (or cut off)
    EXPIRED = "expired"
    USED = "used"  # used already, or replaced by a newer one
    INACTIVE = "inactive"  # the account was deactivated


@dataclass(frozen=True)
class LinkCheck:
    user: User | None
    purpose: Purpose | None
    problem: LinkProblem | None


def fingerprint(user: User) -> str:
    """Changes when the password is set (or an invitation re-sent) and at each sign-in."""
    last_login = user.last_login_at.isoformat() if user.last_login_at else ""
    return hashlib.sha256(f"{user.password_hash}|{last_login}".encode()).hexdigest()[:24]


def link_params(user: User, purpose: Purpose, now: datetime | None = None) -> dict:
    """The plain values an outbox row keeps to build the link when it is sent."""
    issued = int((now or utcnow()).replace(tzinfo=UTC).timestamp())
    return {"purpose": purpose.value, "issued": issued, "fp": fingerprint(user)}


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def token_from_params(user_id: int, params: dict) -> str:
    return _serializer().dumps([user_id, params["purpose"], params["issued"], params["fp"]])


def link_from_params(user_id: int, params: dict, language: str) -> str:
    """The absolute link in the mail, in the person's language."""
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    path = current_app.url_map.bind("localhost").build(
        "accounts.choose_password", {"token": token_from_params(user_id, params)}
    )
    return f"{base}{path}?lang={language if language in ('nl', 'en') else 'nl'}"


def max_age(purpose: Purpose) -> timedelta:
    setting = "INVITATION_LINK_HOURS" if purpose == Purpose.INVITE else "PASSWORD_RESET_LINK_HOURS"
    return timedelta(hours=int(current_app.config[setting]))


def check_token(token: str, now: datetime | None = None) -> LinkCheck:
    """Who the link is for, or why it no longer works."""
    try:
        payload = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError, UnicodeError):
        return LinkCheck(None, None, LinkProblem.INVALID)
    if not (isinstance(payload, list) and len(payload) == 4):
        return LinkCheck(None, None, LinkProblem.INVALID)
    user_id, purpose, issued, mark = payload
    if not (
        isinstance(user_id, int)
        and isinstance(issued, int)
        and isinstance(mark, str)
        and purpose in {p.value for p in Purpose}
    ):
        return LinkCheck(None, None, LinkProblem.INVALID)
    kind = Purpose(purpose)
    user = db.session.get(User, user_id) if 0 < user_id < 2**31 else None
    if user is None:
        return LinkCheck(None, kind, LinkProblem.INVALID)
    now = now or utcnow()
    try:
        made = datetime.fromtimestamp(issued, UTC).replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):
        return LinkCheck(None, kind, LinkProblem.INVALID)
    if not hmac.compare_digest(mark, fingerprint(user)):
        return LinkCheck(user, kind, LinkProblem.USED)
    if made > now + timedelta(minutes=5) or now - made > max_age(kind):
        return LinkCheck(user, kind, LinkProblem.EXPIRED)
    if not user.active:
        return LinkCheck(user, kind, LinkProblem.INACTIVE)
    return LinkCheck(user, kind, None)
