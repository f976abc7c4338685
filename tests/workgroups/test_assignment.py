"""Workgroup assignment through the service, the organiser screens and the CLI."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.registration.services import register_participant
from app.timeutil import utcnow
from app.workgroups import assignment_services
from app.workgroups.models import AllocationRun, WorkgroupAssignment


@pytest.fixture()
def day(make_edition, make_location, make_workgroup, make_offer, make_user, auth):
    """Rotterdam with three workgroups of 2 places and six participants whose wishes clash."""
    edition = make_edition()
    location = make_location(edition, "Rotterdam", capacity=50)
    titles = ["Armoede", "Participatiewet", "Maatjes"]
    workgroups = [make_workgroup(edition, title, min_size=1) for title in titles]
    offers = [make_offer(location, wg, capacity=2, room=f"Zaal {i}") for i, wg in enumerate(workgroups, 1)]
    wishes = {  # four want Armoede, then Maatjes: first come, first served leaves Els out of both
        "Ans": (0, 2),
        "Bert": (0, 2),
        "Cor": (0, 2),
        "Dirk": (2, 1),
        "Els": (0, 2),
        "Fatima": (1, 0),
    }
    registrations = {}
    start = utcnow() - timedelta(hours=1)
    for minute, (name, ranked) in enumerate(wishes.items()):
        result = register_participant(
            location,
            name=name,
            email=f"{name.lower()}@example.org",
            consent=True,
            preferences={1: [workgroups[i].id for i in ranked]},
            now=start + timedelta(minutes=minute),
        )
        registrations[name] = result.registration
    db.session.commit()
    make_user("organiser@example.org")
    auth.login("organiser@example.org")
    return dict(location=location, offers=offers, workgroups=workgroups, registrations=registrations)


def _placement(location):
    return {a.registration.name: a.offer.workgroup.title for a in assignment_services.assignments_at(location)}


def test_run_respects_capacity_and_everyone_gets_a_ranked_workgroup(app, day):
    outcome = assignment_services.run_allocation(day["location"], seed=7)
    db.session.commit()
    placement = _placement(day["location"])
    assert len(placement) == 6
    for title in ("Armoede", "Participatiewet", "Maatjes"):
        assert list(placement.values()).count(title) == 2
    best = outcome.run.report["optimal"]["outcome"]
    assert best["unranked"] == 0 and best["unassigned"] == 0
    assert outcome.run.report["optimal"]["repeat_count"] == 0
    # First come, first served has filled Armoede and Maatjes when Els registers and puts
    # her in Participatiewet, which she never chose; the optimum sends Dirk there (his
    # second choice) and leaves nobody in a workgroup they did not choose.
    assert outcome.run.report["first_come_first_served"]["outcome"]["unranked"] == 1


def test_same_seed_same_result_and_seed_is_stored(app, day):
    first = assignment_services.run_allocation(day["location"], seed=42, full_rerun=True)
    placement = _placement(day["location"])
    db.session.commit()
    again = assignment_services.run_allocation(day["location"], seed=42, full_rerun=True)
    db.session.commit()
    assert _placement(day["location"]) == placement
    assert {first.run.seed, again.run.seed} == {42}


def test_rerun_keeps_existing_assignments_unless_full(app, day):
    assignment_services.run_allocation(day["location"], seed=1)
    db.session.commit()
    before = _placement(day["location"])
    assignment_services.run_allocation(day["location"], seed=999)
    db.session.commit()
    assert _placement(day["location"]) == before


def test_locked_manual_move_survives_a_full_rerun(app, day):
    assignment_services.run_allocation(day["location"], seed=3)
    ans = day["registrations"]["Ans"]
    maatjes = day["offers"][2]
    assignment_services.move(ans, maatjes, lock=True)
    db.session.commit()
    for seed in (4, 5, 6):
        assignment_services.run_allocation(day["location"], seed=seed, full_rerun=True)
        db.session.commit()
        assert _placement(day["location"])["Ans"] == "Maatjes"


def test_moving_into_a_full_workgroup_warns(app, day):
    assignment_services.run_allocation(day["location"], seed=3)
    db.session.commit()
    placement = _placement(day["location"])
    outsider = next(name for name, title in placement.items() if title != "Armoede")
    warning = assignment_services.move(day["registrations"][outsider], day["offers"][0])
    assert warning and "3 deelnemers bij 2 plaatsen" in warning


def test_publish_mails_only_those_whose_workgroup_changed(app, day, outbox):
    from app.workgroups import notify

    assignment_services.run_allocation(day["location"], seed=3)
    changed = assignment_services.publish(day["location"])
    assert len(changed) == 6
    db.session.commit()
    assert assignment_services.pending_changes(day["location"]) == []
    assignments = sorted(assignment_services.assignments_at(day["location"]), key=lambda a: a.id)
    first = assignments[0]
    second = next(other for other in assignments if other.offer_id != first.offer_id)
    assignment_services.swap(first, second)
    changes = assignment_services.pending_changes(day["location"])
    assert {c.registration.name for c in changes} == {first.registration.name, second.registration.name}
    outbox.clear()
    for registration in assignment_services.publish(day["location"]):
        notify.workgroups_changed(registration)
    db.session.commit()
    messages = outbox.messages()
    assert sorted(m["To"] for m in messages) == sorted([first.registration.email, second.registration.email])
    body = messages[0].get_body(("plain",)).get_content()
    assert "Zaal" in body


def test_screens_run_show_the_report_and_publish(client, day):
    page = client.get(f"/beheer/locaties/{day['location'].id}/indeling/")
    assert page.status_code == 200
    assert "Welke werkgroepen gaan door" in page.get_data(as_text=True)
    response = client.post(
        f"/beheer/locaties/{day['location'].id}/indeling/uitvoeren",
        data={"mode": "convex", "tie_break": "lottery", "seed": "11"},
        follow_redirects=True,
    )
    text = response.get_data(as_text=True)
    assert "Lotnummer 11" in text
    assert "bij gelijke wensen: loting" in text  # settings in words, not codes
    assert "Wie het eerst komt" in text
    assert db.session.scalar(select(AllocationRun)).seed == 11
    response = client.post(f"/beheer/locaties/{day['location'].id}/indeling/publiceren", follow_redirects=True)
    assert "6 deelnemers krijgen bericht" in response.get_data(as_text=True)


def test_bad_seed_is_refused_beside_the_field(client, day):
    response = client.post(
        f"/beheer/locaties/{day['location'].id}/indeling/uitvoeren",
        data={"mode": "convex", "tie_break": "lottery", "seed": "-4"},
    )
    assert response.status_code == 400
    assert "Kies een getal van 0 tot 2147483647." in response.get_data(as_text=True)
    assert db.session.scalar(select(WorkgroupAssignment)) is None


def test_dropping_a_workgroup_removes_its_assignments(client, day):
    assignment_services.run_allocation(day["location"], seed=2)
    db.session.commit()
    keep = [day["offers"][0].id, day["offers"][1].id]
    client.post(f"/beheer/locaties/{day['location'].id}/indeling/werkgroepen", data={"open": [str(i) for i in keep]})
    db.session.expire_all()
    assert set(_placement(day["location"]).values()) <= {"Armoede", "Participatiewet"}
    assert not day["offers"][2].is_open


def test_cli_assign_prints_the_quality_report(runner, day):
    result = runner.invoke(args=["workgroups", "assign", "rotterdam", "--seed", "5"])
    assert result.exit_code == 0, result.output
    assert "seed 5" in result.output
    assert "first come" in result.output and "repeats" in result.output
    assert len(db.session.scalars(select(WorkgroupAssignment)).all()) == 6


def test_assignment_page_queries_do_not_grow_with_participants(client, day, count_queries):
    def queries_for_page():
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(f"/beheer/locaties/{day['location'].id}/indeling/").status_code == 200
        return len(statements)

    assignment_services.run_allocation(day["location"], seed=1)
    assignment_services.publish(day["location"])
    db.session.commit()
    few = queries_for_page()
    start = utcnow() - timedelta(minutes=30)
    for number in range(40):
        register_participant(
            day["location"], name=f"Extra {number}", email=f"extra{number}@example.org", consent=True,
            preferences={1: [day["workgroups"][number % 3].id]}, now=start + timedelta(seconds=number),
        )  # fmt: skip
    for offer in day["offers"]:
        offer.capacity = 20
    assignment_services.run_allocation(day["location"], seed=1)
    db.session.commit()
    assert queries_for_page() == few


def test_average_choice_counts_the_unchosen_workgroup_for_both_methods(client, day):
    """First come, first served puts Els in a workgroup she did not choose: leaving her out of
    the average made it look better than the optimum. She counts, as choice 4."""
    outcome = assignment_services.run_allocation(day["location"], seed=7)
    db.session.commit()
    report = outcome.run.report
    averages = {}
    for method in ("optimal", "first_come_first_served"):
        counts = report[method]["outcome"]
        ranks = {int(rank): count for rank, count in counts["ranks"].items()}
        counted = sum(ranks.values()) + counts["unranked"]
        assert counted == 6  # every assigned person (all six gave preferences)
        expected = (sum(rank * n for rank, n in ranks.items()) + 4 * counts["unranked"]) / counted
        assert counts["unchosen_rank"] == 4
        assert counts["average_rank"] == pytest.approx(expected, abs=1e-3)
        averages[method] = counts["average_rank"]
    fcfs = report["first_come_first_served"]["outcome"]
    assert fcfs["unranked"] == 1
    assert averages["first_come_first_served"] > averages["optimal"]

    page = client.get(f"/beheer/locaties/{day['location'].id}/indeling/").get_data(as_text=True)
    assert "een niet gekozen werkgroep telt als keus 4" in page
    shown = (
        f"{averages['optimal']:.2f}".replace(".", ","),
        f"{averages['first_come_first_served']:.2f}".replace(".", ","),
    )
    row = page.split("gemiddelde keus", 1)[1].split("</tr>", 1)[0]
    assert f"<td>{shown[0]}</td><td>{shown[1]}</td>" in row


def _counted(statements: list[str]) -> int:
    """Statements sent; on SQLite the ORM inserts mail rows one per statement (it cannot
    have the ids of a many-row insert returned in order), so there they are left out; on
    PostgreSQL they are one batch and counted."""
    if db.engine.dialect.name == "sqlite":
        statements = [s for s in statements if not s.startswith("INSERT INTO outgoing_mail")]
    return len(statements)


def _publish_statements(client, day, count_queries, extra: int) -> tuple[int, int]:
    """Register `extra` more people, assign everyone, tell them (publish), move everyone to
    another workgroup and publish again: the statements of each publish."""
    start = utcnow() - timedelta(minutes=30)
    for number in range(extra):
        register_participant(
            day["location"], name=f"Extra {number}", email=f"extra{number}@example.org", consent=True,
            preferences={1: [day["workgroups"][number % 3].id]}, now=start + timedelta(seconds=number),
        )  # fmt: skip
    for offer in day["offers"]:
        offer.capacity = 40
    assignment_services.run_allocation(day["location"], seed=1)
    db.session.commit()
    url = f"/beheer/locaties/{day['location'].id}/indeling/publiceren"
    db.session.expire_all()
    with count_queries() as first:
        assert client.post(url).status_code == 302
    offers = day["offers"]
    for assignment in assignment_services.assignments_at(day["location"]):
        others = [o for o in offers if o.id != assignment.offer_id]
        assignment.offer_id = others[assignment.id % 2].id
    db.session.commit()
    db.session.expire_all()
    with count_queries() as again:
        assert client.post(url).status_code == 302
    return _counted(first), _counted(again)


def test_publish_sends_the_same_statements_for_6_and_46_people(client, day, count_queries, outbox):
    from app.communication.notices import KIND
    from app.mail.models import OutgoingMail

    def told() -> int:
        kinds = ("workgroups_assigned", KIND)
        return db.session.scalar(select(db.func.count()).where(OutgoingMail.kind.in_(kinds)))

    few = _publish_statements(client, day, count_queries, 0)
    assert told() == 6 + 6  # told, then a change notice
    db.session.execute(db.delete(WorkgroupAssignment))
    db.session.execute(db.delete(OutgoingMail))
    db.session.commit()
    many = _publish_statements(client, day, count_queries, 40)
    assert told() == 46 + 46
    assert many == few, (few, many)
    assert assignment_services.pending_changes(day["location"]) == []


def test_assignment_page_statements_stay_flat_past_a_thousand(client, day, count_queries):
    """Loading per 500 people (selectinload's batches) made a national location's page send
    more statements the more people came: 1,200 people, half of them placed and half still
    without a workgroup, cost as many statements as six."""
    from app.registration.models import Registration, Source, Status, WorkgroupPreference

    url = f"/beheer/locaties/{day['location'].id}/indeling/"
    assignment_services.run_allocation(day["location"], seed=1)
    assignment_services.publish(day["location"])
    db.session.commit()
    db.session.expire_all()
    with count_queries() as few:
        assert client.get(url).status_code == 200
    now = utcnow()
    table = Registration.__table__
    db.session.execute(
        table.insert(),
        [
            dict(
                location_day_id=day["location"].id,
                name=f"Extra {i}",
                email=f"extra{i}@example.org",
                email_normalised=f"extra{i}@example.org",
                organisation="",
                municipality="",
                needs="",
                diet="",
                language="nl",
                status=Status.CONFIRMED,
                source=Source.ONLINE,
                link_nonce=f"n{i}",
                created_at=now,
                waiting_since=now,
                updated_at=now,
                revision=0,
                needs_step_free=i % 7 == 0,
                needs_hearing_loop=False,
                over_capacity=False,
            )  # fmt: skip
            for i in range(1200)
        ],
    )
    people = db.session.scalars(select(Registration.id).where(Registration.name.startswith("Extra "))).all()
    workgroups, offers = day["workgroups"], day["offers"]
    db.session.execute(
        WorkgroupPreference.__table__.insert(),
        [dict(registration_id=i, round=1, rank=1, workgroup_id=workgroups[i % 3].id) for i in people],
    )
    db.session.execute(
        WorkgroupAssignment.__table__.insert(),
        [
            dict(
                registration_id=i,
                round=1,
                offer_id=offers[i % 3].id,
                locked=False,
                manual=False,
                revision=0,
                updated_at=now,
            )  # fmt: skip
            for i in people
            if i % 2
        ],
    )
    db.session.commit()
    db.session.expire_all()
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
    assert "Extra 1199" in page and "Nog zonder werkgroep" in page
    assert len(many) == len(few), (len(few), len(many))
