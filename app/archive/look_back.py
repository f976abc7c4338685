"""The edition's look-back text: saved as a draft, published when the organiser says so."""

from __future__ import annotations

from datetime import datetime

from app.accounts.models import User
from app.archive.gather import look_back_of
from app.archive.models import LookBack
from app.archive.services import multi_line
from app.extensions import db
from app.programme.models import Edition
from app.timeutil import utcnow


def save_look_back(edition: Edition, body: str, author: User | None) -> LookBack:
    text = look_back_of(edition)
    if text is None:
        text = LookBack(edition_id=edition.id)
        db.session.add(text)
    text.body = multi_line(body)
    text.updated_by_id = author.id if author is not None else None
    text.updated_at = utcnow()
    db.session.flush()
    return text


def publish_look_back(text: LookBack, now: datetime | None = None) -> None:
    text.published = True
    text.published_at = text.published_at or now or utcnow()
    db.session.flush()


def unpublish_look_back(text: LookBack) -> None:
    text.published = False
    db.session.flush()
