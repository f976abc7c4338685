"""Personal links: /aanmelding/<token>, no account needed.

The token is the registration id and a random 128-bit nonce, signed with itsdangerous
(HMAC-SHA1 over SECRET_KEY, salt "personal-link"). Why not a random token stored hashed:
every mail (confirmation, waiting-list notice, promotion, later calendar updates) must
carry the link, and a hashed token cannot be shown again without replacing it, which
would break the link in every earlier mail. The signed form can be rebuilt whenever a
mail goes out, while still being unguessable and revocable:

- without SECRET_KEY nobody can make a valid token, and a leaked database alone does not
  give working links (the nonce is useless without the signature);
- a new nonce (``revoke``) invalidates every link sent before;
- erasing the registration deletes the nonce, so old links simply stop working.

The evaluation invitation carries a second token over the same (id, nonce), signed with
another salt: it opens only the evaluation form (``/evaluatie/<token>``), never the
personal page, so a forwarded invitation cannot change, cancel or erase a registration.
Neither token can be made from the other without SECRET_KEY; a new nonce revokes both.
"""

from __future__ import annotations

import hmac
import secrets

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from app.extensions import db
from app.registration.models import Registration

SALT = "personal-link"
EVALUATION_SALT = "evaluation-link"


def new_nonce() -> str:
    return secrets.token_hex(16)


def _serializer(salt: str = SALT) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt)


def token_for(registration) -> str:
    return _serializer().dumps([registration.id, registration.link_nonce])


def evaluation_token_for(registration) -> str:
    """The token that only opens the evaluation form."""
    return _serializer(EVALUATION_SALT).dumps([registration.id, registration.link_nonce])


def link_for(registration) -> str:
    """The absolute personal link, as it appears in mail, in the person's own language."""
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    return f"{base}/aanmelding/{token_for(registration)}{language_query(registration)}"


def reminders_link(registration) -> str:
    """Where reminders are switched off (List-Unsubscribe, also one-click by POST)."""
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    return f"{base}/aanmelding/{token_for(registration)}/herinneringen{language_query(registration)}"


def language_query(registration) -> str:
    """``?lang=en`` (or nl): a link opened in a fresh browser shows the person's language,
    which then stays for the pages that follow (see app.remember_chosen_language)."""
    language = registration.language if registration.language in ("nl", "en") else "nl"
    return f"?lang={language}"


def registration_for_token(token: str, salt: str = SALT):
    try:
        registration_id, nonce = _serializer(salt).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(registration_id, int) or not isinstance(nonce, str):
        return None
    registration = db.session.get(Registration, registration_id)
    if registration is None or not hmac.compare_digest(registration.link_nonce, nonce):
        return None
    return registration


def registration_for_evaluation_token(token: str):
    return registration_for_token(token, EVALUATION_SALT)


def revoke(registration) -> None:
    registration.link_nonce = new_nonce()
