"""Who may see and change what: anonymous, coordinator, organiser, CSRF."""

import re

import pytest
from sqlalchemy import select

from app.accounts.models import Role
from app.evaluation import services as evaluation
from app.extensions import db
from app.mail import MailStatus, OutgoingMail
from app.programme.models import Contribution, LocationDay
from app.programme.services import assign_speaker, find_or_create_speaker
from app.registration.models import Registration, Source
from app.registration.services import register_participant, seed_organisation_kinds
from app.reports.models import DocumentBuild
from app.workgroups.models import WorkgroupAssignment

MANAGE_BLUEPRINTS = (
    "manage",
    "workgroups_manage",
    "reports",
    "registration_manage",
    "assignment",
    "evaluation_manage",
    "mail_log",
)
# Pages a coordinator may open, showing only their own locations.
# Edition-wide forms that show a coordinator only their own locations.
FILTERED_FORMS_FOR_COORDINATORS = {"workgroups_manage.offer_at_locations"}
FILTERED_FOR_COORDINATORS = FILTERED_FORMS_FOR_COORDINATORS | {
    "manage.dashboard",
    "manage.readiness",
    "registration_manage.overview",
    "evaluation_manage.edition_results",
}


@pytest.fixture()
def world(make_edition, make_location, make_workgroup, make_offer, make_user):
    """Two locations, a coordinator of Rotterdam only, and an organiser."""
    edition = make_edition()
    rotterdam = make_location(edition, "Rotterdam")
    zutphen = make_location(edition, "Zutphen")
    workgroup = make_workgroup(edition, "Participatiewet")
    offers = {"Rotterdam": make_offer(rotterdam, workgroup), "Zutphen": make_offer(zutphen, workgroup)}
    intro = next(item for item in edition.programme_items if item.kind == "introduction")
    speaker = find_or_create_speaker(edition, "Hans Bosselaar", "VU")
    contributions = {
        "Rotterdam": assign_speaker(rotterdam, intro, speaker, "Bouwplaats"),
        "Zutphen": assign_speaker(zutphen, intro, speaker, "Bouwplaats"),
    }
    db.session.commit()
    registrations = {
        city: register_participant(
            location, name=f"Deelnemer {city}", email=f"{city.lower()}@example.org", source=Source.MANUAL
        ).registration
        for city, location in (("Rotterdam", rotterdam), ("Zutphen", zutphen))
    }
    kind = seed_organisation_kinds(edition)[0]
    assignments = {
        city: WorkgroupAssignment(registration_id=registrations[city].id, round=1, offer_id=offers[city].id)
        for city in ("Rotterdam", "Zutphen")
    }
    db.session.add_all(assignments.values())
    db.session.commit()
    form = evaluation.ensure_form(edition)
    question = form.questions[0]
    papers = {
        city: evaluation.save_paper(location, {f"q{question.id}": "8"})
        for city, location in (("Rotterdam", rotterdam), ("Zutphen", zutphen))
    }
    db.session.commit()
    builds = {
        city: DocumentBuild(document="badges", subject_id=location.id, location_day_id=location.id, filename="x.pdf")
        for city, location in (("Rotterdam", rotterdam), ("Zutphen", zutphen))
    }
    db.session.add_all(builds.values())
    db.session.commit()
    mails = {
        city: db.session.scalar(select(OutgoingMail).where(OutgoingMail.registration_id == registrations[city].id))
        for city in ("Rotterdam", "Zutphen")
    }
    for mail in mails.values():
        mail.status = MailStatus.FAILED  # so that "send again" would change something
    db.session.commit()
    coordinator = make_user("coordinator@example.org", Role.COORDINATOR, [rotterdam])
    organiser = make_user("organiser@example.org", Role.ORGANISER)
    return dict(
        builds=builds,
        mails=mails,
        edition=edition,
        rotterdam=rotterdam,
        zutphen=zutphen,
        workgroup=workgroup,
        offers=offers,
        item=intro,
        speaker=speaker,
        contributions=contributions,
        registrations=registrations,
        assignments=assignments,
        kind=kind,
        question=question,
        papers=papers,
        coordinator=coordinator,
        organiser=organiser,
    )


def organiser_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint.split(".")[0] in MANAGE_BLUEPRINTS]


def fill(rule, world, city="Zutphen") -> str:
    """A concrete URL for a rule, pointing at the given city's records."""
    ids = {
        "edition_id": world["edition"].id,
        "location_id": world[city.lower()].id,
        "item_id": world["item"].id,
        "offer_id": world["offers"][city].id,
        "workgroup_id": world["workgroup"].id,
        "speaker_id": world["speaker"].id,
        "contribution_id": world["contributions"][city].id,
        "registration_id": world["registrations"][city].id,
        "kind_id": world["kind"].id,
        "assignment_id": world["assignments"][city].id,
        "question_id": world["question"].id,
        "response_id": world["papers"][city].id,
        "build_id": world["builds"][city].id,
        "mail_id": world["mails"][city].id,
    }
    return re.sub(r"<(?:int:)?(\w+)>", lambda m: str(ids[m.group(1)]), rule.rule)


def test_every_organiser_url_is_listed(app):
    assert len(organiser_rules(app)) >= 20


def test_anonymous_visitors_are_sent_to_login(app, client, world):
    for rule in organiser_rules(app):
        url = fill(rule, world)
        for method in rule.methods & {"GET", "POST"}:
            response = client.open(url, method=method)
            assert response.status_code == 302, (method, url)
            assert "/beheer/inloggen" in response.headers["Location"], (method, url)


def test_coordinator_cannot_see_or_change_another_location(app, client, auth, world):
    auth.login("coordinator@example.org")
    before = _snapshot(world)
    for rule in organiser_rules(app):
        url = fill(rule, world, "Zutphen")
        if rule.endpoint in FILTERED_FOR_COORDINATORS:
            page = client.get(url)
            assert page.status_code == 200 and "Zutphen" not in page.get_data(as_text=True), url
            if rule.endpoint in FILTERED_FORMS_FOR_COORDINATORS:  # a post naming none of theirs is refused
                response = client.post(url, data={"title": "Gekaapt", "city": "X", "capacity": "1"})
                assert response.status_code == 400, url
            continue
        for method in sorted(rule.methods & {"GET", "POST"}):
            response = client.open(url, method=method, data={"title": "Gekaapt", "city": "X", "capacity": "1"})
            assert response.status_code == 403, (method, url, response.status_code)
    db.session.expire_all()
    assert _snapshot(world) == before


def test_coordinator_can_manage_their_own_location(client, auth, world):
    auth.login("coordinator@example.org")
    assert client.get(f"/beheer/locaties/{world['rotterdam'].id}").status_code == 200
    assert client.get(f"/beheer/locaties/{world['rotterdam'].id}/bewerken").status_code == 200
    page = client.get("/beheer/").get_data(as_text=True)
    assert "Rotterdam" in page and "Zutphen" not in page
    readiness = client.get(f"/beheer/edities/{world['edition'].id}/gereedheid").get_data(as_text=True)
    assert "Rotterdam" in readiness and "Zutphen" not in readiness


def test_organiser_sees_every_location(client, auth, world):
    auth.login("organiser@example.org")
    for city in ("rotterdam", "zutphen"):
        assert client.get(f"/beheer/locaties/{world[city].id}").status_code == 200
    readiness = client.get(f"/beheer/edities/{world['edition'].id}/gereedheid").get_data(as_text=True)
    assert "Rotterdam" in readiness and "Zutphen" in readiness


def test_wrong_password_is_refused_with_a_message(client, world):
    response = client.post("/beheer/inloggen", data={"email": "organiser@example.org", "password": "nope"})
    assert response.status_code == 200
    assert "klopt niet" in response.get_data(as_text=True)
    assert client.get("/beheer/").status_code == 302


def test_login_does_not_redirect_to_another_site(client, world):
    response = client.post(
        "/beheer/inloggen?next=//evil.example/",
        data={"email": "organiser@example.org", "password": "correct-horse-battery"},
    )
    assert response.headers["Location"] == "/beheer/"


def test_deactivated_account_cannot_log_in(client, world):
    world["organiser"].active = False
    db.session.commit()
    response = client.post(
        "/beheer/inloggen", data={"email": "organiser@example.org", "password": "correct-horse-battery"}
    )
    assert "klopt niet" in response.get_data(as_text=True)


def test_form_without_csrf_token_is_refused(app, client, world):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(
            "/beheer/inloggen", data={"email": "organiser@example.org", "password": "correct-horse-battery"}
        )
        assert response.status_code == 400
        assert "Formulier verlopen" in response.get_data(as_text=True)
        assert client.get("/beheer/").status_code == 302  # not logged in
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_users_create_command_makes_a_coordinator(runner, world):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "new@example.org",
            "--name",
            "Nieuw",
            "--role",
            "coordinator",
            "--location",
            "zutphen",
            "--password",
            "a-long-password",
        ]
    )
    assert result.exit_code == 0, result.output
    from app.accounts.services import find_user_by_email

    user = find_user_by_email("new@example.org")
    assert user.role == Role.COORDINATOR and [day.city for day in user.locations] == ["Zutphen"]
    assert user.check_password("a-long-password")


def _snapshot(world):
    locations = db.session.scalars(select(LocationDay).order_by(LocationDay.id)).all()
    contributions = db.session.scalars(select(Contribution).order_by(Contribution.id)).all()
    registrations = db.session.scalars(select(Registration).order_by(Registration.id)).all()
    mails = db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)).all()
    return (
        [(r.location_day_id, r.name, r.status, r.checked_in_at) for r in registrations],
        [(m.location_day_id, m.status, m.attempts) for m in mails],
        [(day.city, day.capacity, len(day.workgroup_offers), day.revision) for day in locations],
        [(c.location_day_id, c.title) for c in contributions],
        [(item.title, item.position) for item in world["edition"].programme_items],
    )


def test_facilitator_is_refused_every_organiser_url(app, client, auth, world, make_user):
    facilitator = make_user("facilitator@example.org", Role.FACILITATOR)
    facilitator.offers = [world["offers"]["Rotterdam"]]
    db.session.commit()
    auth.login("facilitator@example.org")
    for rule in organiser_rules(app):
        if rule.endpoint == "manage.dashboard":
            assert client.get(fill(rule, world)).headers["Location"] == "/beheer/mijn-werkgroepen/"
            continue
        url = fill(rule, world, "Rotterdam")
        for method in sorted(rule.methods & {"GET", "POST"}):
            assert client.open(url, method=method).status_code == 403, (method, url)
