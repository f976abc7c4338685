"""Walk-ins at the door while people still register online, at the same moment, on
PostgreSQL: the seats never go over capacity, a walk-in over capacity only with the
organiser's confirmation, and nobody waits while a seat is free."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from app.extensions import db
from app.registration import services
from app.registration.models import Registration, Source, Status

SEATS, ONLINE, WALK_INS = 4, 6, 6  # 12 threads: within the connection pool (5 + 10 overflow)


@pytest.mark.postgres
def test_walk_ins_and_registrations_at_once_never_overbook_the_seats(app, make_edition, make_location):
    location = make_location(make_edition(), "Rotterdam", capacity=SEATS)
    location_id, model = location.id, type(location)
    barrier = threading.Barrier(ONLINE + WALK_INS, timeout=30)
    outcomes: dict[str, str] = {}
    errors: list[BaseException] = []

    def online(number: int) -> None:
        try:
            with app.app_context():
                day = db.session.get(model, location_id)
                barrier.wait()
                services.register_participant(
                    day, name=f"Online {number}", email=f"online{number}@example.org", consent=True
                )
                db.session.commit()
        except BaseException as error:  # reported below
            errors.append(error)

    def walk_in(number: int) -> None:
        name = f"Binnenloper {number}"
        try:
            with app.app_context():
                day = db.session.get(model, location_id)
                barrier.wait()
                try:
                    services.register_walk_in(day, name=name, admit_over_capacity=number % 2 == 0)
                    db.session.commit()
                    outcomes[name] = "admitted"
                except services.DayFull:
                    db.session.rollback()
                    outcomes[name] = "refused"
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=online, args=(n,)) for n in range(ONLINE)]
    threads += [threading.Thread(target=walk_in, args=(n,)) for n in range(WALK_INS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []

    db.session.rollback()
    people = db.session.scalars(select(Registration).where(Registration.location_day_id == location.id)).all()
    seated = [p for p in people if p.status == Status.CONFIRMED and not p.over_capacity]
    over = [p for p in people if p.over_capacity]
    waiting = [p for p in people if p.status == Status.WAITING]
    assert len(seated) == SEATS  # full, never more
    assert all(p.status == Status.CONFIRMED and p.source == Source.WALK_IN for p in over)
    assert {p.name for p in over} <= {name for name, outcome in outcomes.items() if outcome == "admitted"}
    # Refused walk-ins left nothing behind; walk-ins never wait; everyone online is seated or waiting.
    assert not any(p.name == name for p in people for name, outcome in outcomes.items() if outcome == "refused")
    assert all(p.source == Source.ONLINE for p in waiting)
    assert len([p for p in people if p.source == Source.ONLINE]) == ONLINE
    walk_ins_in = [p for p in people if p.source == Source.WALK_IN]
    assert all(p.checked_in_at is not None for p in walk_ins_in)
    assert len(walk_ins_in) == sum(1 for outcome in outcomes.values() if outcome == "admitted")
    counts = services.counts(location)
    assert counts.seated == SEATS and counts.over_capacity == len(over) and counts.left == 0
