"""Messages to a chosen group of a day's participants: who matches, what each one gets,
sending through the outbox (one row per person) and the log of who got what (ids).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from app.communication import placeholders
from app.communication.models import GroupMessage, GroupMessageRecipient
from app.evaluation.invitations import answered_ids
from app.evaluation.questionnaire import form_for
from app.extensions import db
from app.mail import Composed, MailData, MailGone, mail_kind, queue_mail
from app.programme.models import LocationDay
from app.registration import links
from app.registration.models import Registration, Status
from app.registration.notify import load_registration
from app.workgroups.models import WorkgroupAssignment

KIND = "group_message"
STATUSES = ("active", "confirmed", "waiting", "cancelled", "all")
YES_NO = ("", "yes", "no")


@dataclass(frozen=True)
class Audience:
    status: str = "active"  # active: confirmed and waiting
    offer_id: int = 0  # 0: any workgroup; else the published workgroup offer
    checked_in: str = ""  # "", yes, no
    evaluation: str = ""  # "", yes (answered), no

    def as_dict(self) -> dict:
        return asdict(self)


def _query(location: LocationDay, audience: Audience) -> Select:
    query = select(Registration).where(
        Registration.location_day_id == location.id,
        Registration.email.is_not(None),
        Registration.email != "",
    )
    if audience.status == "active":
        query = query.where(Registration.status.in_((Status.CONFIRMED, Status.WAITING)))
    elif audience.status in ("confirmed", "waiting", "cancelled"):
        query = query.where(Registration.status == Status(audience.status))
    if audience.offer_id:
        told = select(WorkgroupAssignment.registration_id).where(
            WorkgroupAssignment.published_offer_id == audience.offer_id
        )
        query = query.where(Registration.id.in_(told))
    if audience.checked_in == "yes":
        query = query.where(Registration.checked_in_at.is_not(None))
    elif audience.checked_in == "no":
        query = query.where(Registration.checked_in_at.is_(None))
    return query.order_by(Registration.id)


def recipients(location: LocationDay, audience: Audience) -> list[Registration]:
    people = list(db.session.scalars(_query(location, audience)))
    if audience.evaluation in ("yes", "no"):
        answered = _answered(location)
        people = [p for p in people if (p.id in answered) == (audience.evaluation == "yes")]
    return people


def _answered(location: LocationDay) -> set[int]:
    form = form_for(location.edition)
    return answered_ids(form, location) if form is not None else set()


# --- what one person gets ---------------------------------------------------------------


def values_for(registration: Registration) -> dict[str, str]:
    """The placeholders filled in for this person, in the current (their) language."""
    from app.workgroups.notify import sessions_of

    day = registration.location_day
    published = [a.published_offer for a in sessions_of(registration) if a.published_offer is not None]
    place = ", ".join(part for part in (day.venue, day.address, day.city) if part)
    return {
        "naam": registration.name,
        "link": links.link_for(registration),
        "werkgroep": ", ".join(offer.workgroup.title for offer in published),
        "zaal": ", ".join(offer.room for offer in published if offer.room),
        "dag": format_date(day.date, "full"),
        "locatie": place,
    }


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def render_for(subject: str, body: str, registration: Registration) -> Rendered:
    values = values_for(registration)
    return Rendered(
        subject=placeholders.fill_text(subject, values),
        text=placeholders.fill_text(body, values),
        html=placeholders.fill_html(body, values),
    )


# --- sending ------------------------------------------------------------------------------


def send(location: LocationDay, author_id: int | None, subject: str, body: str, audience: Audience) -> GroupMessage:
    """One outbox row per person who matches now, and the log; in the caller's transaction."""
    people = recipients(location, audience)
    message = GroupMessage(
        location_day_id=location.id,
        author_id=author_id,
        subject=subject,
        body=body,
        filters=audience.as_dict(),
        recipient_count=len(people),
    )
    db.session.add(message)
    db.session.flush()
    for registration in people:
        if registration.email is None:  # the audience query keeps only people with an address
            continue
        mail = queue_mail(
            KIND,
            registration.email,
            language=registration.language,
            registration_id=registration.id,
            location_day_id=location.id,
            params={"message_id": message.id},
        )
        message.recipients.append(GroupMessageRecipient(registration_id=registration.id, mail=mail))
    db.session.flush()
    return message


def sent_at(location: LocationDay) -> list[GroupMessage]:
    return list(
        db.session.scalars(
            select(GroupMessage)
            .where(GroupMessage.location_day_id == location.id)
            .order_by(GroupMessage.created_at.desc(), GroupMessage.id.desc())
        )
    )


def sent_to(registration: Registration) -> list[GroupMessage]:
    """The messages this participant was sent, newest first (for their own page)."""
    return list(
        db.session.scalars(
            select(GroupMessage)
            .join(GroupMessageRecipient, GroupMessageRecipient.message_id == GroupMessage.id)
            .where(GroupMessageRecipient.registration_id == registration.id)
            .order_by(GroupMessage.created_at.desc(), GroupMessage.id.desc())
        )
    )


@mail_kind(KIND, label=_l("Bericht aan deelnemers"))
def _render(mail: MailData) -> Composed:
    message = db.session.get(GroupMessage, mail.params.get("message_id"))
    if message is None:
        raise MailGone(f"message {mail.params.get('message_id')} no longer exists")
    registration = load_registration(mail.registration_id)
    rendered = render_for(message.subject, message.body, registration)
    return Composed(
        rendered.subject,
        KIND,
        context=dict(
            registration=registration,
            day=registration.location_day,
            text=rendered.text,
            html=rendered.html,
            link=links.link_for(registration),
        ),
    )
