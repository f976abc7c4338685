"""What organisers do with accounts in the application: invite, give locations or
workgroups, deactivate and reactivate. Like every rule module they only flush."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.accounts import notify
from app.accounts.models import Role, User
from app.accounts.services import AccountError, deactivate_user, find_user_by_email
from app.common.text import one_line, single_line_problem
from app.extensions import db
from app.programme.models import LocationDay
from app.timeutil import utcnow
from app.workgroups.models import WorkgroupOffer


def all_accounts() -> list[User]:
    """Every account for the organisers' list: organisers first, then by name."""
    order = {Role.ORGANISER: 0, Role.COORDINATOR: 1, Role.FACILITATOR: 2}
    users = db.session.scalars(
        select(User).options(
            selectinload(User.locations).selectinload(LocationDay.edition),
            selectinload(User.offers).selectinload(WorkgroupOffer.workgroup),
            selectinload(User.offers).selectinload(WorkgroupOffer.location_day),
        )
    ).all()
    return sorted(users, key=lambda user: (order[user.role], not user.active, user.name.casefold(), user.id))


def location_choices() -> list[LocationDay]:
    """Every location day in every edition, newest edition first."""
    return list(
        db.session.scalars(
            select(LocationDay).options(selectinload(LocationDay.edition)).order_by(LocationDay.date.desc())
        )
    )


def offer_choices() -> list[WorkgroupOffer]:
    return list(
        db.session.scalars(
            select(WorkgroupOffer)
            .join(WorkgroupOffer.location_day)
            .options(selectinload(WorkgroupOffer.workgroup), selectinload(WorkgroupOffer.location_day))
            .order_by(LocationDay.date.desc(), LocationDay.city, WorkgroupOffer.round, WorkgroupOffer.id)
        )
    )


def _check_access(role: Role, locations: Sequence[LocationDay], offers: Sequence[WorkgroupOffer]) -> None:
    if role == Role.COORDINATOR and not locations:
        raise AccountError(_("Kies minstens één locatie voor een coördinator."))
    if role == Role.FACILITATOR and not offers:
        raise AccountError(_("Kies minstens één werkgroep voor een begeleider."))


def _unusable_password(user: User) -> None:
    """A random password nobody knows: the account cannot sign in until the person
    chooses their own; a new one also ends every earlier invitation link."""
    user.set_password(secrets.token_urlsafe(32))


def invite_user(
    email: str,
    name: str,
    role: Role,
    language: str,
    locations: Sequence[LocationDay] = (),
    offers: Sequence[WorkgroupOffer] = (),
    invited_by: User | None = None,
) -> User:
    """A new account without a password, and a mail with a link to choose one."""
    email = (email or "").strip().lower()
    name = one_line(name)
    if not email or single_line_problem(email) or "@" not in email:
        raise AccountError(_("Vul een geldig e-mailadres in."))
    if not name:
        raise AccountError(_("Vul de naam in."))
    if db.session.scalar(select(func.count()).select_from(User).where(func.lower(User.email) == email)):
        raise AccountError(_("Er bestaat al een account met e-mailadres %(email)s.", email=email))
    _check_access(role, locations, offers)
    user = User(
        email=email,
        name=name,
        role=role,
        language=language if language in ("nl", "en") else "nl",
        active=True,
        invited_at=utcnow(),
        password_set_at=None,
    )
    _unusable_password(user)
    user.locations = list(locations) if role == Role.COORDINATOR else []
    user.offers = list(offers) if role == Role.FACILITATOR else []
    try:
        with db.session.begin_nested():  # two organisers inviting the same address at once
            db.session.add(user)
            db.session.flush()
    except IntegrityError as error:
        raise AccountError(_("Er bestaat al een account met e-mailadres %(email)s.", email=email)) from error
    notify.send_invitation(user, invited_by)
    return user


def resend_invitation(user: User, invited_by: User | None = None) -> None:
    """A new invitation link; the link in every earlier invitation stops working."""
    if not user.is_invited:
        raise AccountError(_("%(name)s heeft al een wachtwoord gekozen.", name=user.name))
    if not user.active:
        raise AccountError(_("Dit account is gedeactiveerd. Activeer het eerst."))
    _unusable_password(user)
    user.invited_at = utcnow()
    db.session.flush()
    notify.send_invitation(user, invited_by)


def update_account(
    user: User,
    name: str,
    language: str,
    locations: Sequence[LocationDay] = (),
    offers: Sequence[WorkgroupOffer] = (),
) -> None:
    """New name, language, locations or workgroups; access follows at the next request."""
    name = one_line(name)
    if not name:
        raise AccountError(_("Vul de naam in."))
    _check_access(user.role, locations, offers)
    user.name = name
    user.language = language if language in ("nl", "en") else "nl"
    user.locations = list(locations) if user.role == Role.COORDINATOR else []
    user.offers = list(offers) if user.role == Role.FACILITATOR else []
    db.session.flush()


def active_organiser_count() -> int:
    """Locks the active organisers' rows (PostgreSQL), so two organisers who deactivate
    each other at the same moment cannot leave none."""
    ids = db.session.scalars(
        select(User.id).where(User.role == Role.ORGANISER, User.active.is_(True)).order_by(User.id).with_for_update()
    ).all()
    return len(ids)


def deactivate(user: User, by: User) -> None:
    """The person can no longer sign in and is signed out everywhere at once."""
    if user.id == by.id:
        raise AccountError(_("U kunt uw eigen account niet deactiveren."))
    if not user.active:
        return
    if user.role == Role.ORGANISER and active_organiser_count() <= 1:
        raise AccountError(_("Dit is de laatste actieve organisator; die blijft actief."))
    deactivate_user(user)


def reactivate(user: User) -> None:
    """The person can sign in again with their own password (an invitee: after choosing one)."""
    user.active = True
    db.session.flush()


def find_account(user_id: int) -> User | None:
    return db.session.get(User, user_id)


__all__ = [
    "AccountError",
    "all_accounts",
    "deactivate",
    "find_account",
    "find_user_by_email",
    "invite_user",
    "location_choices",
    "offer_choices",
    "reactivate",
    "resend_invitation",
    "update_account",
]
