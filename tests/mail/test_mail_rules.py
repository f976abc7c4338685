"""Scheduled mail rules: each fires once per person at the right Amsterdam time, also
across a change between winter and summer time, and a late rule waits for a catch-up."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import func, select

from app import jobs
from app.communication import rules
from app.communication.models import MailRule, MailRuleDelivery
from app.extensions import db
from app.mail.delivery import deliver_due
from app.registration.models import Registration
from app.registration.services import check_in, register_participant


@pytest.fixture()
def saturday(make_edition, make_location):
    """A day on Saturday 27 March 2027 (winter time); summer time starts the next night."""
    location = make_location(make_edition(), "Assen", date=date(2027, 3, 27), capacity=2)
    for number in range(1, 4):  # two confirmed, one waiting
        register_participant(location, name=f"Persoon {number}", email=f"p{number}@example.org", consent=True)
    db.session.commit()
    return location


def _rule(location, armed: datetime, **values) -> MailRule:
    defaults = dict(
        name="Regel",
        offset_days=1,
        send_at=time(10, 0),
        audience="confirmed",
        subject="Hallo {naam}",
        body="Beste {naam}, tot {dag} in {locatie}. {link}",
    )
    with jobs.frozen(armed):
        rule = rules.save_rule(MailRule(), location.edition, **(defaults | values))
    db.session.commit()
    return rule


def _deliveries(rule) -> int:
    query = select(func.count()).select_from(MailRuleDelivery).where(MailRuleDelivery.rule_id == rule.id)
    return db.session.scalar(query)


def test_the_day_after_at_ten_is_eight_utc_in_summer_time_and_fires_once(smtp, saturday):
    rule = _rule(saturday, armed=datetime(2027, 3, 1, 12, 0))
    # 28 March 2027 10:00 in Amsterdam is CEST (UTC+2): 08:00 UTC, not 09:00.
    assert rules.moment(rule, saturday) == datetime(2027, 3, 28, 8, 0)
    assert rules.fire_due(datetime(2027, 3, 28, 7, 59)) == 0
    assert rules.fire_due(datetime(2027, 3, 28, 8, 0)) == 2  # the two confirmed
    assert rules.fire_due(datetime(2027, 3, 28, 9, 0)) == 0  # never twice
    assert rules.fire_due(datetime(2027, 4, 10, 9, 0)) == 0
    assert _deliveries(rule) == 2

    server = smtp()
    deliver_due()
    sent = [m for m in server.recorder.messages if m["Subject"].startswith("Hallo ")]
    assert sorted(m["To"] for m in sent) == ["p1@example.org", "p2@example.org"]
    assert "Beste Persoon 1" in next(m for m in sent if m["To"] == "p1@example.org").get_body(("plain",)).get_content()


def test_two_days_before_a_summer_day_is_in_winter_time(make_edition, make_location):
    location = make_location(make_edition(), "Emmen", date=date(2027, 3, 29))
    register_participant(location, name="Anna", email="anna@example.org", consent=True)
    db.session.commit()
    _rule(location, armed=datetime(2027, 3, 1), offset_days=-2)
    # 27 March 10:00 is still CET (UTC+1): 09:00 UTC.
    assert rules.fire_due(datetime(2027, 3, 27, 8, 59)) == 0
    assert rules.fire_due(datetime(2027, 3, 27, 9, 0)) == 1


def test_a_rule_added_after_its_moment_fires_only_on_request(saturday):
    rule = _rule(saturday, armed=datetime(2027, 3, 30, 12, 0))  # the moment (28 March) has passed
    assert rules.fire_due(datetime(2027, 3, 30, 12, 5)) == 0
    rules.catch_up(rule)
    db.session.commit()
    assert rules.fire_due(datetime(2027, 3, 30, 12, 6)) == 2
    assert rules.fire_due(datetime(2027, 3, 30, 12, 7)) == 0


def test_a_switched_off_rule_sends_nothing(saturday):
    rule = _rule(saturday, armed=datetime(2027, 3, 1))
    rules.switch(rule)
    db.session.commit()
    assert rules.fire_due(datetime(2027, 3, 28, 8, 0)) == 0


def test_checked_in_audience(saturday):
    people = db.session.scalars(select(Registration).order_by(Registration.id)).all()
    check_in(people[0])
    db.session.commit()
    _rule(saturday, armed=datetime(2027, 3, 1), audience="checked_in")
    assert rules.fire_due(datetime(2027, 3, 28, 8, 0)) == 1


def test_the_organiser_makes_previews_and_switches_a_rule(client, saturday, make_user, auth):
    make_user("organiser@example.org")
    auth.login("organiser@example.org")
    edition = saturday.edition
    form = {
        "name": "Herinnering",
        "days": "2",
        "direction": "before",
        "send_at": "10:00",
        "audience": "confirmed",
        "subject": "Tot {dag}",
        "body": "Beste {naam}, u zit in {werkgroep}. {link}",
    }
    bad = client.post(f"/beheer/edities/{edition.id}/mailregels", data=form | {"body": "{groet} {naam}"})
    assert "Onbekende invulplek: {groet}" in bad.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(MailRule)) == 0

    response = client.post(f"/beheer/edities/{edition.id}/mailregels", data=form)
    assert response.status_code == 302
    rule = db.session.scalar(select(MailRule))
    assert (rule.offset_days, rule.send_at) == (-2, time(10))
    page = client.get(f"/beheer/mailregels/{rule.id}/bewerken").get_data(as_text=True)
    assert "Beste Persoon 1" in page  # a rendered example
    assert "25 maart 2027, 10:00" in page  # the Amsterdam moment for Assen
    client.post(f"/beheer/mailregels/{rule.id}/aan-uit")
    db.session.expire_all()
    assert db.session.get(MailRule, rule.id).active is False


def test_reminders_carry_list_unsubscribe_and_one_click_switches_them_off(client, smtp, saturday):
    rule = _rule(saturday, armed=datetime(2027, 3, 1))
    assert rules.fire_due(datetime(2027, 3, 28, 8, 0)) == 2
    server = smtp()
    deliver_due()
    reminder = next(m for m in server.recorder.messages if m["Subject"].startswith("Hallo "))
    header = reminder["List-Unsubscribe"]
    assert "/herinneringen" in header and "mailto:" in header
    assert reminder["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = header.split("<", 1)[1].split(">", 1)[0]
    path = "/" + url.split("/", 3)[3]
    # The mail program's one-click POST (RFC 8058): no form token of ours.
    response = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 302
    person = db.session.scalar(select(Registration).where(Registration.email == reminder["To"]))
    db.session.refresh(person)
    assert person.reminders_off_at is not None
    second = _rule(saturday, armed=datetime(2027, 3, 1), name="Tweede")
    assert rules.fire_due(datetime(2027, 3, 28, 8, 1)) == 1  # only the other one
    assert _deliveries(second) == 1 and _deliveries(rule) == 2


def test_every_kind_has_headers_a_html_part_and_utf8_calendars(smtp, saturday):
    server = smtp()
    deliver_due()  # the confirmations, with their calendar file
    confirmation = server.recorder.messages[0]
    assert confirmation["Auto-Submitted"] == "auto-generated"
    assert confirmation["Date"].endswith(("+0100", "+0200"))
    assert confirmation.get_body(preferencelist=("html",)) is not None
    assert confirmation["List-Unsubscribe"] is None  # essential mail
    (calendar,) = [p for p in confirmation.walk() if p.get_content_type() == "text/calendar"]
    assert calendar.get_param("charset").lower() == "utf-8"


def test_a_moment_long_past_is_not_sent_late(saturday):
    _rule(saturday, armed=datetime(2027, 3, 1))
    # Workers were down from before the moment until three days after it.
    assert rules.fire_due(datetime(2027, 3, 31, 9, 0)) == 0
