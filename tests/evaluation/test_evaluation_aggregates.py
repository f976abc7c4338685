"""The evaluation figures are counted in SQL (one weighted row per distinct answer at a
location) instead of one Python object per answer: the figures must not change.

The reference below is the old reading (one row per answer, in the order they were
stored); both feed the same pure results code, and every figure of the edition and of
each location is compared, on the demo edition's generated responses (five locations,
online and paper, drafts that do not count) plus answers made to differ in edge ways."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select

from app.common.language import dutch
from app.demo.loader import load_demo
from app.evaluation import result_rows, results, services
from app.evaluation.models import Channel, EvaluationAnswer, EvaluationResponse, ResponseStatus
from app.extensions import db

TODAY = date(2026, 1, 5)


def _one_row_per_answer(form, location_ids):
    """The old reading: every submitted answer as its own plain record."""
    responses = [
        results.Response(id=rid, location_id=lid, channel=Channel(channel).value)
        for rid, lid, channel in db.session.execute(
            select(EvaluationResponse.id, EvaluationResponse.location_day_id, EvaluationResponse.channel).where(
                EvaluationResponse.form_id == form.id,
                EvaluationResponse.status == ResponseStatus.SUBMITTED,
                EvaluationResponse.location_day_id.in_(location_ids),
            )
        )
    ]
    channel_of = {r.id: r.channel for r in responses}
    answers = [
        results.Answer(
            response_id=a.response_id,
            location_id=lid,
            question_id=a.question_id,
            subject_key=a.subject_key or "",
            subject_label=dutch(a.subject_label or ""),
            speaker_id=a.speaker_id,
            workgroup_id=a.workgroup_id,
            number=a.number,
            text=a.text or "",
            choices=tuple(a.choices or ()),
            channel=channel_of.get(a.response_id, "online"),
        )
        for a, lid in db.session.execute(
            select(EvaluationAnswer, EvaluationResponse.location_day_id)
            .join(EvaluationResponse, EvaluationResponse.id == EvaluationAnswer.response_id)
            .where(
                EvaluationResponse.form_id == form.id,
                EvaluationResponse.status == ResponseStatus.SUBMITTED,
                EvaluationResponse.location_day_id.in_(location_ids),
            )
            .order_by(EvaluationAnswer.id)
        )
    ]
    return responses, answers


def _awkward_answers(form) -> None:
    """Answers the generator does not make: the same open answer twice, an option that has
    since left the form, choices in another order, a rating off the scale."""
    rows = list(
        db.session.scalars(
            select(EvaluationAnswer)
            .join(EvaluationResponse)
            .where(EvaluationResponse.status == ResponseStatus.SUBMITTED)
            .order_by(EvaluationAnswer.id)
        )
    )
    texts = [a for a in rows if a.text and not a.choices and a.number is None]
    multiple = [a for a in rows if a.choices]
    numbers = [a for a in rows if a.number is not None]
    assert texts and multiple and numbers
    texts[0].text = texts[1].text = "Meer tijd voor de werkgroepen, graag!"
    multiple[0].choices = ["Een optie die niet meer bestaat", *multiple[0].choices]
    multiple[1].choices = list(reversed(multiple[1].choices)) + multiple[1].choices[:1]
    numbers[0].number = 42
    db.session.flush()


def test_figures_counted_in_sql_equal_those_from_every_answer(app, request_context):
    edition = load_demo(TODAY).edition
    form = services.form_for(edition)
    _awkward_answers(form)
    db.session.commit()
    locations = sorted(edition.location_days, key=lambda day: day.date)
    ids = [loc.id for loc in locations]

    old_responses, old_answers = _one_row_per_answer(form, ids)
    new_responses, new_answers = result_rows.plain_rows(form, ids)
    assert len(new_answers) < len(old_answers)  # grouped: fewer rows than answers
    assert sum(a.weight for a in new_answers) == len(old_answers)
    assert sum(r.weight for r in new_responses) == len(old_responses) > 50  # the two held days

    questions = result_rows.plain_questions(form)
    plain_locations = result_rows.plain_locations(form, locations)
    names = {"speaker_names": {}, "workgroup_names": {}}
    old = results.edition_results(questions, old_answers, old_responses, plain_locations, **names)
    new = results.edition_results(questions, new_answers, new_responses, plain_locations, **names)
    assert new == old
    assert new.comparison.rows and new.speakers and new.workgroups
    for location in plain_locations:
        assert results.location_results(questions, new_answers, new_responses, location) == results.location_results(
            questions, old_answers, old_responses, location
        )
    # A coordinator's subset of locations, and the page's own reading.
    subset = plain_locations[1:3]
    assert results.edition_results(questions, new_answers, new_responses, subset) == results.edition_results(
        questions, old_answers, old_responses, subset
    )
    page = result_rows.edition_results(form, locations)
    assert page.total.responses == len(old_responses)
    assert page.comparison == old.comparison


def test_the_edition_results_read_a_constant_number_of_statements(app, request_context, count_queries):
    """The reading sends the same few statements with half the responses as with all."""
    edition = load_demo(TODAY).edition
    form = services.form_for(edition)
    db.session.commit()

    def statements_of_reading() -> int:
        db.session.expire_all()
        with count_queries() as statements:
            figures = result_rows.edition_results(form, list(edition.location_days))
        return len(statements), figures.total.responses

    full, responses = statements_of_reading()
    ids = db.session.scalars(select(EvaluationResponse.id).order_by(EvaluationResponse.id)).all()
    db.session.execute(delete(EvaluationResponse).where(EvaluationResponse.id.in_(ids[: len(ids) // 2])))
    db.session.commit()
    half, fewer = statements_of_reading()
    assert fewer < responses
    assert half == full <= 12
