"""A season's set-up: "the same programme next year" (duplicating an edition), and what
goes with an edition or a location day when it is archived.

Reads every feature below it (programme, workgroups, registration, evaluation), so it
sits in the top layer with the reports; it only flushes, the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import func, inspect, select

from app.evaluation.models import EvaluationForm
from app.extensions import db
from app.programme.models import Contribution, Edition, LocationDay, ProgrammeItem, State
from app.programme.services import ProgrammeError, edition_by_slug
from app.registration.models import OrganisationKind, Registration
from app.timeutil import utcnow
from app.workgroups.models import Workgroup, WorkgroupOffer


def _copy_of(row: Any, **overrides: Any) -> Any:
    """A new row of the same kind with the same column values: no id, nothing shared."""
    mapper = inspect(type(row))
    keys = {column.key for column in mapper.column_attrs} - {column.key for column in mapper.primary_key}
    values = {key: getattr(row, key) for key in keys if not key.endswith("_id")}
    values.update(overrides)
    return type(row)(**values)


@dataclass(frozen=True)
class DuplicateChoices:
    name: str
    slug: str
    year: int
    theme: str
    offset_days: int
    copy_rooms: bool = True
    copy_facilitators: bool = True
    copy_speakers: bool = True


def duplicate_edition(source: Edition, choices: DuplicateChoices) -> Edition:
    """The same edition next year, as a draft: template, catalogue and offers, locations
    with venues and capacities, speakers (optional), organisation kinds, evaluation form.
    Never participants, registrations, answers, mails, reports or materials."""
    if edition_by_slug(choices.slug) is not None:
        raise ProgrammeError(_("Deze korte naam is al in gebruik."), field="slug")
    with db.session.no_autoflush:  # nothing half-built reaches the database
        copy = _build_copy(source, choices)
    db.session.flush()
    return copy


def _build_copy(source: Edition, choices: DuplicateChoices) -> Edition:
    shift = timedelta(days=choices.offset_days)
    copy = _copy_of(
        source,
        name=choices.name,
        slug=choices.slug,
        year=choices.year,
        theme=choices.theme,
        state=State.DRAFT,
        preview_token=None,
        created_at=utcnow(),
    )
    db.session.add(copy)
    items = {item.id: _copy_of(item, edition=copy) for item in source.programme_items}
    workgroups = {
        workgroup.id: _copy_of(workgroup, edition=copy, archived_at=None)
        for workgroup in _catalogue(source)
        if workgroup.archived_at is None
    }
    speakers = (
        {speaker.id: _copy_of(speaker, edition=copy) for speaker in source.speakers} if choices.copy_speakers else {}
    )
    db.session.add_all([*items.values(), *workgroups.values(), *speakers.values()])
    for location in source.location_days:
        if location.state == State.ARCHIVED:
            continue
        day = _copy_of(
            location,
            edition=copy,
            state=State.DRAFT,
            date=location.date + shift,
            registration_opens_at=location.registration_opens_at + shift,
            registration_closes_at=location.registration_closes_at + shift,
            cancelled_at=None,
            revision=0,
            updated_at=utcnow(),
        )
        db.session.add(day)
        for offer in location.workgroup_offers:
            if offer.workgroup_id not in workgroups:
                continue
            db.session.add(
                _copy_of(
                    offer,
                    location_day=day,
                    workgroup=workgroups[offer.workgroup_id],
                    room=offer.room if choices.copy_rooms else "",
                    facilitator=offer.facilitator if choices.copy_facilitators else "",
                )
            )
        for contribution in location.contributions if speakers else ():
            db.session.add(
                _copy_of(
                    contribution,
                    location_day=day,
                    programme_item=items[contribution.programme_item_id],
                    speaker=speakers[contribution.speaker_id],
                )
            )
    for kind in db.session.scalars(select(OrganisationKind).where(OrganisationKind.edition_id == source.id)):
        db.session.add(_copy_of(kind, edition=copy))
    form = db.session.scalar(select(EvaluationForm).where(EvaluationForm.edition_id == source.id))
    if form is not None:
        form_copy = _copy_of(form, edition=copy, created_at=utcnow())
        db.session.add(form_copy)
        for question in form.questions:
            db.session.add(_copy_of(question, form=form_copy))
    return copy


def _catalogue(edition: Edition) -> list[Workgroup]:
    return list(db.session.scalars(select(Workgroup).where(Workgroup.edition_id == edition.id).order_by(Workgroup.id)))


def marked(sentence: str, **parts: object) -> Markup:
    """A translated sentence around the organiser's own words, which stay marked as Dutch
    (app.common.language.dutch): for the heading of a confirmation page."""
    return Markup(escape(sentence)) % parts


# --- what goes with it ------------------------------------------------------------------


@dataclass(frozen=True)
class Impact:
    """What an archive (or a removal) takes along: shown before the organiser confirms."""

    location_days: int = 0
    registrations: int = 0
    offers: int = 0
    workgroups: int = 0
    programme_items: int = 0
    contributions: int = 0


def _count(query: Any) -> int:
    return int(db.session.scalar(query) or 0)


def edition_impact(edition: Edition) -> Impact:
    day_ids = select(LocationDay.id).where(LocationDay.edition_id == edition.id).scalar_subquery()
    return Impact(
        location_days=len(edition.location_days),
        registrations=_count(select(func.count(Registration.id)).where(Registration.location_day_id.in_(day_ids))),
        offers=_count(select(func.count(WorkgroupOffer.id)).where(WorkgroupOffer.location_day_id.in_(day_ids))),
        workgroups=_count(select(func.count(Workgroup.id)).where(Workgroup.edition_id == edition.id)),
        programme_items=len(edition.programme_items),
        contributions=_count(select(func.count(Contribution.id)).where(Contribution.location_day_id.in_(day_ids))),
    )


def location_impact(location: LocationDay) -> Impact:
    return Impact(
        location_days=1,
        registrations=_count(select(func.count(Registration.id)).where(Registration.location_day_id == location.id)),
        offers=len(location.workgroup_offers),
        contributions=len(location.contributions),
    )


def workgroup_impact(workgroup: Workgroup) -> Impact:
    offer_ids = [offer.id for offer in workgroup.offers]
    return Impact(offers=len(offer_ids))


def item_impact(item: ProgrammeItem) -> Impact:
    return Impact(
        programme_items=1,
        contributions=_count(select(func.count(Contribution.id)).where(Contribution.programme_item_id == item.id)),
    )


def archive_workgroup(workgroup: Workgroup) -> None:
    """Out of the catalogue: no new offers, not copied to a next edition; restorable."""
    workgroup.archived_at = utcnow()
    db.session.flush()


def restore_workgroup(workgroup: Workgroup) -> None:
    workgroup.archived_at = None
    db.session.flush()
