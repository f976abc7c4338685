"""Flask extensions, created unbound and initialised in the app factory."""

import sqlite3
from typing import TYPE_CHECKING

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.sql import Executable

# Named constraints so Alembic can alter them later, also in SQLite batch mode.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


@event.listens_for(Engine, "connect")
def _enforce_sqlite_foreign_keys(dbapi_connection, connection_record) -> None:
    """SQLite checks foreign keys (and cascades deletes) only when asked, per connection;
    PostgreSQL always does. Ask on every new SQLite connection, so both behave alike.
    (Migrations switch it off while batch mode rebuilds tables: migrations/env.py.)"""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


db = SQLAlchemy(model_class=Base)

# The models' base class. At run time Flask-SQLAlchemy's `db.Model` (it names the tables);
# a type checker cannot use an attribute as a base class, and sees the declarative base.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model


def rows_matched(statement: Executable) -> int:
    """Run an UPDATE or DELETE (without RETURNING) in the session: the number of rows it matched."""
    result = db.session.execute(statement)
    assert isinstance(result, CursorResult), "an UPDATE or DELETE gives a cursor result"
    return result.rowcount


migrate = Migrate(render_as_batch=True, compare_type=True)
csrf = CSRFProtect()
babel = Babel()
login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.login_message_category = "info"
