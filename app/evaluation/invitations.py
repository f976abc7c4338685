"""Invitations and reminders by mail, and what a location's evaluation looks like to its
coordinator (invited, answered, still open)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.evaluation.answering import check_open, closes_on, window
from app.evaluation.models import (
    Channel,
    EvaluationForm,
    EvaluationInvitation,
    EvaluationParticipation,
    EvaluationResponse,
    ResponseStatus,
)
from app.evaluation.questionnaire import EvaluationError, form_for
from app.extensions import db
from app.mail import queue_mail
from app.programme.models import LocationDay
from app.registration import links
from app.registration.models import Registration, Status
from app.timeutil import utcnow

# --- invitations and reminders --------------------------------------------------------


def _confirmed_with_email(location: LocationDay, checked_in_only: bool) -> list[Registration]:
    query = select(Registration).where(*_with_email(location))
    if checked_in_only:
        query = query.where(Registration.checked_in_at.is_not(None))
    return list(db.session.scalars(query.order_by(Registration.id)))


def answered_ids(form: EvaluationForm, location: LocationDay) -> set[int]:
    """Registrations at this location that answered the form (submitted, or anonymously)."""
    submitted = db.session.scalars(
        select(EvaluationResponse.registration_id).where(
            EvaluationResponse.form_id == form.id,
            EvaluationResponse.location_day_id == location.id,
            EvaluationResponse.status == ResponseStatus.SUBMITTED,
            EvaluationResponse.registration_id.is_not(None),
        )
    )
    participated = db.session.scalars(
        select(EvaluationParticipation.registration_id)
        .join(Registration, Registration.id == EvaluationParticipation.registration_id)
        .where(EvaluationParticipation.form_id == form.id, Registration.location_day_id == location.id)
    )
    return {registration_id for registration_id in (*submitted, *participated) if registration_id is not None}


def _invitations(form: EvaluationForm, location: LocationDay) -> dict[int, EvaluationInvitation]:
    rows = db.session.scalars(
        select(EvaluationInvitation)
        .join(Registration, Registration.id == EvaluationInvitation.registration_id)
        .where(EvaluationInvitation.form_id == form.id, Registration.location_day_id == location.id)
    )
    return {row.registration_id: row for row in rows}


def invite(location: LocationDay, *, all_registered: bool = False, now: datetime | None = None) -> list[Registration]:
    """Mail the personal link to everyone checked in (or every confirmed registration)
    who has not been invited yet. Returns those invited now."""
    now = now or utcnow()
    form = form_for(location.edition)
    if form is None:
        raise EvaluationError(_("Er is (nog) geen evaluatieformulier."))
    check_open(form, location, now)
    invited = _invitations(form, location)
    answered = answered_ids(form, location)
    people = [
        r
        for r in _confirmed_with_email(location, checked_in_only=not all_registered)
        if r.id not in invited and r.id not in answered
    ]
    for registration in people:
        db.session.add(EvaluationInvitation(form_id=form.id, registration_id=registration.id, invited_at=now))
        _mail("evaluation_invitation", registration, form, location)
    db.session.flush()
    return people


def remind(location: LocationDay, now: datetime | None = None) -> list[Registration]:
    """A reminder to everyone invited who has not answered yet (a saved draft is not an answer)."""
    now = now or utcnow()
    form = form_for(location.edition)
    if form is None:
        raise EvaluationError(_("Er is (nog) geen evaluatieformulier."))
    check_open(form, location, now)
    invitations = _invitations(form, location)
    answered = answered_ids(form, location)
    people = [
        r
        for r in _confirmed_with_email(location, checked_in_only=False)
        if r.id in invitations and r.id not in answered and r.reminders_off_at is None
    ]
    for registration in people:
        invitation = invitations[registration.id]
        invitation.reminded_at = now
        invitation.reminders = (invitation.reminders or 0) + 1
        _mail("evaluation_reminder", registration, form, location)
    db.session.flush()
    return people


def evaluation_link(registration: Registration) -> str:
    """The link in invitations and reminders: it opens the evaluation form and nothing
    else (not the personal page with change, cancel and erase)."""
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    return f"{base}/evaluatie/{links.evaluation_token_for(registration)}{links.language_query(registration)}"


def _mail(kind: str, registration: Registration, form: EvaluationForm, location: LocationDay) -> None:
    """One outbox row; the worker renders it (app/evaluation/mails.py)."""
    if registration.email is None:  # only people with an address are invited
        return
    queue_mail(
        kind,
        registration.email,
        language=registration.language,
        registration_id=registration.id,
        location_day_id=location.id,
        params={"form_id": form.id},
    )


@dataclass(frozen=True)
class LocationState:
    """The organiser's view of one location's evaluation."""

    window: str
    closes_on: date | None
    present: int
    confirmed_with_email: int
    present_with_email: int
    invited: int
    reminded: int
    answered_invited: int
    online: int
    paper: int
    drafts: int

    @property
    def responses(self) -> int:
        return self.online + self.paper

    @property
    def waiting_for_answer(self) -> int:
        return self.invited - self.answered_invited


def _with_email(location: LocationDay):
    return (
        Registration.location_day_id == location.id,
        Registration.status == Status.CONFIRMED,
        Registration.email.is_not(None),
        Registration.email != "",
    )


def _invitation_counts(form: EvaluationForm, location: LocationDay) -> tuple[int, int, int]:
    """(invited, reminded, invited and answered), counted in SQL: the page loads no person."""
    answered = (
        select(EvaluationResponse.id)
        .where(
            EvaluationResponse.form_id == form.id,
            EvaluationResponse.location_day_id == location.id,
            EvaluationResponse.status == ResponseStatus.SUBMITTED,
            EvaluationResponse.registration_id == EvaluationInvitation.registration_id,
        )
        .exists()
    )
    participated = (
        select(EvaluationParticipation.registration_id)
        .where(
            EvaluationParticipation.form_id == form.id,
            EvaluationParticipation.registration_id == EvaluationInvitation.registration_id,
        )
        .exists()
    )
    invited, reminded, answered_invited = db.session.execute(
        select(
            func.count(EvaluationInvitation.id),
            func.count(EvaluationInvitation.id).filter(EvaluationInvitation.reminders > 0),
            func.count(EvaluationInvitation.id).filter(answered | participated),
        )
        .join(Registration, Registration.id == EvaluationInvitation.registration_id)
        .where(EvaluationInvitation.form_id == form.id, Registration.location_day_id == location.id)
    ).one()
    return invited, reminded, answered_invited


def location_state(location: LocationDay, now: datetime | None = None) -> LocationState:
    """Counts only (one statement each), whatever the number of participants."""
    form = form_for(location.edition)
    with_email, present_with_email = db.session.execute(
        select(func.count(Registration.id), func.count(Registration.checked_in_at)).where(*_with_email(location))
    ).one()
    present = db.session.execute(
        select(func.count()).where(
            Registration.location_day_id == location.id,
            Registration.status == Status.CONFIRMED,
            Registration.checked_in_at.is_not(None),
        )
    ).scalar_one()
    if form is None:
        return LocationState("unpublished", None, present, with_email, 0, 0, 0, 0, 0, 0, 0)
    invited, reminded, answered_invited = _invitation_counts(form, location)
    counts = dict(
        db.session.execute(
            select(EvaluationResponse.channel, func.count())
            .where(
                EvaluationResponse.form_id == form.id,
                EvaluationResponse.location_day_id == location.id,
                EvaluationResponse.status == ResponseStatus.SUBMITTED,
            )
            .group_by(EvaluationResponse.channel)
        ).all()
    )
    drafts = db.session.execute(
        select(func.count()).where(
            EvaluationResponse.form_id == form.id,
            EvaluationResponse.location_day_id == location.id,
            EvaluationResponse.status == ResponseStatus.DRAFT,
        )
    ).scalar_one()
    return LocationState(
        window=window(form, location, now),
        closes_on=closes_on(form, location),
        present=present,
        confirmed_with_email=with_email,
        present_with_email=present_with_email,
        invited=invited,
        reminded=reminded,
        answered_invited=answered_invited,
        online=counts.get(Channel.ONLINE, 0),
        paper=counts.get(Channel.PAPER, 0),
        drafts=drafts,
    )
