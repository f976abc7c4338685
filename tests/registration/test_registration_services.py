"""The rules: capacity, waiting list, promotion, duplicates, changes, moves, check-in, privacy."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.mail import OutgoingMail
from app.registration import links, services
from app.registration.models import Registration, Source, Status, WorkgroupPreference
from app.timeutil import utcnow


def statuses(location) -> dict:
    counts = services.counts(location)
    return {"confirmed": counts.confirmed, "waiting": counts.waiting, "cancelled": counts.cancelled}


def test_seats_are_confirmed_until_full_then_the_waiting_list(day, register):
    people = [register() for _ in range(5)]
    assert [p.status for p in people] == [Status.CONFIRMED] * 3 + [Status.WAITING] * 2
    assert [services.waiting_position(p) for p in people] == [None, None, None, 1, 2]
    assert statuses(day) == {"confirmed": 3, "waiting": 2, "cancelled": 0}
    assert services.counts(day).left == 0


def test_cancelling_promotes_the_first_waiting_in_the_same_transaction(day, register, outbox):
    people = [register() for _ in range(5)]
    outbox.clear()
    promoted = services.cancel_registration(people[1])
    assert promoted == [people[3]]
    assert people[3].status == Status.CONFIRMED and services.waiting_position(people[4]) == 1
    assert outbox.messages() == []  # nothing leaves before the commit
    db.session.commit()
    subjects = {m["To"]: m["Subject"] for m in outbox.messages()}
    assert "plaats vrij" in subjects[people[3].email]
    assert "afgemeld" in subjects[people[1].email]
    assert statuses(day) == {"confirmed": 3, "waiting": 1, "cancelled": 1}


def test_cancelling_twice_changes_nothing(day, register):
    person = register()
    services.cancel_registration(person)
    assert services.cancel_registration(person) == []
    assert person.status == Status.CANCELLED


def test_cancelling_someone_waiting_promotes_nobody(day, register):
    people = [register() for _ in range(5)]
    assert services.cancel_registration(people[3]) == []
    assert services.waiting_position(people[4]) == 1


def test_rollback_sends_no_mail(day, register, outbox):
    register(commit=False)
    db.session.flush()
    assert db.session.query(OutgoingMail).count() == 1  # the outbox row, in the same transaction
    db.session.rollback()
    db.session.commit()
    assert db.session.query(OutgoingMail).count() == 0
    assert outbox.messages() == []


def test_raising_capacity_promotes_in_order(day, register):
    people = [register() for _ in range(6)]
    promoted = services.change_capacity(day, 5)
    assert promoted == people[3:5]
    assert people[5].status == Status.WAITING and services.waiting_position(people[5]) == 1


def test_capacity_cannot_drop_below_the_confirmed(day, register):
    for _ in range(3):
        register()
    with pytest.raises(services.RegistrationError) as error:
        services.change_capacity(day, 2)
    assert error.value.field == "capacity" and "3" in str(error.value)
    services.change_capacity(day, 3)
    with pytest.raises(services.RegistrationError):
        services.change_capacity(day, -1)


def test_a_new_registration_never_overtakes_the_waiting_list(day, register):
    people = [register() for _ in range(4)]
    day.capacity = 4  # seat freed behind the service's back (e.g. an old edit)
    db.session.commit()
    newcomer = register()
    assert people[3].status == Status.CONFIRMED
    assert newcomer.status == Status.WAITING


def test_same_email_again_creates_nothing_and_resends_the_link(day, register, outbox):
    first = register(email="Anna@Example.org")
    outbox.clear()
    result = services.register_participant(
        day,
        name="Anna anders",
        email="  anna@example.ORG ",
        consent=True,
        preferences={1: [day.groups[1].id], 2: [day.groups[0].id]},
    )
    db.session.commit()
    assert result.created is False and result.registration.id == first.id
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 1
    assert first.name != "Anna anders"
    [message] = outbox.messages()
    assert "persoonlijke link" in message["Subject"].lower()
    assert links.link_for(first) in message.get_body(("plain",)).get_content()


def test_unique_constraint_backs_the_duplicate_rule(day, register):
    first = register(email="bob@example.org")
    twin = Registration(
        location_day_id=day.id,
        name="Bob",
        email="BOB@example.org",
        email_normalised="bob@example.org",
        status=Status.WAITING,
        link_nonce=links.new_nonce(),
    )
    db.session.add(twin)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    assert first.id


def test_same_email_at_another_location_is_a_new_registration(day, register, make_location):
    other = make_location(day.edition, "Zutphen")
    register(email="c@example.org")
    second = register(location=other, email="c@example.org", preferences={})
    assert second.location_day_id == other.id


def test_registering_after_cancelling_joins_the_back_of_the_queue(day, register):
    people = [register() for _ in range(4)]
    services.cancel_registration(people[0])
    db.session.commit()
    again = register(email=people[0].email)
    assert again.id == people[0].id and again.status == Status.WAITING
    assert services.waiting_position(again) == 1


@pytest.mark.parametrize("moment", ["before", "after"])
def test_online_registration_only_inside_the_window(day, moment):
    now = day.registration_opens_at - timedelta(minutes=1) if moment == "before" else day.registration_closes_at
    with pytest.raises(services.RegistrationError):
        services.register_participant(day, name="X", email="x@example.org", consent=True, now=now)
    # Organisers can still add someone by hand.
    result = services.register_participant(day, name="X", email="x@example.org", source=Source.MANUAL, now=now)
    assert result.registration.source == Source.MANUAL


def test_online_registration_needs_consent_name_and_email(day):
    cases = [
        (dict(name="A", email="a@example.org", consent=False), "consent"),
        (dict(name=" ", email="a@example.org", consent=True), "name"),
        (dict(name="A", email="", consent=True), "email"),
    ]
    for values, field in cases:
        with pytest.raises(services.RegistrationError) as error:
            services.register_participant(day, preferences={1: [day.groups[0].id]}, **values)
        assert error.value.field == field


def test_preferences_are_ranked_and_never_twice(day):
    wg = [g.id for g in day.groups]
    with pytest.raises(services.RegistrationError) as error:
        services.register_participant(
            day, name="A", email="a@example.org", consent=True, preferences={1: [wg[0], wg[0]]}
        )
    assert error.value.field == "pref_1_2"
    with pytest.raises(services.RegistrationError) as error:
        services.register_participant(day, name="A", email="a@example.org", consent=True, preferences={1: [None]})
    assert error.value.field == "pref_1_1"
    result = services.register_participant(
        day, name="A", email="a@example.org", consent=True, preferences={1: [wg[2], None, wg[0]], 2: [wg[1]]}
    )
    rows = [(p.round, p.rank, p.workgroup_id) for p in result.registration.preferences]
    assert rows == [(1, 1, wg[2]), (1, 2, wg[0]), (2, 1, wg[1])]


def test_a_workgroup_the_location_does_not_offer_is_refused(day, make_workgroup):
    elsewhere = make_workgroup(day.edition, "Elders")
    with pytest.raises(services.RegistrationError) as error:
        services.register_participant(
            day, name="A", email="a@example.org", consent=True, preferences={1: [elsewhere.id]}
        )
    assert error.value.field == "pref_1_1"
    with pytest.raises(services.RegistrationError) as error:  # round 2 does not offer the third
        services.register_participant(
            day,
            name="A",
            email="a@example.org",
            consent=True,
            preferences={1: [day.groups[0].id], 2: [day.groups[2].id]},
        )
    assert error.value.field == "pref_2_1"


def test_changing_details_and_preferences_until_closing(day, register):
    person = register()
    before = person.revision
    services.update_registration(
        person,
        name="Nieuwe naam",
        email=person.email,
        municipality="Delft",
        preferences={1: [day.groups[1].id], 2: [day.groups[0].id]},
    )
    db.session.commit()
    assert person.name == "Nieuwe naam" and person.revision == before + 1
    assert [p.workgroup_id for p in person.preferences] == [day.groups[1].id, day.groups[0].id]
    assert db.session.scalar(select(func.count()).select_from(WorkgroupPreference)) == 2
    with pytest.raises(services.RegistrationError):
        services.update_registration(
            person,
            name="Te laat",
            email=person.email,
            preferences={1: [day.groups[1].id]},
            now=day.registration_closes_at,
        )


def test_changing_to_an_address_already_registered_here_is_refused(day, register):
    register(email="one@example.org")
    two = register(email="two@example.org")
    with pytest.raises(services.RegistrationError) as error:
        services.update_registration(two, name="Two", email="ONE@example.org", preferences={1: [day.groups[0].id]})
    assert error.value.field == "email"


def test_moving_frees_a_seat_and_joins_the_other_queue(day, register, make_location, make_offer):
    other = make_location(day.edition, "Zutphen", capacity=1)
    make_offer(other, day.groups[1], round=1)
    people = [register(preferences={1: [day.groups[0].id, day.groups[1].id], 2: [day.groups[0].id]}) for _ in range(4)]
    promoted = services.move_registration(people[0], other)
    assert promoted == [people[3]]
    assert people[0].location_day_id == other.id and people[0].status == Status.CONFIRMED
    # Only the preference the new location offers stays, ranked first.
    assert [(p.rank, p.workgroup_id) for p in people[0].preferences] == [(1, day.groups[1].id)]
    services.move_registration(people[1], other)
    assert people[1].status == Status.WAITING and services.waiting_position(people[1]) == 1


def test_moving_refuses_a_duplicate_or_another_edition(day, register, make_location, make_edition):
    other = make_location(day.edition, "Zutphen")
    person = register(email="d@example.org")
    register(location=other, email="d@example.org", preferences={})
    with pytest.raises(services.RegistrationError):
        services.move_registration(person, other)
    db.session.rollback()
    foreign = make_location(make_edition(slug="ander"), "Beilen")
    with pytest.raises(services.RegistrationError):
        services.move_registration(person, foreign)


def test_check_in_and_undo(day, register):
    people = [register() for _ in range(4)]
    services.check_in(people[0])
    assert services.counts(day).present == 1
    with pytest.raises(services.RegistrationError):
        services.check_in(people[3])  # waiting
    services.undo_check_in(people[0])
    assert services.counts(day).present == 0


def test_walk_in_is_registered_and_checked_in(day):
    result = services.register_walk_in(day, name="Binnenloper")
    assert result.registration.source == Source.WALK_IN
    assert result.registration.checked_in_at is not None and result.registration.email is None


def test_walk_in_on_a_full_day_is_refused_until_admitted_over_capacity(day, register):
    for _ in range(3):
        register()
    waiting = register()
    with pytest.raises(services.DayFull):
        services.register_walk_in(day, name="Te laat")
    db.session.rollback()
    assert db.session.scalar(select(func.count()).where(Registration.name == "Te laat")) == 0
    result = services.register_walk_in(day, name="Te laat", admit_over_capacity=True)
    db.session.commit()
    walk_in = result.registration
    assert walk_in.status == Status.CONFIRMED and walk_in.over_capacity and walk_in.checked_in_at is not None
    counts = services.counts(day)
    assert (counts.confirmed, counts.over_capacity, counts.seated, counts.left) == (4, 1, 3, 0)
    # The waiting list keeps its place and no seat opened: the next registration waits too.
    assert waiting.status == Status.WAITING and services.waiting_position(waiting) == 1
    assert register().status == Status.WAITING


def test_over_capacity_walk_ins_neither_open_nor_take_seats(day, register):
    seated = [register() for _ in range(3)]
    waiting = register()
    walk_in = services.register_walk_in(day, name="Te laat", admit_over_capacity=True).registration
    db.session.commit()
    # The walk-in leaving opens nothing for the waiting list.
    assert services.cancel_registration(walk_in) == []
    assert waiting.status == Status.WAITING
    # A seated person leaving: the seat goes to the waiting list, as without the walk-in.
    again = services.register_walk_in(day, name="Nog een", admit_over_capacity=True).registration
    assert services.cancel_registration(seated[0]) == [waiting]
    assert waiting.status == Status.CONFIRMED and not waiting.over_capacity and again.over_capacity
    assert services.counts(day).seated == 3
    # Capacity can go down to the seated people, whatever the walk-ins over capacity.
    with pytest.raises(services.RegistrationError):
        services.change_capacity(day, 2)
    services.change_capacity(day, 3)


def test_walk_in_with_a_free_seat_takes_it(day):
    result = services.register_walk_in(day, name="Op tijd", admit_over_capacity=True)
    assert result.registration.status == Status.CONFIRMED and not result.registration.over_capacity
    assert result.registration.checked_in_at is not None


def test_erasing_deletes_everything_and_promotes(day, register):
    people = [register() for _ in range(4)]
    services.erase_registration(people[0])
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 3
    assert people[3].status == Status.CONFIRMED


def test_export_holds_the_data(day, register):
    person = register(municipality="Delft", needs="Rolstoel")
    data = services.export_data(person)
    assert data["registration"]["email"] == person.email
    assert data["registration"]["needs"] == "Rolstoel"
    assert data["workgroup_preferences"][0]["workgroup"] == day.workgroup_offers[0].workgroup.title


def test_anonymise_keeps_counts_and_drops_personal_data(day, register):
    people = [register(needs="Dieet", organisation="FNV") for _ in range(5)]
    services.check_in(people[0])
    services.cancel_registration(people[1])
    link = links.token_for(people[0])
    before = services.counts(day)
    changed = services.anonymise_edition(day.edition)
    db.session.commit()
    assert changed == 5
    assert services.counts(day) == before
    for person in people:
        assert person.name == services.ANONYMOUS_NAME and person.email is None and person.needs == ""
        assert person.preferences  # workgroup reports still count them
    assert links.registration_for_token(link) is None


def test_personal_link_is_signed_and_revocable(day, register):
    person = register()
    token = links.token_for(person)
    assert links.registration_for_token(token) is person
    assert links.registration_for_token(token[:-2] + "xx") is None
    assert links.registration_for_token("nonsense") is None
    links.revoke(person)
    assert links.registration_for_token(token) is None


def test_default_organisation_kinds_are_seeded_once(day):
    assert len(services.organisation_kinds(day.edition)) == 7
    assert services.seed_organisation_kinds(day.edition) == []


def test_organisation_kinds_are_editable(day):
    kind = services.add_organisation_kind(day.edition, "Wijkteam")
    with pytest.raises(services.RegistrationError):
        services.add_organisation_kind(day.edition, "wijkteam")
    services.rename_organisation_kind(kind, "Buurtteam")
    services.delete_organisation_kind(kind)
    assert "Buurtteam" not in [k.name for k in services.organisation_kinds(day.edition)]


def test_deleting_a_kind_keeps_the_registration(day, register):
    kind = services.organisation_kinds(day.edition)[0]
    person = register(organisation_kind=kind)
    services.delete_organisation_kind(kind)
    db.session.commit()
    db.session.expire_all()
    assert person.organisation_kind_id is None


def test_search_and_filters(day, register):
    register(name="Anna de Vries", organisation="FNV")
    register(name="Bert", municipality="Zwolle")
    register(name="Cor")
    waiting = register(name="Dirk")
    assert [r.name for r in services.search_registrations(day, services.Filters(search="vries"))] == ["Anna de Vries"]
    assert [r.name for r in services.search_registrations(day, services.Filters(search="zwol"))] == ["Bert"]
    assert [r.id for r in services.search_registrations(day, services.Filters(status="waiting"))] == [waiting.id]
    assert services.search_registrations(day, services.Filters(search="%")) == []


def test_times_are_naive_utc(day, register):
    person = register()
    assert person.created_at.tzinfo is None and abs(person.created_at - utcnow()) < timedelta(minutes=1)


def test_demo_edition_has_the_seven_organisation_kinds(app):
    from datetime import date

    from app.demo.loader import load_demo

    edition = load_demo(date.today()).edition
    db.session.commit()
    assert [k.name for k in services.organisation_kinds(edition)][0] == "Cliëntenraad"
    assert len(services.organisation_kinds(edition)) == 7


def test_privacy_anonymise_command(app, day, register):
    runner = app.test_cli_runner()
    people = [register() for _ in range(4)]
    result = runner.invoke(args=["privacy", "anonymise", day.edition.slug])
    assert result.exit_code != 0 and "not finished" in result.output
    day.date = day.date.replace(year=2013)
    db.session.commit()
    result = runner.invoke(args=["privacy", "anonymise", day.edition.slug])
    assert result.exit_code == 0, result.output
    assert "Anonymised 4" in result.output
    db.session.expire_all()
    assert {p.name for p in people} == {services.ANONYMOUS_NAME}
    assert statuses(day) == {"confirmed": 3, "waiting": 1, "cancelled": 0}
    assert runner.invoke(args=["privacy", "anonymise", "nope"]).exit_code != 0
