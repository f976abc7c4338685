"""Time helpers: stored in UTC (naive), shown in Europe/Amsterdam."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def utcnow() -> datetime:
    """Naive UTC, the form every DateTime column stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_local(moment: datetime) -> datetime:
    """A stored naive-UTC moment as Amsterdam wall-clock time."""
    return moment.replace(tzinfo=UTC).astimezone(AMSTERDAM)


def local_to_utc(day: date, at: time) -> datetime:
    """Amsterdam wall-clock date and time as naive UTC for storage."""
    return datetime.combine(day, at, tzinfo=AMSTERDAM).astimezone(UTC).replace(tzinfo=None)
