from datetime import date, timedelta

from sqlalchemy import func, select

from app.demo import data
from app.demo.loader import load_demo, shifted_dates
from app.extensions import db
from app.programme.models import Contribution, Edition, LocationDay, Speaker
from app.timeutil import utcnow
from app.workgroups.models import WorkgroupOffer

TODAY = date(2026, 11, 23)


def _counts():
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Edition, LocationDay, Speaker, Contribution, WorkgroupOffer)
    )


def test_loading_twice_changes_nothing(app):
    first = load_demo(TODAY)
    db.session.commit()
    counts = _counts()
    second = load_demo(TODAY + timedelta(days=3))
    db.session.commit()
    assert first.created and not second.created
    assert _counts() == counts
    assert counts[:2] == (1, 5)


def test_days_move_to_the_coming_weeks_keeping_order_weekday_and_spacing(app):
    original = [date.fromisoformat(spec["date"]) for spec in data.LOCATIONS]
    moved = shifted_dates(original, TODAY)
    assert moved[0] >= TODAY + timedelta(days=14)
    assert moved[0] - TODAY < timedelta(days=120)
    assert [b - a for a, b in zip(moved, moved[1:])] == [b - a for a, b in zip(original, original[1:])]
    assert {day.weekday() for day in moved} == {day.weekday() for day in original}
    assert not any((day.month, day.day) in {(12, 25), (12, 26), (1, 1)} for day in moved)


def test_registration_is_open_on_every_demo_day(app):
    load_demo(date.today())
    db.session.commit()
    now = utcnow()
    for day in db.session.scalars(select(LocationDay)):
        assert day.registration_opens_at <= now < day.registration_closes_at, day.city


def test_a_speaker_at_two_locations_is_one_person(app):
    load_demo(TODAY)
    db.session.commit()
    cities_per_speaker = {
        speaker.name: {c.location_day.city for c in speaker.contributions}
        for speaker in db.session.scalars(select(Speaker))
    }
    assert {"Rotterdam", "Amsterdam"} <= cities_per_speaker["Hans Bosselaar"]


def test_every_location_offers_four_to_six_workgroups(app):
    load_demo(TODAY)
    db.session.commit()
    for day in db.session.scalars(select(LocationDay)):
        assert 4 <= len(day.workgroup_offers) <= 6, day.city


def test_demo_command_prints_the_organiser_login(runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "organisator@alliantiedagen.local" in result.output
    assert "password: alliantie-demo-2013" in result.output


def test_the_printed_demo_logins_work_in_the_login_form(client, app):
    from app.demo.loader import DEMO_COORDINATOR, DEMO_ORGANISER

    load_demo(TODAY)
    db.session.commit()
    for email, _name, password in (DEMO_ORGANISER, DEMO_COORDINATOR):
        response = client.post("/beheer/inloggen", data={"email": email, "password": password})
        assert response.status_code == 302 and response.headers["Location"] == "/beheer/"
        client.post("/beheer/uitloggen")
