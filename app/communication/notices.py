"""Change notices: telling participants that something they rely on has changed.

A change to a location day (date, doors-open time, venue, address, city), a cancelled
day, or a new room or workgroup after publishing queues one `change_notice` row per
affected participant. The row waits CHANGE_NOTICE_DELAY_MINUTES; a further change in
that time joins the waiting row (and restarts the wait) instead of adding a second mail.
The worker renders what changed from the values of the moment of the first change
(`params`) and the current ones, with the participant's updated calendar (iTIP: same
UID, higher SEQUENCE; METHOD:CANCEL for a cancelled day).
"""

from __future__ import annotations

from datetime import date, time, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app import jobs
from app.extensions import db
from app.mail import Composed, MailData, OutgoingMail, mail_kind, queue_mail
from app.mail.models import MailStatus
from app.programme.models import LocationDay
from app.registration import links
from app.registration.models import Registration, Status
from app.registration.notify import load_registration

KIND = "change_notice"
# What a participant relies on, in the order the mail lists it.
DAY_FIELDS = ("date", "doors_open", "starts", "ends", "venue", "address", "city")
TIME_FIELDS = ("doors_open", "starts", "ends")
FIELD_LABELS = {
    "date": _l("Datum"),
    "doors_open": _l("Zaal open om"),
    "starts": _l("Begint om"),
    "ends": _l("Eindigt om"),
    "venue": _l("Gebouw"),
    "address": _l("Adres"),
    "city": _l("Plaats"),
}
SUBJECTS = {
    "changed": {"nl": "Gewijzigd: de Alliantiedag in {city}", "en": "Changed: the alliance day in {city}"},
    "cancelled": {"nl": "Afgelast: de Alliantiedag in {city}", "en": "Cancelled: the alliance day in {city}"},
}


# --- what changed -----------------------------------------------------------------------


def _plain(value) -> str:
    if isinstance(value, date | time):
        return value.isoformat(timespec="minutes") if isinstance(value, time) else value.isoformat()
    return "" if value is None else str(value)


def day_snapshot(location: LocationDay) -> dict[str, str]:
    """The values participants rely on, as plain text (taken before an edit). Start and
    end come from the edition's shared programme."""
    items = location.edition.programme_items if location.edition is not None else []
    times = {
        "starts": min((item.start_time for item in items), default=None),
        "ends": max((item.end_time for item in items), default=None),
    }
    return {name: _plain(times[name] if name in times else getattr(location, name)) for name in DAY_FIELDS}


def edition_snapshots(edition) -> dict[int, dict[str, str]]:
    """Before a change to the shared programme: every day that is still on."""
    return {location.id: day_snapshot(location) for location in edition.location_days if not location.is_cancelled}


def notify_edition_changed(edition, before: dict[int, dict[str, str]]) -> int:
    return sum(
        notify_day_changed(location, before[location.id]) for location in edition.location_days if location.id in before
    )


def edition_audience_count(edition) -> int:
    return _audience_count([location.id for location in edition.location_days if not location.is_cancelled])


def changed_fields(before: dict[str, str], location: LocationDay) -> dict[str, str]:
    """{field: value before} for every field that differs now."""
    now = day_snapshot(location)
    return {name: before[name] for name in DAY_FIELDS if before.get(name) != now[name]}


# --- who is told ------------------------------------------------------------------------


def _told(*location_ids: int):
    """Who expects to come or may still come: confirmed and waiting, with an address."""
    return (
        Registration.location_day_id.in_(location_ids),
        Registration.status.in_((Status.CONFIRMED, Status.WAITING)),
        Registration.email.is_not(None),
        Registration.email != "",
    )


def day_audience(location: LocationDay) -> list[Registration]:
    """Everyone who expects to come or may still come: confirmed and waiting, with an address."""
    return list(db.session.scalars(select(Registration).where(*_told(location.id)).order_by(Registration.id)))


def _audience_count(location_ids: list[int]) -> int:
    """Counted in SQL: the form that states the number loads no registration."""
    if not location_ids:
        return 0
    return db.session.scalar(select(func.count(Registration.id)).where(*_told(*location_ids))) or 0


def day_audience_count(location: LocationDay) -> int:
    return _audience_count([location.id]) if location.id else 0


def notify_day_changed(location: LocationDay, before: dict[str, str]) -> int:
    """Queue notices for a day whose date, time or place changed; returns how many."""
    changes = changed_fields(before, location)
    if not changes:
        return 0
    people = day_audience(location)
    for registration in people:
        _queue_notice(registration, day_changes=changes)
    return len(people)


def notify_day_cancelled(location: LocationDay) -> int:
    people = day_audience(location)
    for registration in people:
        _queue_notice(registration, day_cancelled=True)
    return len(people)


def notify_workgroups_changed(registrations) -> int:
    """A new workgroup or room for these people, after they were told the earlier one."""
    told = [r for r in registrations if r.email and not r.is_cancelled]
    waiting = _waiting_notices([r.id for r in told])  # one statement for all of them
    for registration in told:
        _queue_notice(registration, workgroups=True, waiting_notices=waiting)
    return len(told)


def told_of_offer(offer) -> list[Registration]:
    """The people who were told (published) that they are in this offer."""
    from app.workgroups.models import WorkgroupAssignment

    if not offer.id:
        return []
    return list(
        db.session.scalars(
            select(Registration)
            .join(WorkgroupAssignment, WorkgroupAssignment.registration_id == Registration.id)
            .where(WorkgroupAssignment.published_offer_id == offer.id, Registration.status != Status.CANCELLED)
            .order_by(Registration.id)
        ).unique()
    )


# --- one waiting row per person ---------------------------------------------------------


def _delay() -> timedelta:
    return timedelta(minutes=float(current_app.config.get("CHANGE_NOTICE_DELAY_MINUTES", 5)))


def _waiting_notice(registration: Registration) -> OutgoingMail | None:
    return _waiting_notices([registration.id]).get(registration.id)


def _waiting_notices(registration_ids: list[int]) -> dict[int, OutgoingMail]:
    """Per registration, its newest notice still waiting for further changes."""
    if not registration_ids:
        return {}
    newest: dict[int, OutgoingMail] = {}
    for mail in db.session.scalars(
        select(OutgoingMail)
        .where(
            OutgoingMail.kind == KIND,
            OutgoingMail.registration_id.in_(registration_ids),
            OutgoingMail.status == MailStatus.QUEUED,
            OutgoingMail.attempts == 0,
            OutgoingMail.lease_owner.is_(None),
            OutgoingMail.due_at > jobs.now(),
        )
        .order_by(OutgoingMail.id.desc())
    ):
        if mail.registration_id is not None:
            newest.setdefault(mail.registration_id, mail)
    return newest


def _merge(params: dict, day_changes: dict | None, day_cancelled: bool, workgroups: bool) -> dict:
    merged = dict(params)
    earlier = dict(merged.get("day_changes", {}))
    for name, value in (day_changes or {}).items():
        earlier.setdefault(name, value)  # the value before the first change of the series
    merged["day_changes"] = earlier
    merged["day_cancelled"] = bool(merged.get("day_cancelled")) or day_cancelled
    merged["workgroups"] = bool(merged.get("workgroups")) or workgroups
    return merged


def _queue_notice(
    registration: Registration,
    *,
    day_changes: dict | None = None,
    day_cancelled: bool = False,
    workgroups: bool = False,
    waiting_notices: dict[int, OutgoingMail] | None = None,
) -> None:
    """`waiting_notices`: the waiting notices of a batch of people, when the caller read
    them already (_waiting_notices); otherwise this person's is read here."""
    if registration.email is None:  # registered by hand without an address: nobody to tell
        return
    due = jobs.now() + _delay()
    if waiting_notices is None:
        waiting = _waiting_notice(registration)
    else:
        waiting = waiting_notices.get(registration.id)
    if waiting is not None:
        waiting.params = _merge(waiting.params or {}, day_changes, day_cancelled, workgroups)
        if not _anything_to_tell(waiting.params, registration):
            db.session.delete(waiting)  # the changes undid each other before the mail went
            return
        waiting.due_at = due
        _wake_worker_at(due)
        return
    queue_mail(
        KIND,
        registration.email,
        language=registration.language,
        registration_id=registration.id,
        location_day_id=registration.location_day_id,
        params=_merge({}, day_changes, day_cancelled, workgroups),
        not_before=due,
    )


def _anything_to_tell(params: dict, registration: Registration) -> bool:
    now = day_snapshot(registration.location_day)
    changed = any(before != now.get(name) for name, before in (params.get("day_changes") or {}).items())
    return changed or bool(params.get("day_cancelled")) or bool(params.get("workgroups"))


def _wake_worker_at(moment) -> None:
    from app.mail.delivery import deliver_mail

    jobs.enqueue_at(moment, deliver_mail)


# --- rendering (in the worker) ----------------------------------------------------------


def _shown(name: str, plain: str):
    """A stored plain value as the mail shows it."""
    from app.formatting import clock, long_date

    if not plain:
        return "—"
    if name == "date":
        return long_date(date.fromisoformat(plain))
    if name in TIME_FIELDS:
        return clock(time.fromisoformat(plain))
    return plain


@mail_kind(KIND, label=_l("Wijziging"))
def _render_notice(mail: MailData) -> Composed:
    from app.calendar.services import scheduling_attachments
    from app.workgroups.notify import sessions_of

    registration = load_registration(mail.registration_id)
    day = registration.location_day
    now = day_snapshot(day)
    changes = [
        (str(FIELD_LABELS[name]), _shown(name, before), _shown(name, now[name]))
        for name, before in (mail.params.get("day_changes") or {}).items()
        if name in FIELD_LABELS and before != now[name]
    ]
    cancelled = day.is_cancelled
    sessions = [
        (a.round, offer.workgroup.title, offer.room)
        for a in sessions_of(registration)
        if (offer := a.published_offer) is not None
    ]
    subject = SUBJECTS["cancelled" if cancelled else "changed"][mail.language]
    return Composed(
        subject.format(city=day.city),
        KIND,
        context=dict(
            registration=registration,
            day=day,
            edition=day.edition,
            link=links.link_for(registration),
            changes=changes,
            cancelled=cancelled,
            workgroups=bool(mail.params.get("workgroups")),
            sessions=sessions,
        ),
        attachments=scheduling_attachments(registration),
    )
