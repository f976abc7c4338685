"""The set-password links themselves: who they are for, and every reason they stop working."""

from __future__ import annotations

from datetime import timedelta

import pytest
from itsdangerous import URLSafeSerializer

from app.accounts import administration, links
from app.accounts.links import LinkProblem, Purpose
from app.accounts.models import Role
from app.accounts.services import record_login, set_password
from app.extensions import db
from app.timeutil import utcnow


@pytest.fixture()
def invited(request_context, make_edition, make_location):
    location = make_location(make_edition())
    user = administration.invite_user("nieuw@example.org", "Nieuw", Role.COORDINATOR, "nl", [location])
    db.session.commit()
    return user


def token(user, purpose=Purpose.INVITE, now=None) -> str:
    return links.token_from_params(user.id, links.link_params(user, purpose, now))


def test_a_fresh_link_names_its_account_and_purpose(invited):
    check = links.check_token(token(invited))
    assert check.problem is None and check.user is invited and check.purpose == Purpose.INVITE


def test_invitation_lasts_72_hours_and_reset_2_hours(invited):
    now = utcnow()
    invite, reset = token(invited, Purpose.INVITE, now), token(invited, Purpose.RESET, now)
    assert links.check_token(invite, now + timedelta(hours=71, minutes=59)).problem is None
    assert links.check_token(invite, now + timedelta(hours=72, minutes=1)).problem == LinkProblem.EXPIRED
    assert links.check_token(reset, now + timedelta(hours=1, minutes=59)).problem is None
    assert links.check_token(reset, now + timedelta(hours=2, minutes=1)).problem == LinkProblem.EXPIRED
    assert links.check_token(reset, now - timedelta(hours=1)).problem == LinkProblem.EXPIRED  # made "in the future"


def test_setting_the_password_or_signing_in_ends_the_link(invited):
    first = token(invited)
    set_password(invited, "een-goed-wachtwoord")
    assert links.check_token(first).problem == LinkProblem.USED
    second = token(invited, Purpose.RESET)
    record_login(invited)
    assert links.check_token(second).problem == LinkProblem.USED


def test_a_resent_invitation_ends_the_earlier_link(invited):
    first = token(invited)
    administration.resend_invitation(invited)
    assert links.check_token(first).problem == LinkProblem.USED
    assert links.check_token(token(invited)).problem is None


def test_a_deactivated_account_has_no_working_link(invited, make_user):
    organiser = make_user()
    link = token(invited)
    administration.deactivate(invited, organiser)
    assert links.check_token(link).problem == LinkProblem.INACTIVE


@pytest.mark.parametrize(
    "payload",
    [
        [1, "invite", 0],
        [1, "admin", 0, "x"],
        ["1", "invite", 0, "x"],
        [2**40, "invite", 0, "x"],
        [1, "invite", 10**20, "x"],
        {},
    ],
)
def test_forged_or_malformed_tokens_are_invalid(app, invited, payload):
    other_key = URLSafeSerializer("not-our-secret", salt=links.SALT).dumps([invited.id, "invite", 0, "x"])
    assert links.check_token(other_key).problem == LinkProblem.INVALID
    ours = URLSafeSerializer(app.config["SECRET_KEY"], salt=links.SALT).dumps(payload)
    assert links.check_token(ours) == links.LinkCheck(None, links.check_token(ours).purpose, LinkProblem.INVALID)


def test_the_registration_link_salt_opens_no_account(app, invited):
    from app.registration.links import SALT as REGISTRATION_SALT

    same_key = URLSafeSerializer(app.config["SECRET_KEY"], salt=REGISTRATION_SALT).dumps(
        [invited.id, "invite", 0, links.fingerprint(invited)]
    )
    assert links.check_token(same_key).problem == LinkProblem.INVALID


def test_the_outbox_row_holds_no_working_link(invited):
    from sqlalchemy import select

    from app.mail import OutgoingMail

    mail = db.session.scalar(select(OutgoingMail).where(OutgoingMail.user_id == invited.id))
    assert set(mail.params) == {"purpose", "issued", "fp", "by"}
    assert links.token_from_params(invited.id, mail.params) not in str(mail.params)
