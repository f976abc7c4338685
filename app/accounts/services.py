"""Accounts: creating organisers and coordinators, and checking who may do what."""

from __future__ import annotations

from sqlalchemy import func, select

from app.accounts.models import Role, User
from app.extensions import db
from app.programme.models import LocationDay


class AccountError(ValueError):
    """A rule about accounts was broken; the message is for the user."""


def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(email: str, password: str) -> User | None:
    user = find_user_by_email(email)
    if user is None or not user.active or not user.check_password(password):
        return None
    return user


def create_user(
    email: str,
    name: str,
    password: str,
    role: Role,
    locations: list[LocationDay] | None = None,
) -> User:
    if find_user_by_email(email) is not None:
        raise AccountError(f"Er bestaat al een account met e-mailadres {email}.")
    if len(password) < 10:
        raise AccountError("Het wachtwoord moet minstens 10 tekens lang zijn.")
    user = User(email=email.strip().lower(), name=name.strip(), role=role)
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
