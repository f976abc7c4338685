from datetime import date, timedelta

from sqlalchemy import func, select

from app.demo import data
from app.demo.loader import load_demo
from app.demo.season import NO_DAY_ON, season
from app.extensions import db
from app.programme.models import Contribution, Edition, LocationDay, Speaker
from app.registration.models import Registration
from app.timeutil import utcnow
from app.workgroups.models import WorkgroupAssignment, WorkgroupOffer

TODAY = date(2026, 11, 23)


def _counts():
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Edition, LocationDay, Speaker, Contribution, WorkgroupOffer, Registration, WorkgroupAssignment)
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


def test_two_days_are_held_and_three_lie_ahead_on_fridays_relative_to_today(app):
    for today in (TODAY, date(2026, 12, 8), date(2027, 4, 20), date(2027, 12, 20)):
        plan = season(today, data.SEASON, data.HELD)
        days = list(plan.dates.values())
        assert list(plan.dates) == list(data.SEASON) and days == sorted(days)
        held, ahead = days[: data.HELD], days[data.HELD :]
        assert len(held) == 2 and len(ahead) == 3
        # The last day held long enough ago for its evaluation answers; the next one far
        # enough ahead for its registration (closing two days before) to stay open a week.
        assert held[-1] <= today - timedelta(days=8) and ahead[0] >= today + timedelta(days=10)
        assert ahead[-1] - today < timedelta(days=70)
        assert {day.weekday() for day in days} == {4}, "Fridays, as in 2013"
        assert all(b - a >= timedelta(weeks=1) for a, b in zip(days, days[1:]))
        assert not any((day.month, day.day) in NO_DAY_ON for day in days), today
        assert plan.registration_opens < days[0] and plan == season(today, data.SEASON, data.HELD)


def test_registration_is_open_on_the_days_ahead_and_closed_on_the_days_held(app):
    load_demo(date.today())
    db.session.commit()
    now = utcnow()
    days = sorted(db.session.scalars(select(LocationDay)), key=lambda day: day.date)
    for day in days[: data.HELD]:
        assert day.date < date.today() and day.registration_closes_at < now, day.city
    for day in days[data.HELD :]:
        assert day.date > date.today(), day.city
        assert day.registration_opens_at <= now < day.registration_closes_at, day.city
    assert [day.slug for day in days] == list(data.SEASON)


def test_the_title_says_it_is_a_demo_replay_of_2013_on_this_seasons_dates(client, app):
    edition = load_demo(date.today()).edition
    db.session.commit()
    first = min(day.date for day in edition.location_days)
    assert edition.name == "Alliantiedagen 2013 — demo" and edition.year == first.year
    page = client.get(f"/{edition.slug}/").get_data(as_text=True)
    assert "Alliantiedagen 2013 — demo" in page
    assert "het programma van de Alliantiedagen 2013, met de data verschoven naar dit seizoen" in page


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
