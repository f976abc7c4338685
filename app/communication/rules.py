"""Scheduled mail rules: a sweeper sends each rule's mail to the people of each location
day whose moment has come, at most once per person.

The moment of a rule at a location is `send_at` Amsterdam wall-clock time on the day
`offset_days` from the location's date, converted with that date's own summer or winter
time (`jobs.local_moment`). The periodic sweep runs every minute on every worker; the
unique (rule, registration) row, inserted before the mail is queued and in the same
transaction, keeps two sweepers from sending twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import jobs
from app.communication import messages
from app.communication.models import MailRule, MailRuleDelivery
from app.extensions import db
from app.mail import Composed, MailData, MailGone, mail_kind, queue_mail
from app.programme.models import Edition, LocationDay
from app.registration import links
from app.registration.models import Registration
from app.registration.notify import attachments_for, load_registration

KIND = "scheduled_mail"
LATE_WINDOW = timedelta(days=2)  # after that a reminder is pointless; the sweep stops looking
AUDIENCES = {
    "confirmed": messages.Audience(status="confirmed"),
    "checked_in": messages.Audience(status="confirmed", checked_in="yes"),
    "not_evaluated": messages.Audience(status="confirmed", checked_in="yes", evaluation="no"),
}


def moment(rule: MailRule, location: LocationDay) -> datetime:
    """When the rule fires for this location, naive UTC."""
    return jobs.local_moment(location.date, rule.send_at, days_before=-rule.offset_days)


def rules_of(edition: Edition) -> list[MailRule]:
    return list(
        db.session.scalars(
            select(MailRule).where(MailRule.edition_id == edition.id).order_by(MailRule.offset_days, MailRule.id)
        )
    )


def audience_of(rule: MailRule, location: LocationDay) -> list[Registration]:
    """Who the rule is for now, without those who switched reminders off."""
    people = messages.recipients(location, AUDIENCES.get(rule.audience, AUDIENCES["confirmed"]))
    return [person for person in people if person.reminders_off_at is None]


def save_rule(rule: MailRule, edition: Edition, **values) -> MailRule:
    """New or edited: armed from now, so a moment already passed does not fire by surprise."""
    for name, value in values.items():
        setattr(rule, name, value.strip() if isinstance(value, str) else value)
    rule.edition_id = edition.id
    rule.armed_at = jobs.now()
    rule.catch_up = False
    db.session.add(rule)
    db.session.flush()
    return rule


def switch(rule: MailRule) -> None:
    rule.active = not rule.active
    if rule.active:
        rule.armed_at = jobs.now()
        rule.catch_up = False


def catch_up(rule: MailRule) -> None:
    """The organiser asks: also send for moments that passed before the rule was armed."""
    rule.catch_up = True
    rule.active = True


def is_due(rule: MailRule, location: LocationDay, now: datetime) -> bool:
    """Due from its moment on, for LATE_WINDOW (late joiners of the audience, workers that
    were down); a moment before the rule was armed only with a catch-up."""
    at = moment(rule, location)
    if at > now or location.is_cancelled:
        return False
    return rule.catch_up or (at >= rule.armed_at and now - at <= LATE_WINDOW)


def fire_due(now: datetime | None = None) -> int:
    """Queue every due rule's mail for whoever has not had it; commits. Returns how many."""
    now = now or jobs.now()
    queued = 0
    rules = db.session.scalars(select(MailRule).where(MailRule.active.is_(True)).order_by(MailRule.id)).all()
    for rule in rules:
        locations = db.session.scalars(select(LocationDay).where(LocationDay.edition_id == rule.edition_id)).all()
        for location in locations:
            if is_due(rule, location, now):
                queued += _fire(rule, location)
    db.session.commit()
    return queued


def _fire(rule: MailRule, location: LocationDay) -> int:
    done = set(db.session.scalars(select(MailRuleDelivery.registration_id).where(MailRuleDelivery.rule_id == rule.id)))
    queued = 0
    for registration in audience_of(rule, location):
        if registration.id in done or registration.email is None:
            continue
        delivery = MailRuleDelivery(rule_id=rule.id, registration_id=registration.id)
        try:
            with db.session.begin_nested():  # another sweeper got there first: skip this person
                db.session.add(delivery)
                db.session.flush()
        except IntegrityError:
            continue
        mail = queue_mail(
            KIND,
            registration.email,
            language=registration.language,
            registration_id=registration.id,
            location_day_id=location.id,
            params={"rule_id": rule.id},
        )
        db.session.flush()
        delivery.outgoing_mail_id = mail.id
        queued += 1
    return queued


@jobs.periodic(minute="*")
def sweep_mail_rules() -> int:
    return fire_due()


@mail_kind(KIND, label=_l("Geplande e-mail"), reminder=True)
def _render(mail: MailData) -> Composed:
    rule = db.session.get(MailRule, mail.params.get("rule_id"))
    if rule is None:
        raise MailGone(f"mail rule {mail.params.get('rule_id')} no longer exists")
    registration = load_registration(mail.registration_id)
    rendered = messages.render_for(rule.subject, rule.body, registration)
    before_the_day = rule.offset_days <= 0
    return Composed(
        rendered.subject,
        messages.KIND,  # the same templates as a message to a group
        context=dict(
            registration=registration,
            day=registration.location_day,
            text=rendered.text,
            html=rendered.html,
            link=links.link_for(registration),
        ),
        attachments=attachments_for(registration) if before_the_day else (),
        unsubscribe_url=links.reminders_link(registration),
    )


def preview(rule_subject: str, rule_body: str, registration: Registration) -> messages.Rendered:
    return messages.render_for(rule_subject, rule_body, registration)
