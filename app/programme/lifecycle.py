"""The life of an edition and its location days: draft, published, archived.

Publishing a day checks its dates and its readiness (app.programme.readiness) and names
everything that is missing; an archived edition is read-only, checked once for every
write in `refuse_writes_to_archived_editions` (a flush hook), not per page.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from app.extensions import db
from app.programme.models import Edition, LocationDay, ProgrammeItem, State
from app.programme.readiness import build_readiness
from app.programme.services import ProgrammeError
from app.timeutil import to_local


class ArchivedEditionError(ProgrammeError):
    """A change to anything of an archived edition."""


class NotReady(ProgrammeError):
    """Publishing refused; `reasons` names every missing piece."""

    def __init__(self, message: str, reasons: list[str]):
        super().__init__(message)
        self.reasons = reasons


# --- dates ------------------------------------------------------------------------------


def date_problems(location: LocationDay, now: datetime) -> list[tuple[str, str]]:
    """(field, message) for each date rule a published day must keep."""
    problems: list[tuple[str, str]] = []
    if location.date <= to_local(now).date():
        problems.append(("date", _("De dag moet in de toekomst liggen.")))
    if location.registration_closes_at <= location.registration_opens_at:
        problems.append(("registration_closes_at", _("De inschrijving moet sluiten na het moment van openen.")))
    if to_local(location.registration_closes_at).date() > location.date:
        problems.append(("registration_closes_at", _("De inschrijving moet uiterlijk op de dag zelf sluiten.")))
    return problems


def check_dates(location: LocationDay, now: datetime) -> None:
    """For the location form: registration closes on the day at the latest, whatever the
    state. (The day in the future is asked when publishing: a held day stays editable.)"""
    for name, message in date_problems(location, now):
        if name != "date":
            raise ProgrammeError(message, field=name)


# --- publishing -------------------------------------------------------------------------


def publish_problems(location: LocationDay, now: datetime) -> list[str]:
    problems = [message for _field, message in date_problems(location, now)]
    readiness = build_readiness(location.edition, [location])
    # Plain text (the readiness marks Dutch titles with lang="nl" for its own table).
    problems.extend(Markup(problem).striptags() for problem in readiness.rows[0].problems)
    return problems


def publish_location_day(location: LocationDay, now: datetime) -> None:
    if location.state == State.PUBLISHED:
        return
    problems = publish_problems(location, now)
    if problems:
        raise NotReady(
            _("%(city)s is nog niet klaar om te publiceren.", city=location.city),
            problems,
        )
    location.state = State.PUBLISHED
    location.revision = (location.revision or 0) + 1
    db.session.flush()


@dataclass
class EditionPublished:
    published: list[LocationDay] = field(default_factory=list)
    waiting: list[tuple[LocationDay, list[str]]] = field(default_factory=list)


def publish_edition(edition: Edition, now: datetime) -> EditionPublished:
    """The edition goes public with every day that is ready; days not ready stay drafts,
    each with its reasons, so the organiser sees at once what is left to do."""
    if not edition.location_days:
        raise ProgrammeError(_("Voeg eerst minstens één locatie toe."))
    result = EditionPublished()
    for location in edition.location_days:
        if location.state != State.DRAFT:
            continue
        problems = publish_problems(location, now)
        if problems:
            result.waiting.append((location, problems))
        else:
            location.state = State.PUBLISHED
            location.revision = (location.revision or 0) + 1
            result.published.append(location)
    if not any(location.state == State.PUBLISHED for location in edition.location_days):
        raise NotReady(
            _("Geen enkele locatie is klaar om te publiceren."),
            [f"{location.city}: {'; '.join(problems)}" for location, problems in result.waiting],
        )
    edition.state = State.PUBLISHED
    db.session.flush()
    return result


def unpublish_location_day(location: LocationDay) -> None:
    """Back to draft: only while nobody has registered (the caller checks the count)."""
    location.state = State.DRAFT
    location.revision = (location.revision or 0) + 1
    db.session.flush()


# --- archiving --------------------------------------------------------------------------


def archive_edition(edition: Edition) -> None:
    edition.state = State.ARCHIVED
    db.session.flush()


def restore_edition(edition: Edition) -> None:
    edition.state = State.PUBLISHED
    db.session.flush()


def archive_location_day(location: LocationDay) -> None:
    location.state = State.ARCHIVED
    location.revision = (location.revision or 0) + 1
    db.session.flush()


def restore_location_day(location: LocationDay) -> None:
    """Back as a draft: it is checked again before it goes public."""
    location.state = State.DRAFT
    location.revision = (location.revision or 0) + 1
    db.session.flush()


# --- the preview link -------------------------------------------------------------------


def preview_token(edition: Edition) -> str:
    if not edition.preview_token:
        edition.preview_token = secrets.token_urlsafe(32)
        db.session.flush()
    return edition.preview_token


# --- archived editions are read-only ------------------------------------------------------


# The set-up of an edition, which an archived edition keeps as it is. Registrations are
# not in it (a participant may still erase their data), nor the mail log, nor PDF builds.
READ_ONLY_TABLES = frozenset(
    {
        "edition", "programme_item", "location_day", "speaker", "contribution", "workgroup", "workgroup_offer",
        "organisation_kind", "evaluation_form", "mail_rule", "allocation_run", "material", "look_back",
    }
)  # fmt: skip


def _edition_id_of(session: Session, instance: object) -> int | None:
    if getattr(getattr(instance, "__table__", None), "name", None) not in READ_ONLY_TABLES:
        return None
    if isinstance(instance, Edition):
        return instance.id
    edition_id = getattr(instance, "edition_id", None)
    if edition_id is None and getattr(instance, "edition", None) is not None:
        edition_id = instance.edition.id  # type: ignore[attr-defined]  # duck-typed: any row of an edition
    if edition_id is None:
        location_day_id = getattr(instance, "location_day_id", None)
        if location_day_id is None and isinstance(getattr(instance, "location_day", None), LocationDay):
            location_day_id = instance.location_day.id  # type: ignore[attr-defined]  # as above
        if location_day_id is not None:
            location = session.get(LocationDay, location_day_id)
            edition_id = location.edition_id if location is not None else None
    return edition_id


def _edition_was_archived(session: Session, edition_id: int) -> bool:
    edition = session.get(Edition, edition_id)
    if edition is None:
        return False
    history = inspect(edition).attrs.state.history
    before = history.deleted[0] if history.deleted else edition.state
    return before == State.ARCHIVED


def _only_lifecycle_change(instance: object) -> bool:
    """Archiving, restoring and the preview key are the changes an archived edition takes."""
    if not isinstance(instance, Edition):
        return False
    changed = {attr.key for attr in inspect(instance).attrs if attr.history.has_changes()}
    return changed <= {"state", "preview_token"}


@event.listens_for(Session, "before_flush")
def refuse_writes_to_archived_editions(session: Session, flush_context, instances) -> None:
    with session.no_autoflush:
        for instance in [*session.new, *session.dirty, *session.deleted]:
            if instance in session.dirty and not session.is_modified(instance):
                continue
            edition_id = _edition_id_of(session, instance)
            if edition_id is None or _only_lifecycle_change(instance):
                continue
            if _edition_was_archived(session, edition_id):
                raise ArchivedEditionError(
                    _("Deze editie is gearchiveerd en kan niet meer worden gewijzigd. Zet haar eerst terug.")
                )


def items_overlapping(edition: Edition) -> list[tuple[ProgrammeItem, ProgrammeItem]]:
    """Pairs of template slots whose times overlap (a warning, not a refusal)."""
    items = sorted(edition.programme_items, key=lambda item: (item.start_time, item.position))
    return [
        (first, second)
        for index, first in enumerate(items)
        for second in items[index + 1 :]
        if second.start_time < first.end_time
    ]


def draft_editions() -> list[Edition]:
    return list(db.session.scalars(select(Edition).where(Edition.state == State.DRAFT)))
