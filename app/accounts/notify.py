"""Mail about accounts: the invitation and the password-reset link.

Queued in the caller's transaction; the worker renders them in the person's language,
building the set-password link from the row's plain values (see accounts.links)."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.accounts import links
from app.accounts.models import Role, User
from app.extensions import db
from app.mail import Composed, MailData, MailGone, mail_kind, queue_mail


def send_invitation(user: User, invited_by: User | None = None) -> None:
    queue_mail(
        "account_invitation",
        user.email,
        language=user.language,
        user_id=user.id,
        params=links.link_params(user, links.Purpose.INVITE) | {"by": invited_by.id if invited_by else None},
    )


def send_password_reset(user: User) -> None:
    queue_mail(
        "password_reset",
        user.email,
        language=user.language,
        user_id=user.id,
        params=links.link_params(user, links.Purpose.RESET),
    )


def _user(mail: MailData) -> User:
    user = db.session.get(User, mail.user_id) if mail.user_id else None
    if user is None or not user.active:
        raise MailGone("the account no longer exists or was deactivated")
    return user


def _name_of(user_id: object) -> str:
    other = db.session.get(User, user_id) if isinstance(user_id, int) else None
    return other.name if other is not None else ""


def _login_url() -> str:
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    return base + current_app.url_map.bind("localhost").build("accounts.login", {})


ROLE_NAMES = {
    Role.ORGANISER: _l("organisator"),
    Role.COORDINATOR: _l("locatiecoördinator"),
    Role.FACILITATOR: _l("werkgroepbegeleider"),
}


@mail_kind("account_invitation", label=_l("Uitnodiging voor een account"))
def _render_invitation(mail: MailData) -> Composed:
    user = _user(mail)
    return Composed(
        _("Uitnodiging: uw account voor de Alliantiedagen"),
        "account_invitation",
        context=dict(
            name=user.name,
            email=user.email,
            role=str(ROLE_NAMES[user.role]),
            invited_by=_name_of(mail.params.get("by")),
            link=links.link_from_params(user.id, mail.params, mail.language),
            hours=int(current_app.config["INVITATION_LINK_HOURS"]),
            login_url=_login_url(),
            locations=sorted(user.locations, key=lambda day: (day.date, day.city)),
            offers=sorted(user.offers, key=lambda offer: (offer.location_day.date, offer.round, offer.id)),
        ),
    )


@mail_kind("password_reset", label=_l("Nieuw wachtwoord kiezen"))
def _render_password_reset(mail: MailData) -> Composed:
    user = _user(mail)
    return Composed(
        _("Een nieuw wachtwoord kiezen"),
        "password_reset",
        context=dict(
            name=user.name,
            email=user.email,
            link=links.link_from_params(user.id, mail.params, mail.language),
            hours=int(current_app.config["PASSWORD_RESET_LINK_HOURS"]),
            login_url=_login_url(),
        ),
    )
