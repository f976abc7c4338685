"""Helpers shared by the security tests (imported by name: tests have no packages)."""

from __future__ import annotations

from sqlalchemy import inspect, select, text

from app.extensions import db


def snapshot() -> dict[str, list]:
    """Every row of every table, to show that a refused request changed nothing."""
    db.session.expire_all()
    rows = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            columns = [column for column in table.columns if column.name not in ("updated_at",)]
            result = connection.execute(select(*columns).order_by(*table.primary_key.columns))
            rows[table.name] = [tuple(row) for row in result]
    return rows


def every_text_value() -> list[str]:
    """Every text and JSON value stored in every table, as text."""
    values = []
    with db.engine.connect() as connection:
        for table_name in inspect(connection).get_table_names():
            if table_name == "alembic_version":
                continue
            for row in connection.execute(text(f'SELECT * FROM "{table_name}"')):
                values += [str(value) for value in row if value is not None]
    return values


def seed_minimal() -> None:
    """In the current application's own (empty) database: the tables, one edition with one
    open location day, and an organiser account (password correct-horse-battery)."""
    from datetime import date, time, timedelta

    from app.accounts.models import Role
    from app.accounts.services import create_user
    from app.programme.models import Edition, LocationDay
    from app.timeutil import utcnow

    db.create_all()
    edition = Edition(slug="editie", name="Alliantiedagen", theme="Groeien", year=2013)
    now = utcnow()
    db.session.add(
        LocationDay(
            edition=edition, slug="plaats", city="Plaats", venue="Zaal", address="", date=date.today(),
            doors_open=time(9), capacity=10, registration_opens_at=now - timedelta(days=1),
            registration_closes_at=now + timedelta(days=1),
        )
    )  # fmt: skip
    create_user("organiser@example.org", "Organisator", "correct-horse-battery", Role.ORGANISER)
    db.session.commit()


def route_values(world, city: str) -> dict:
    """A value for every <part> of every route, pointing at the given city's records."""
    from app.registration.links import evaluation_token_for, token_for

    registration = world.registrations[city]
    location = world.location(city)
    return {
        "edition_id": world.edition.id, "location_id": location.id, "item_id": world.item.id,
        "offer_id": world.offers[city].id, "workgroup_id": world.workgroup.id, "speaker_id": world.speaker.id,
        "contribution_id": world.contributions[city].id, "registration_id": registration.id,
        "kind_id": world.kind.id, "assignment_id": world.assignments[city].id, "question_id": world.question.id,
        "response_id": world.papers[city].id, "slug": world.edition.slug, "location_slug": location.slug,
        "language": "en", "filename": "css/site.css",
        "token": token_for(registration), "evaluation_token": evaluation_token_for(registration),
        "material_id": world.materials[city].id, "photo_id": world.photos[city].id, "variant": "thumb",
        "build_id": world.builds[city].id, "mail_id": world.mails[city].id, "kind": "csv",
        "rule_id": world.rule.id, "user_id": world.facilitator.id,
    }  # fmt: skip


EVALUATION_ONLY = {"evaluation.answer_only", "evaluation.thanks_only"}


def fill_rule(rule, values: dict) -> str:
    """The concrete URL of a rule (the evaluation-only pages take the evaluation token)."""
    import re

    values = dict(values)
    if rule.endpoint in EVALUATION_ONLY:
        values["token"] = values["evaluation_token"]
    return re.sub(r"<(?:[a-z]+(?:\([^)]*\))?:)?(\w+)>", lambda m: str(values[m.group(1)]), rule.rule)
