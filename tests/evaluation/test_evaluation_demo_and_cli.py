"""The demo edition's evaluation, and the command-line tasks."""

from datetime import date

from sqlalchemy import func, select

from app.demo.loader import load_demo
from app.evaluation import services
from app.evaluation.models import Channel, EvaluationParticipation, EvaluationResponse, ResponseStatus
from app.extensions import db
from app.registration.models import Registration

TODAY = date(2026, 11, 23)


def _count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_the_demo_has_realistic_responses_at_the_days_held_and_none_ahead(app):
    edition = load_demo(TODAY).edition
    db.session.commit()
    form = services.form_for(edition)
    assert form.published and form.anonymous
    results = services.edition_results(form, edition.location_days)
    held = {day.city for day in edition.location_days if day.date < TODAY}
    assert len(held) == 2
    for part in results.participation:
        if part.city in held:
            assert 0 < part.online <= part.invited <= part.present, part.city
            assert 0 < part.paper and part.responses <= part.present, part.city
            assert 0.5 < part.response_rate / 100 < 0.95, part.city
        else:
            assert part.present == part.invited == part.responses == 0, part.city
    mark = results.sections[0].figures[0]
    assert 5 < mark.average < 9 and mark.count > 40
    # Speakers and workgroups of the two days held (11 talks, 8 different speakers).
    assert len(results.speakers) >= 6 and len(results.workgroups) >= 4
    assert any(fig.open_answers for section in results.sections for fig in section.figures)
    # Anonymous: submitted online responses carry no person; drafts (unsent) do, until sent.
    assert (
        _count(
            EvaluationResponse,
            EvaluationResponse.status == ResponseStatus.SUBMITTED,
            EvaluationResponse.registration_id.is_not(None),
        )
        == 0
    )
    assert _count(EvaluationParticipation) == results.total.online


def test_loading_the_demo_twice_adds_no_evaluation_data(app):
    load_demo(TODAY)
    db.session.commit()
    before = (_count(Registration), _count(EvaluationResponse), _count(EvaluationParticipation))
    load_demo(TODAY)
    db.session.commit()
    assert (_count(Registration), _count(EvaluationResponse), _count(EvaluationParticipation)) == before
    assert _count(EvaluationResponse, EvaluationResponse.channel == Channel.PAPER) > 0


def test_cli_invites_and_reminds(runner, world, outbox):
    result = runner.invoke(args=["evaluation", "invite", "rotterdam"])
    assert result.exit_code == 0, result.output
    assert "Invited 3 participant(s) of Rotterdam" in result.output
    assert runner.invoke(args=["evaluation", "invite", "rotterdam"]).output.startswith("Invited 0")
    result = runner.invoke(args=["evaluation", "remind", "rotterdam"])
    assert "Reminded 3 participant(s)" in result.output
    assert len([m for m in outbox.messages() if m["Subject"].startswith("Herinnering")]) == 3


def test_cli_refuses_a_closed_form_and_unknown_locations(runner, world):
    world.form.days_open = 1
    db.session.commit()
    result = runner.invoke(args=["evaluation", "invite", "rotterdam"])
    assert result.exit_code != 0 and "gesloten" in result.output
    assert runner.invoke(args=["evaluation", "invite", "atlantis"]).exit_code != 0


def test_cli_discards_drafts_after_closing(runner, world):
    services.save_online(world.people[("Rotterdam", 1)], {}, submit=False)
    db.session.commit()
    assert "has not closed" in runner.invoke(args=["evaluation", "discard-drafts", "rotterdam"]).output
    world.form.days_open = 1
    db.session.commit()
    result = runner.invoke(args=["evaluation", "discard-drafts", "rotterdam"])
    assert "Removed 1 unsent draft(s)" in result.output
    assert _count(EvaluationResponse) == 0
