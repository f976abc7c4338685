"""Item 13: foreign keys hold on SQLite as they do on PostgreSQL (the suite runs on both).
Erasing a registration takes its workgroup assignment with it, so a new registration
that gets the same id inherits nothing; removing an assigned workgroup then publishing works."""

from datetime import datetime

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.registration import services
from app.registration.links import token_for
from app.registration.models import Registration
from app.workgroups.models import WorkgroupAssignment


def _orphans() -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(WorkgroupAssignment)
        .outerjoin(Registration, Registration.id == WorkgroupAssignment.registration_id)
        .where(Registration.id.is_(None))
    )


def test_foreign_keys_are_enforced_on_every_connection(app):
    with db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_erasing_a_registration_erases_its_assignment_and_a_new_id_inherits_nothing(client, world):
    registration = world.registrations["Zutphen"]  # the newest: SQLite would give its id out again
    erased_id = registration.id
    assert client.post(f"/aanmelding/{token_for(registration)}/verwijderen").status_code == 302
    assert db.session.get(Registration, erased_id) is None
    assert _orphans() == 0
    newcomer = services.register_participant(
        world.zutphen, name="Nieuwkomer", email="nieuw@example.org", consent=True,
        preferences={1: [world.workgroup.id]},
    ).registration  # fmt: skip
    db.session.commit()
    assignments = db.session.scalars(
        select(WorkgroupAssignment).where(WorkgroupAssignment.registration_id == newcomer.id)
    ).all()
    assert assignments == []


def test_removing_an_assigned_workgroup_then_publishing(client, auth, world):
    auth.login("organiser@example.org")
    offer = world.offers["Rotterdam"]
    assert client.post(f"/beheer/aanbod/{offer.id}/verwijderen").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(WorkgroupAssignment).where(
        WorkgroupAssignment.offer_id == offer.id)) == 0  # fmt: skip
    response = client.post(f"/beheer/locaties/{world.rotterdam.id}/indeling/publiceren")
    assert response.status_code == 302
    assert "Gepubliceerd" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_row_pointing_nowhere_is_refused(app, world):
    """The database itself refuses an assignment for a registration that does not exist."""
    insert = text(
        "INSERT INTO workgroup_assignment (registration_id, round, offer_id, locked, manual, revision, updated_at)"
        " VALUES (:registration, :round, :offer, false, false, 0, :moment)"
    )
    values = {"offer": world.offers["Rotterdam"].id, "moment": datetime(2013, 10, 4), "round": 1}
    with pytest.raises(IntegrityError, match="(?i)foreign key"):
        with db.engine.begin() as connection:
            connection.execute(insert, {**values, "registration": 987654})
    # The same row for a registration that exists goes in: only the missing parent was refused.
    with db.engine.begin() as connection:
        connection.execute(insert, {**values, "registration": world.registrations["Zutphen"].id, "round": 2})
