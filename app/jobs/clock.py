"""The clock background work reads: real UTC time, or a frozen moment in tests.

Everything that decides whether work is due (mail retries, scheduled jobs, leases) asks
`now()`, so a test can move time instead of waiting for it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from app.timeutil import utcnow

_frozen: list[datetime] = []


def now() -> datetime:
    """Naive UTC, like every DateTime column."""
    return _frozen[-1] if _frozen else utcnow()


@contextmanager
def frozen(moment: datetime) -> Iterator[None]:
    """`with jobs.frozen(datetime(2013, 10, 3, 8, 0)):` (naive UTC) for tests."""
    _frozen.append(moment)
    try:
        yield
    finally:
        _frozen.pop()
