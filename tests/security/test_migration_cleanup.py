"""The migrations that come with items 13 and 14 bring older databases in line: on SQLite
rows that point to deleted rows are removed (or their reference cleared), a workgroup
assignment that belongs to another location goes, and stored assignment reports keep
registration ids instead of names. (The suite runs this on SQLite, where such rows
could exist; PostgreSQL always refused them.)"""

import json
import sqlite3

from flask_migrate import upgrade
from sqlalchemy import text

from app import create_app
from app.extensions import db
from config import TestConfig

BEFORE = "2f99604585be"  # the last migration before this work


def _app(url):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    return create_app(Config)


def _old_rows(path):
    """What SQLite let through without foreign keys, written as the old code wrote it."""
    connection = sqlite3.connect(path)  # a plain connection: foreign keys off, as before
    connection.executescript(
        """
        INSERT INTO edition (id, slug, name, theme, year, organising_alliance, partner_organisations,
            funding_organisations, description, created_at)
            VALUES (1, 'e', 'E', 'T', 2013, '', '', '', '', '2013-01-01');
        INSERT INTO location_day (id, edition_id, slug, city, venue, address, date, doors_open, capacity,
            registration_opens_at, registration_closes_at, coordinating_organisations, revision, updated_at)
            VALUES (1, 1, 'a', 'A', 'V', '', '2013-10-04', '09:30:00', 10, '2013-01-01', '2013-10-01', '', 0,
                    '2013-01-01'),
                   (2, 1, 'b', 'B', 'V', '', '2013-10-05', '09:30:00', 10, '2013-01-01', '2013-10-01', '', 0,
                    '2013-01-01');
        INSERT INTO workgroup (id, edition_id, title, description, default_capacity, min_size)
            VALUES (1, 1, 'W', '', 20, 5);
        INSERT INTO workgroup_offer (id, location_day_id, workgroup_id, round, capacity, room, facilitator, is_open)
            VALUES (1, 1, 1, 1, 20, '', '', 1), (2, 2, 1, 1, 20, '', '', 1);
        INSERT INTO registration (id, location_day_id, name, email, email_normalised, organisation, municipality,
            needs, language, status, source, link_nonce, created_at, waiting_since, revision, updated_at)
            VALUES (1, 1, 'Anna Eerst', NULL, NULL, '', '', '', 'nl', 'confirmed', 'manual', 'n1', '2013-01-01',
                    '2013-01-01', 0, '2013-01-01'),
                   (2, 1, 'Bram Tweede', NULL, NULL, '', '', '', 'nl', 'confirmed', 'manual', 'n2', '2013-01-01',
                    '2013-01-01', 0, '2013-01-01');
        -- registration 9 was erased; its assignment stayed behind
        INSERT INTO workgroup_assignment (id, registration_id, round, offer_id, locked, manual, revision, updated_at)
            VALUES (1, 9, 1, 1, 0, 0, 0, '2013-01-01'),
        -- registration 2 moved here from location 2 and kept location 2's workgroup
                   (2, 2, 1, 2, 0, 0, 0, '2013-01-01'),
                   (3, 1, 1, 1, 0, 0, 0, '2013-01-01');
        """
    )
    report = {
        section: {
            "outcome": {"unranked": 1, "unassigned": 1},
            "unranked": ["Anna Eerst"],
            "unassigned": ["Bram Tweede"],
        }
        for section in ("optimal", "first_come_first_served")
    }
    connection.execute(
        "INSERT INTO allocation_run (id, location_day_id, seed, mode, tie_break, full_rerun, started_at, seconds,"
        " report, created_by) VALUES (1, 1, 7, 'convex', 'lottery', 0, '2013-01-01', 0.1, ?, 'cli')",
        (json.dumps(report),),
    )
    connection.commit()
    connection.close()


def test_older_sqlite_data_is_brought_in_line(tmp_path):
    path = tmp_path / "old.db"
    app = _app(f"sqlite:///{path}")
    with app.app_context():
        upgrade(revision=BEFORE)
        db.engine.dispose()
        _old_rows(path)
        upgrade()
        with db.engine.connect() as connection:
            assignments = connection.execute(text("SELECT id FROM workgroup_assignment ORDER BY id")).scalars().all()
            assert assignments == [3]
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            report = json.loads(connection.execute(text("SELECT report FROM allocation_run")).scalar())
            assert report["optimal"]["unranked_ids"] == [1] and report["optimal"]["unassigned_ids"] == [2]
            assert "Anna Eerst" not in json.dumps(report) and "Bram Tweede" not in json.dumps(report)
            assert report["optimal"]["outcome"]["unranked"] == 1
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        db.engine.dispose()
