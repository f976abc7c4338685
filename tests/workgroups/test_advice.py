"""The "which workgroups run" advice, applied: boxes start as advised, a dropped workgroup
leaves every public place, and whoever was placed in it is placed again by the allocator."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app import jobs
from app.accounts.models import Role
from app.extensions import db
from app.mail import OutgoingMail
from app.mail.delivery import deliver_due
from app.registration import services as registration
from app.registration.models import Registration
from app.reports.services import booklet_context
from app.timeutil import utcnow
from app.workgroups import assignment_services
from app.workgroups.models import WorkgroupAssignment

TITLES = ["Armoede", "Participatiewet", "Maatjes", "Actie", "Sociale coöperaties"]


@pytest.fixture()
def day(make_edition, make_location, make_workgroup, make_offer, make_user, auth):
    """Five workgroups of 10 places (minimum 3) in one round. Ans alone wants Sociale
    coöperaties first (then Armoede); twelve others spread over the other four."""
    edition = make_edition()
    location = make_location(edition, "Rotterdam", capacity=100)
    groups = {title: make_workgroup(edition, title, default_capacity=10, min_size=3) for title in TITLES}
    offers = {title: make_offer(location, group, capacity=10, room=f"Zaal {i}") for i, (title, group) in
              enumerate(groups.items(), 1)}  # fmt: skip
    people = {}
    start = utcnow() - timedelta(hours=1)
    wishes = [("Ans", ["Sociale coöperaties", "Armoede"])] + [
        (f"Deelnemer {n}", [TITLES[n % 4], TITLES[(n + 1) % 4]]) for n in range(12)
    ]
    for minute, (name, ranked) in enumerate(wishes):
        people[name] = registration.register_participant(
            location,
            name=name,
            email=f"{name.lower().replace(' ', '')}@example.org",
            consent=True,
            preferences={1: [groups[title].id for title in ranked]},
            now=start + timedelta(minutes=minute),
        ).registration
    db.session.commit()
    make_user("organiser@example.org")
    auth.login("organiser@example.org")
    return dict(edition=edition, location=location, offers=offers, groups=groups, people=people)


def _url(day, part: str = "") -> str:
    return f"/beheer/locaties/{day['location'].id}/indeling/{part}"


def _ticked(page: str) -> dict[int, bool]:
    return {
        int(match.group(1)): " checked" in match.group(2)
        for match in re.finditer(r'<input type="checkbox" name="open" value="(\d+)"([^>]*)>', page)
    }


def _apply(client, day, keep: list[str]):
    return client.post(
        _url(day, "werkgroepen"),
        data={"open": [str(day["offers"][title].id) for title in keep]},
        follow_redirects=True,
    )


def _assignment(registration) -> WorkgroupAssignment:
    db.session.expire_all()
    return db.session.scalar(select(WorkgroupAssignment).where(WorkgroupAssignment.registration_id == registration.id))


def test_boxes_start_as_advised_and_then_as_decided(client, day):
    coop = day["offers"]["Sociale coöperaties"]
    ticked = _ticked(client.get(_url(day)).get_data(as_text=True))
    assert ticked == {offer.id: offer is not coop for offer in day["offers"].values()}
    # The organiser keeps it anyway: from now on the box shows that decision.
    _apply(client, day, TITLES)
    ticked = _ticked(client.get(_url(day)).get_data(as_text=True))
    assert all(ticked.values())


def test_dropped_workgroup_leaves_every_public_place(client, day):
    edition, coop = day["edition"], day["offers"]["Sociale coöperaties"]
    assert "Sociale coöperaties" in client.get(f"/{edition.slug}/rotterdam/").get_data(as_text=True)
    page = _apply(client, day, TITLES[:4]).get_data(as_text=True)
    assert "Gaan niet door: Sociale coöperaties." in page
    db.session.expire_all()
    assert not coop.is_open
    assert "Sociale coöperaties" not in client.get(f"/{edition.slug}/rotterdam/").get_data(as_text=True)
    form = client.get(f"/{edition.slug}/rotterdam/aanmelden").get_data(as_text=True)
    assert "Sociale coöperaties" not in form and "Armoede" in form
    assert "Sociale coöperaties" not in [row.title for row in booklet_context(day["location"]).workgroups]
    # Not choosable through a hand-made post, nor through the rule itself.
    response = client.post(
        f"/{edition.slug}/rotterdam/aanmelden",
        data={"name": "Bea", "email": "bea@example.org", "consent": "y", "pref_1_1": str(coop.workgroup_id)},
    )
    assert response.status_code != 302
    assert db.session.scalar(select(Registration).where(Registration.email == "bea@example.org")) is None
    with client.application.test_request_context("/"), pytest.raises(registration.RegistrationError):
        registration.register_participant(
            day["location"], name="Bea", email="bea@example.org", consent=True, preferences={1: [coop.workgroup_id]}
        )
    db.session.rollback()
    # Organisers still see it, marked.
    location_page = client.get(f"/beheer/locaties/{day['location'].id}").get_data(as_text=True)
    assert "Sociale coöperaties" in location_page and "gaat niet door" in location_page


def test_choosers_of_a_dropped_group_are_placed_again_by_their_ranking(client, day):
    assignment_services.run_allocation(day["location"], seed=5)
    db.session.commit()
    ans = day["people"]["Ans"]
    assert _assignment(ans).offer.workgroup.title == "Sociale coöperaties"
    others = {a.registration_id: a.offer_id for a in assignment_services.assignments_at(day["location"])}
    page = _apply(client, day, TITLES[:4]).get_data(as_text=True)
    assert "Opnieuw ingedeeld door de automatische indeling: Ans: Sociale coöperaties → Armoede." in page
    assert _assignment(ans).offer.workgroup.title == "Armoede"  # her ranking minus the dropped group
    after = {a.registration_id: a.offer_id for a in assignment_services.assignments_at(day["location"])}
    assert {k: v for k, v in after.items() if k != ans.id} == {k: v for k, v in others.items() if k != ans.id}
    # The assignment page shows her in Armoede, as her second choice.
    overview = client.get(_url(day)).get_data(as_text=True)
    armoede = overview.split(f'id="offer-{day["offers"]["Armoede"].id}"')[1].split("<h3")[0]
    assert "Ans" in armoede and "2e keus" in armoede
    assert f'id="offer-{day["offers"]["Sociale coöperaties"].id}"' not in overview


def test_when_published_the_moved_people_get_the_change_notice(client, day, outbox):
    assignment_services.run_allocation(day["location"], seed=5)
    db.session.commit()
    client.post(_url(day, "publiceren"))
    outbox.clear()
    page = _apply(client, day, TITLES[:4]).get_data(as_text=True)
    assert "1 deelnemers krijgen bericht van de wijziging." in page
    ans = day["people"]["Ans"]
    assignment = _assignment(ans)
    assert assignment.published_offer.workgroup.title == "Armoede"  # told at once, not at the next publishing
    assert assignment_services.pending_changes(day["location"]) == []
    notices = db.session.scalars(select(OutgoingMail).where(OutgoingMail.kind == "change_notice")).all()
    assert [n.registration_id for n in notices] == [ans.id]
    with jobs.frozen(jobs.now() + timedelta(minutes=10)):
        deliver_due()
    (message,) = outbox.to(ans.email)
    body = message.get_body(("plain",)).get_content()
    assert "Armoede" in body and "Sociale coöperaties" not in body


def test_restore_is_possible_until_publishing(client, day):
    coop = day["offers"]["Sociale coöperaties"]
    _apply(client, day, TITLES[:4])
    page = _apply(client, day, TITLES).get_data(as_text=True)
    assert "Gaan weer door: Sociale coöperaties." in page
    db.session.expire_all()
    assert coop.is_open
    assert "Sociale coöperaties" in client.get(f"/{day['edition'].slug}/rotterdam/").get_data(as_text=True)
    # Once published, a dropped group stays dropped.
    _apply(client, day, TITLES[:4])
    assignment_services.run_allocation(day["location"], seed=1)
    db.session.commit()
    client.post(_url(day, "publiceren"))
    overview = client.get(_url(day)).get_data(as_text=True)
    assert re.search(rf'value="{coop.id}"[^>]*disabled', overview)
    page = _apply(client, day, TITLES).get_data(as_text=True)
    assert "Sociale coöperaties kan niet meer terug: de indeling is al gepubliceerd." in page
    db.session.expire_all()
    assert not coop.is_open


def test_coordinator_of_another_location_cannot_drop(client, day, make_location, make_user, auth):
    other = make_location(day["edition"], "Zutphen")
    make_user("zutphen@example.org", role=Role.COORDINATOR, locations=[other])
    auth.logout()
    auth.login("zutphen@example.org")
    response = client.post(_url(day, "werkgroepen"), data={"open": [str(day["offers"]["Armoede"].id)]})
    assert response.status_code == 403
    db.session.expire_all()
    assert all(offer.is_open for offer in day["offers"].values())


@pytest.mark.parametrize("posted", [["\x00"], ["9" * 50], ["-1", "²"], []])
def test_hostile_or_empty_choice_is_refused_and_changes_nothing(client, day, posted):
    armoede = str(day["offers"]["Armoede"].id)
    data = {"open": [armoede, *posted]} if posted else {}
    page = client.post(_url(day, "werkgroepen"), data=data, follow_redirects=True).get_data(as_text=True)
    assert "Kies alleen werkgroepen van deze locatie." in page or "Laat minstens één werkgroep doorgaan." in page
    db.session.expire_all()
    assert all(offer.is_open and offer.decided_at is None for offer in day["offers"].values())
