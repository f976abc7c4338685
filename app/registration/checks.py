"""Checking what a person entered (text fields, organisation kind, ranked workgroup
choices) and storing the choices; RegistrationError carries the message and its field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from flask_babel import gettext as _
from sqlalchemy import insert

from app.common.errors import DomainError
from app.common.text import one_line
from app.extensions import db
from app.programme.models import LocationDay
from app.registration.models import OrganisationKind, Registration, WorkgroupPreference

MAX_CHOICES = 3


class RegistrationError(DomainError):
    """A rule about registrations was broken."""


_CONTROL = {code: None for code in (*range(0, 9), 11, 12, *range(14, 32), 127)}


def clean(value: str | None) -> str:
    """Trimmed text without control characters (PostgreSQL refuses NUL; nobody types them)."""
    return (value or "").translate(_CONTROL).strip()


def required_text(value: str | None, field_name: str, message) -> str:
    value = one_line(value)
    if not value:
        raise RegistrationError(str(message), field=field_name)
    return value


def check_kind(location: LocationDay, kind: OrganisationKind | None) -> None:
    if kind is not None and kind.edition_id != location.edition_id:
        raise RegistrationError(_("Kies een soort organisatie uit de lijst."), field="organisation_kind_id")


def preference_field(round_: int, rank: int) -> str:
    return f"pref_{round_}_{rank}"


def checked_preferences(
    location: LocationDay, preferences: Mapping[int, Sequence[int | None]], require_first: bool
) -> list[tuple[int, int, int]]:
    """(round, rank, workgroup_id) rows; ranks close up when a choice is left empty."""
    offered: dict[int, set[int]] = {}
    for offer in location.workgroup_offers:
        if not offer.is_open:
            continue  # dropped: not on the form, and not choosable through any other way
        offered.setdefault(offer.round, set()).add(offer.workgroup_id)
    rows = []
    for round_ in sorted(set(offered) | set(preferences)):
        chosen = list(preferences.get(round_, ()))[:MAX_CHOICES]
        seen: set[int] = set()
        for rank, workgroup_id in enumerate(chosen, start=1):
            if not workgroup_id:
                continue
            if workgroup_id not in offered.get(round_, set()):
                raise RegistrationError(_("Kies een werkgroep uit de lijst."), field=preference_field(round_, rank))
            if workgroup_id in seen:
                raise RegistrationError(
                    _("U koos deze werkgroep al. Kies een andere werkgroep, of laat dit leeg."),
                    field=preference_field(round_, rank),
                )
            seen.add(workgroup_id)
            rows.append((round_, len(seen), workgroup_id))
        if require_first and offered.get(round_) and not seen:
            raise RegistrationError(_("Kies uw eerste keus."), field=preference_field(round_, 1))
    return rows


def replace_preferences(registration: Registration, rows: Iterable[tuple[int, int, int]]) -> None:
    if registration.id is not None and registration.preferences:
        registration.preferences.clear()
        db.session.flush()  # delete the old rows before the new ones reuse (round, rank)
    for round_, rank, workgroup_id in rows:
        registration.preferences.append(WorkgroupPreference(round=round_, rank=rank, workgroup_id=workgroup_id))


def insert_preferences(registration: Registration, rows: Sequence[tuple[int, int, int]]) -> None:
    """A new registration's choices in one statement (the ORM would insert them one by one)."""
    if rows:
        db.session.execute(
            insert(WorkgroupPreference),
            [
                {"registration_id": registration.id, "round": round_, "rank": rank, "workgroup_id": workgroup_id}
                for round_, rank, workgroup_id in rows
            ],
        )


def compact_ranks(registration: Registration) -> None:
    by_round: dict[int, list[WorkgroupPreference]] = {}
    for preference in sorted(registration.preferences, key=lambda p: (p.round, p.rank)):
        by_round.setdefault(preference.round, []).append(preference)
    changed = False
    for preferences in by_round.values():
        for rank, preference in enumerate(preferences, start=1):
            if preference.rank != rank:
                changed = True
    if changed:
        rows = [(p.round, rank, p.workgroup_id) for ps in by_round.values() for rank, p in enumerate(ps, start=1)]
        replace_preferences(registration, rows)
