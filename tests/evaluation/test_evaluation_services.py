"""The rules: questions generated from each location's own programme, answering online
(drafts, one response per participant, editing until closing), anonymity, paper forms,
invitations and reminders."""

from datetime import timedelta

import pytest
from evaluation_helpers import add_person, question, required_answers
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from app.evaluation import services
from app.evaluation.models import (
    Channel,
    EvaluationAnswer,
    EvaluationInvitation,
    EvaluationParticipation,
    EvaluationResponse,
    QuestionKind,
    QuestionScope,
    ResponseStatus,
)
from app.extensions import db
from app.registration.services import cancel_registration, erase_registration
from app.timeutil import utcnow


def labels(asked, scope):
    return [item.subject.label for item in asked if item.question.scope == scope]


# --- generated questions --------------------------------------------------------------


def test_each_location_names_its_own_speakers(world):
    rotterdam = services.asked_questions(world.form, world.rotterdam, world.people[("Rotterdam", 1)])
    zutphen = services.asked_questions(world.form, world.zutphen, world.people[("Zutphen", 1)])
    assert labels(rotterdam, QuestionScope.INTRODUCTION) == ["Hans Bosselaar (VU): Bouwplaats"]
    assert labels(rotterdam, QuestionScope.PRACTICE) == ["Anja Rotterdam (ROSA): Een buurtwinkel"]
    assert labels(rotterdam, QuestionScope.SPEAKER) == ["Hans Bosselaar (VU)", "Anja Rotterdam (ROSA)"]
    assert labels(zutphen, QuestionScope.PRACTICE) == ["Piet Zutphen"]
    assert labels(zutphen, QuestionScope.SPEAKER) == ["Hans Bosselaar (VU)", "Piet Zutphen"]
    assert not any("Anja" in item.subject.label for item in zutphen if item.subject)
    # The same speaker at two locations is one subject, so results can join them up.
    hans = {item.subject.speaker_id for item in rotterdam + zutphen if item.subject and "Hans" in item.subject.label}
    assert hans == {world.speakers["Hans"].id}


def test_workgroup_questions_follow_the_published_assignment(world):
    first, third = world.people[("Rotterdam", 1)], world.people[("Rotterdam", 3)]
    assert labels(services.asked_questions(world.form, world.rotterdam, first), QuestionScope.WORKGROUP) == [
        "Participatiewet"
    ]
    assert labels(services.asked_questions(world.form, world.rotterdam, third), QuestionScope.WORKGROUP) == [
        "Maatjes naar werk"
    ]


def test_an_unpublished_assignment_gets_no_workgroup_question(world):
    person = add_person(
        world.rotterdam,
        "Niet verteld",
        "nv@example.org",
        offer=world.offers[("Rotterdam", "Participatiewet")],
        published=False,
    )
    db.session.commit()
    assert labels(services.asked_questions(world.form, world.rotterdam, person), QuestionScope.WORKGROUP) == []


def test_paper_forms_ask_about_every_open_workgroup_of_the_location(world):
    asked = services.asked_questions(world.form, world.rotterdam, None)
    assert labels(asked, QuestionScope.WORKGROUP) == ["Maatjes naar werk", "Participatiewet"]
    assert labels(services.asked_questions(world.form, world.zutphen, None), QuestionScope.WORKGROUP) == [
        "Participatiewet"
    ]


def test_questions_keep_the_form_order_and_unique_keys(world):
    asked = services.asked_questions(world.form, world.rotterdam, world.people[("Rotterdam", 1)])
    positions = [item.question.position for item in asked]
    assert positions == sorted(positions)
    assert len({item.key for item in asked}) == len(asked)


# --- the form definition --------------------------------------------------------------


def test_choice_questions_need_two_options(world):
    with pytest.raises(services.EvaluationError) as error:
        services.add_question(world.form, kind="single", scope="general", text="Kleur?", options="Rood")
    assert error.value.field == "options"
    added = services.add_question(world.form, kind="single", scope="general", text="Kleur?", options="Rood\n\nBlauw\n")
    assert added.option_list == ["Rood", "Blauw"] and added.position == len(world.form.questions)


def test_move_and_delete_questions_renumber(world):
    questions = sorted(world.form.questions, key=lambda q: q.position)
    services.move_question(questions[1], -1)
    assert [q.id for q in sorted(world.form.questions, key=lambda q: q.position)][:2] == [
        questions[1].id,
        questions[0].id,
    ]
    services.delete_question(questions[0])
    assert [q.position for q in sorted(world.form.questions, key=lambda q: q.position)] == list(
        range(1, len(questions))
    )


def test_answered_questions_cannot_change_kind_or_be_deleted(world):
    person = world.people[("Rotterdam", 1)]
    services.save_online(person, required_answers(world.form, world.rotterdam, person), submit=True)
    mark = question(world.form, QuestionScope.GENERAL, QuestionKind.MARK)
    with pytest.raises(services.EvaluationError):
        services.update_question(mark, kind="rating", scope="general", text=mark.text)
    with pytest.raises(services.EvaluationError):
        services.delete_question(mark)
    services.update_question(mark, kind="mark", scope="general", text="Uw cijfer voor de dag?", required=True)
    assert mark.text == "Uw cijfer voor de dag?"


def test_anonymity_cannot_change_once_there_are_answers(world):
    person = world.people[("Rotterdam", 1)]
    services.save_online(person, {}, submit=False)
    with pytest.raises(services.EvaluationError) as error:
        services.update_settings(world.form, intro="", anonymous=True, smileys=True, days_open=21, published=True)
    assert error.value.field == "anonymous"


# --- when the form is open ------------------------------------------------------------


def test_the_form_opens_on_the_day_and_closes_after_days_open(world):
    form, day = world.form, world.rotterdam.date
    at = lambda d: utcnow().replace(year=d.year, month=d.month, day=d.day, hour=12)  # noqa: E731
    assert services.window(form, world.rotterdam, at(day - timedelta(days=1))) == "before"
    assert services.window(form, world.rotterdam, at(day)) == "open"
    assert services.window(form, world.rotterdam, at(day + timedelta(days=form.days_open))) == "open"
    assert services.window(form, world.rotterdam, at(day + timedelta(days=form.days_open + 1))) == "closed"
    form.published = False
    assert services.window(form, world.rotterdam, at(day)) == "unpublished"


def test_nobody_answers_after_closing(world):
    person = world.people[("Rotterdam", 1)]
    later = utcnow() + timedelta(days=world.form.days_open + 3)
    with pytest.raises(services.EvaluationError, match="gesloten"):
        services.save_online(person, required_answers(world.form, world.rotterdam, person), submit=True, now=later)


def test_cancelled_registrations_cannot_answer(world):
    person = world.people[("Rotterdam", 2)]
    cancel_registration(person)
    with pytest.raises(services.EvaluationError):
        services.save_online(person, {}, submit=False)


# --- answering online -----------------------------------------------------------------


def test_required_questions_are_checked_only_on_sending(world):
    person = world.people[("Rotterdam", 1)]
    draft = services.save_online(person, {}, submit=False)
    assert draft.status == ResponseStatus.DRAFT
    with pytest.raises(services.EvaluationError) as error:
        services.save_online(person, {}, submit=True)
    required = {
        item.key for item in services.asked_questions(world.form, world.rotterdam, person) if item.question.required
    }
    assert set(error.value.errors) == required
    assert "Kies een antwoord" in next(iter(error.value.errors.values()))


def test_wrong_values_are_refused_beside_the_field(world):
    person = world.people[("Rotterdam", 1)]
    mark = question(world.form, QuestionScope.GENERAL, QuestionKind.MARK)
    single = question(world.form, QuestionScope.GENERAL, QuestionKind.SINGLE)
    with pytest.raises(services.EvaluationError) as error:
        services.save_online(person, {f"q{mark.id}": "11", f"q{single.id}": "Misschien wel"}, submit=False)
    assert "van 1 tot en met 10" in error.value.errors[f"q{mark.id}"]
    assert f"q{single.id}" in error.value.errors


def test_one_response_per_participant_editable_until_closing(world):
    person = world.people[("Rotterdam", 1)]
    mark = question(world.form, QuestionScope.GENERAL, QuestionKind.MARK)
    values = required_answers(world.form, world.rotterdam, person)
    first = services.save_online(person, values, submit=True)
    db.session.commit()
    again = services.save_online(person, values | {f"q{mark.id}": "9"}, submit=True)
    db.session.commit()
    assert again.id == first.id
    rows = db.session.scalars(select(EvaluationResponse).where(EvaluationResponse.registration_id == person.id)).all()
    assert len(rows) == 1 and rows[0].registration_id == person.id
    numbers = {a.question_id: a.number for a in rows[0].answers}
    assert numbers[mark.id] == 9
    assert services.has_answered(world.form, person)


def test_the_database_refuses_a_second_response_for_one_person(world):
    person = world.people[("Rotterdam", 1)]
    services.save_online(person, {}, submit=False)
    db.session.commit()
    db.session.add(
        EvaluationResponse(form_id=world.form.id, location_day_id=world.rotterdam.id, registration_id=person.id)
    )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_saved_draft_comes_back_and_is_not_counted(world):
    person = world.people[("Rotterdam", 1)]
    mark = question(world.form, QuestionScope.GENERAL, QuestionKind.MARK)
    multiple = question(world.form, QuestionScope.GENERAL, QuestionKind.MULTIPLE)
    services.save_online(
        person, {f"q{mark.id}": "7", f"q{multiple.id}": ["Moed en energie", "Nieuwe ideeën"]}, submit=False
    )
    db.session.commit()
    asked = services.asked_questions(world.form, world.rotterdam, person)
    stored = services.stored_values(services.response_of(world.form, person), asked)
    assert stored[f"q{mark.id}"] == 7
    assert stored[f"q{multiple.id}"] == ["Nieuwe ideeën", "Moed en energie"]  # the form's order
    assert not services.has_answered(world.form, person)
    assert services.location_results(world.form, world.rotterdam).participation.responses == 0


# --- anonymity ------------------------------------------------------------------------


def _rows_mentioning(value, models):
    found = []
    for model in models:
        for row in db.session.scalars(select(model)):
            for column in inspect(model).columns:
                if getattr(row, column.key) == value and column.key.endswith("registration_id"):
                    found.append((model.__tablename__, column.key))
    return found


def test_anonymous_answers_have_no_link_to_the_person(world):
    world.form.anonymous = True
    db.session.commit()
    person = world.people[("Rotterdam", 1)]
    values = required_answers(world.form, world.rotterdam, person)
    services.save_online(person, values, submit=False)  # a draft first: it is personal until sent
    db.session.commit()
    response = services.save_online(person, values, submit=True)
    db.session.commit()

    stored = db.session.get(EvaluationResponse, response.id)
    assert stored.registration_id is None and stored.submitted_at is None
    assert stored.status == ResponseStatus.SUBMITTED and len(stored.answers) == len(values)
    # Only the fact that the person answered remains, without time or order.
    participation = db.session.scalars(select(EvaluationParticipation)).all()
    assert [(p.form_id, p.registration_id) for p in participation] == [(world.form.id, person.id)]
    assert {c.key for c in inspect(EvaluationParticipation).columns} == {"form_id", "registration_id"}
    # No response or answer row carries the person's id; the draft is gone.
    assert _rows_mentioning(person.id, [EvaluationResponse, EvaluationAnswer]) == []
    assert (
        db.session.scalar(select(EvaluationResponse).where(EvaluationResponse.status == ResponseStatus.DRAFT)) is None
    )
    # Response ids are random, so their order says nothing either.
    assert len(response.id) == 32 and not response.id.isdigit()


def test_anonymous_participants_answer_once_and_cannot_edit(world):
    world.form.anonymous = True
    db.session.commit()
    person = world.people[("Rotterdam", 1)]
    values = required_answers(world.form, world.rotterdam, person)
    services.save_online(person, values, submit=True)
    db.session.commit()
    with pytest.raises(services.EvaluationError, match="al ingevuld"):
        services.save_online(person, values, submit=True)
    assert services.participant_state(person).state == "answered_final"
    db.session.add(EvaluationParticipation(form_id=world.form.id, registration_id=person.id))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert services.location_results(world.form, world.rotterdam).participation.responses == 1


def test_erasing_a_registration_removes_their_answers_but_not_anonymous_ones(world):
    person, other = world.people[("Rotterdam", 1)], world.people[("Rotterdam", 2)]
    services.save_online(person, required_answers(world.form, world.rotterdam, person), submit=True)
    db.session.commit()
    world.form.anonymous = True  # (normally fixed once there are answers; here to compare both)
    services.save_online(other, required_answers(world.form, world.rotterdam, other), submit=True)
    db.session.commit()
    erase_registration(person)
    erase_registration(other)
    db.session.commit()
    remaining = db.session.scalars(select(EvaluationResponse)).all()
    assert len(remaining) == 1 and remaining[0].registration_id is None
    assert db.session.scalars(select(EvaluationParticipation)).all() == []


# --- paper ----------------------------------------------------------------------------


def test_paper_forms_are_counted_and_marked_as_paper(world):
    mark = question(world.form, QuestionScope.GENERAL, QuestionKind.MARK)
    workgroup = question(world.form, QuestionScope.WORKGROUP)
    key = f"q{workgroup.id}_workgroup{world.workgroups['Maatjes naar werk'].id}"
    first = services.save_paper(world.rotterdam, {f"q{mark.id}": "8", key: "5"})
    second = services.save_paper(world.rotterdam, {f"q{mark.id}": " 6 "})
    db.session.commit()
    assert (first.paper_number, second.paper_number) == (1, 2)
    assert first.channel == Channel.PAPER and first.registration_id is None and first.is_submitted
    results = services.location_results(world.form, world.rotterdam)
    assert (results.participation.responses, results.participation.paper, results.participation.online) == (2, 2, 0)
    mark_figure = next(s for s in results.sections if s.question.id == mark.id).figures[0]
    assert mark_figure.average == 7.0


def test_paper_entry_does_not_enforce_required_but_refuses_empty_and_wrong(world):
    mark = question(world.form, QuestionScope.GENERAL, QuestionKind.MARK)
    text = question(world.form, QuestionScope.GENERAL, QuestionKind.TEXT)
    services.save_paper(world.rotterdam, {f"q{text.id}": "Fijne dag"})
    with pytest.raises(services.EvaluationError, match="leeg"):
        services.save_paper(world.rotterdam, {f"q{mark.id}": ""})
    with pytest.raises(services.EvaluationError) as error:
        services.save_paper(world.rotterdam, {f"q{mark.id}": "x"})
    assert f"q{mark.id}" in error.value.errors


def test_a_paper_form_can_be_corrected(world):
    mark = question(world.form, QuestionScope.GENERAL, QuestionKind.MARK)
    response = services.save_paper(world.rotterdam, {f"q{mark.id}": "3"})
    db.session.commit()
    services.save_paper(world.rotterdam, {f"q{mark.id}": "8"}, response=response)
    db.session.commit()
    assert [a.number for a in db.session.get(EvaluationResponse, response.id).answers] == [8]
    assert response.paper_number == 1


# --- invitations and reminders --------------------------------------------------------


def test_invitations_go_to_the_checked_in_once(world, outbox):
    absent = add_person(world.rotterdam, "Niet gekomen", "absent@example.org", checked_in=False)
    add_person(world.rotterdam, "Zonder mail", None)
    db.session.commit()
    invited = services.invite(world.rotterdam)
    db.session.commit()
    assert {r.name for r in invited} == {"Rotterdammer 1", "Rotterdammer 2", "Rotterdammer 3"}
    message = outbox.to("r1@example.org")[-1]
    assert message["Subject"] == "Wat vond u van de Alliantiedag in Rotterdam?"
    body = message.get_body(("plain",)).get_content()
    # The evaluation's own link, which opens nothing else (not the personal page).
    assert "/aanmelding/" not in body and "/evaluatie/" in body
    assert services.invite(world.rotterdam) == []  # nobody twice
    everyone = services.invite(world.rotterdam, all_registered=True)
    db.session.commit()
    assert [r.id for r in everyone] == [absent.id]


def test_reminders_go_only_to_those_who_have_not_answered(world, outbox):
    services.invite(world.rotterdam)
    db.session.commit()
    answered, drafting = world.people[("Rotterdam", 1)], world.people[("Rotterdam", 2)]
    services.save_online(answered, required_answers(world.form, world.rotterdam, answered), submit=True)
    services.save_online(drafting, {}, submit=False)
    db.session.commit()
    reminded = services.remind(world.rotterdam)
    db.session.commit()
    assert {r.name for r in reminded} == {"Rotterdammer 2", "Rotterdammer 3"}
    assert outbox.to("r2@example.org")[-1]["Subject"].startswith("Herinnering")
    invitation = db.session.scalar(
        select(EvaluationInvitation).where(EvaluationInvitation.registration_id == drafting.id)
    )
    assert invitation.reminders == 1 and invitation.reminded_at is not None


def test_anonymous_answers_also_stop_reminders(world, outbox):
    world.form.anonymous = True
    services.invite(world.rotterdam)
    db.session.commit()
    person = world.people[("Rotterdam", 1)]
    services.save_online(person, required_answers(world.form, world.rotterdam, person), submit=True)
    db.session.commit()
    assert person.id not in {r.id for r in services.remind(world.rotterdam)}


def test_invitations_wait_for_the_day_and_a_published_form(world):
    world.form.published = False
    with pytest.raises(services.EvaluationError):
        services.invite(world.rotterdam)
    world.form.published = True
    with pytest.raises(services.EvaluationError, match="op de dag zelf"):
        services.invite(world.rotterdam, now=utcnow() - timedelta(days=5))


def test_english_participants_get_english_mail(world, outbox):
    add_person(world.zutphen, "Visitor", "visitor@example.org", language="en")
    db.session.commit()
    services.invite(world.zutphen)
    db.session.commit()
    message = outbox.to("visitor@example.org")[-1]
    assert message["Subject"] == "What did you think of the alliance day in Zutphen?"
    assert "Dear Visitor" in message.get_body(("plain",)).get_content()
