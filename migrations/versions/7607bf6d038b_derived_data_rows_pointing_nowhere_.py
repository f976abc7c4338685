"""derived data: rows pointing nowhere removed, assignment reports keep ids not names

Revision ID: 7607bf6d038b
Revises: 1e6f67f5bc9b
Create Date: 2026-11-29 13:45:00.187346

"""
from collections import Counter

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7607bf6d038b'
down_revision = '1e6f67f5bc9b'
branch_labels = None
depends_on = None

SECTIONS = ("optimal", "first_come_first_served")
allocation_run = sa.table(
    "allocation_run",
    sa.column("id", sa.Integer),
    sa.column("location_day_id", sa.Integer),
    sa.column("report", sa.JSON),
)
registration = sa.table(
    "registration", sa.column("id", sa.Integer), sa.column("location_day_id", sa.Integer), sa.column("name", sa.String)
)


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        remove_rows_pointing_nowhere(bind)
    remove_assignments_to_another_locations_workgroup(bind)
    reports_keep_ids(bind)


def downgrade():
    # Nothing to restore: the removed rows pointed nowhere, and names do not come back
    # into stored reports (the screens look them up from the ids).
    pass


def remove_rows_pointing_nowhere(bind):
    """SQLite did not enforce foreign keys before: rows may point to deleted rows (a
    workgroup assignment of an erased registration, of a removed workgroup). Do now what
    the database would have done: delete them (ON DELETE CASCADE) or clear the reference
    (ON DELETE SET NULL). Repeat, as a deleted row can leave children of its own."""
    for _ in range(20):
        broken = bind.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if not broken:
            return
        for table, rowid, _parent, key in broken:
            foreign_key = next(
                row for row in bind.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")').fetchall() if row[0] == key
            )
            column, on_delete = foreign_key[3], foreign_key[6]
            if on_delete == "SET NULL":
                bind.exec_driver_sql(f'UPDATE "{table}" SET "{column}" = NULL WHERE rowid = ?', (rowid,))
            else:
                bind.exec_driver_sql(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,))
    raise RuntimeError("Rows pointing to missing rows remain after 20 rounds of clean-up")


def remove_assignments_to_another_locations_workgroup(bind):
    """A registration moved to another location kept its old workgroup there."""
    bind.execute(
        sa.text(
            "DELETE FROM workgroup_assignment WHERE id IN ("
            " SELECT a.id FROM workgroup_assignment a"
            " JOIN registration r ON r.id = a.registration_id"
            " JOIN workgroup_offer o ON o.id = a.offer_id"
            " WHERE o.location_day_id <> r.location_day_id)"
        )
    )


def reports_keep_ids(bind):
    """Stored assignment reports named the people left without a (chosen) workgroup.
    Keep their registration ids instead (where a name is unambiguous at that location);
    the names themselves leave the report, so erasure and anonymisation reach them."""
    for run_id, location_id, report in bind.execute(
        sa.select(allocation_run.c.id, allocation_run.c.location_day_id, allocation_run.c.report)
    ).all():
        if not isinstance(report, dict) or not any(_has_names(report.get(s)) for s in SECTIONS):
            continue
        people = bind.execute(
            sa.select(registration.c.id, registration.c.name).where(registration.c.location_day_id == location_id)
        ).all()
        counts = Counter(name for _, name in people)
        ids = {name: person_id for person_id, name in people if counts[name] == 1}
        for section in SECTIONS:
            part = report.get(section)
            if not _has_names(part):
                continue
            for key in ("unranked", "unassigned"):
                names = part.pop(key, [])
                part[f"{key}_ids"] = [ids[name] for name in names if name in ids]
        bind.execute(sa.update(allocation_run).where(allocation_run.c.id == run_id).values(report=report))


def _has_names(part) -> bool:
    return isinstance(part, dict) and any(isinstance(part.get(key), list) for key in ("unranked", "unassigned"))
