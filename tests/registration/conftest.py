"""Fixtures for registration tests: a location day with workgroups, a registration helper,
and the outbox where mail lands."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.registration import services


@pytest.fixture(autouse=True)
def _request_context(request_context):
    """Services translate their messages, which needs a request (for the language)."""
    yield


@pytest.fixture()
def day(make_edition, make_location, make_workgroup, make_offer):
    """Rotterdam with three workgroups in round 1, two in round 2, 3 seats."""
    edition = make_edition()
    location = make_location(edition, "Rotterdam", capacity=3)
    groups = [
        make_workgroup(edition, title) for title in ("Participatiewet", "Maatjes naar werk", "Sociale coöperaties")
    ]
    for workgroup in groups:
        make_offer(location, workgroup, round=1)
    make_offer(location, groups[0], round=2)
    make_offer(location, groups[1], round=2)
    services.seed_organisation_kinds(edition)
    db.session.commit()
    location.groups = groups
    return location


@pytest.fixture()
def register(day):
    counter = iter(range(1, 100_000))

    def make(location=None, email=None, commit=True, **values):
        location = location or day
        number = next(counter)
        defaults = dict(
            name=f"Deelnemer {number}",
            email=email or f"deelnemer{number}@example.org",
            consent=True,
            preferences=first_choices(location),
        )
        result = services.register_participant(location, **(defaults | values))
        if commit:
            db.session.commit()
        return result.registration

    return make


def first_choices(location) -> dict:
    """Each round's first offered workgroup (by id) as first choice."""
    rounds: dict[int, list[int]] = {}
    for offer in sorted(location.workgroup_offers, key=lambda o: o.workgroup_id):
        rounds.setdefault(offer.round, [offer.workgroup_id])
    return rounds
