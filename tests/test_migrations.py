"""The migrations build the schema from empty, and models and migrations agree."""

import os
import uuid

import psycopg
import pytest
from flask_migrate import check, downgrade, upgrade
from sqlalchemy import inspect

from app import create_app
from app.extensions import db
from config import TestConfig


def _app_for(url: str):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    return create_app(Config)


def _assert_upgrade_builds_everything_and_check_is_clean(url: str):
    app = _app_for(url)
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {table.name for table in db.metadata.sorted_tables} <= tables
        check()  # raises when autogenerate would produce changes
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_sqlite_from_empty(tmp_path):
    _assert_upgrade_builds_everything_and_check_is_clean(f"sqlite:///{tmp_path / 'fresh.db'}")


@pytest.fixture()
def empty_postgres_database():
    """A brand-new PostgreSQL database beside the test one, dropped afterwards."""
    base = os.environ["TEST_DATABASE_URL"]
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    name = f"migrations_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield base.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_postgresql_from_empty(empty_postgres_database):
    _assert_upgrade_builds_everything_and_check_is_clean(empty_postgres_database)
