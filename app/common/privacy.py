"""Personal data was removed (a registration erased, an edition anonymised): copies of it
that live outside the tables, such as rendered PDFs in the report cache, must go too.

The service that removes the data marks its database session; after that session
commits, every listener installed here runs (the report cache clears itself). After a
rollback nothing was removed, and the mark is dropped.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session

MARK = "personal_data_removed"

_listeners: list[Callable[[], None]] = []


def personal_data_removed(session) -> None:
    """Call in the transaction that erases or anonymises personal data."""
    session.info[MARK] = True


def on_personal_data_removed(listener: Callable[[], None]) -> None:
    """Run `listener` after every commit that removed personal data (once per listener)."""
    if listener not in _listeners:
        _listeners.append(listener)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(MARK, False):
        for listener in _listeners:
            listener()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(MARK, None)
