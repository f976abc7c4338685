"""When the demo's days fall: a season in progress, relative to the day the demo is loaded.

The 2013 Alliantiedagen were five Fridays in October. The demo plays the same programme in
the current season: the first days already held (registration closed, people checked in,
evaluations in), the others still ahead with registration open. Plain dates, no database.

    plan = season(today, ("zutphen", "amsterdam", "rotterdam", "beilen", "roermond"), held=2)
    plan.dates["amsterdam"], plan.is_held("amsterdam"), plan.registration_opens

Deterministic: the same `today` gives the same dates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAY = 4  # Friday, as in 2013
# The last day held lies at least this far back, so its evaluation answers (up to six
# days after the day) and a reminder a week after it are all in the past.
LAST_HELD_AT_LEAST = timedelta(days=8)
# The next day lies at least this far ahead, so its registration (closing two days before
# the day) stays open for a week or more after loading.
NEXT_DAY_AT_LEAST = timedelta(days=10)
CLOSES_BEFORE_THE_DAY = timedelta(days=2)
OPENS_BEFORE_THE_FIRST_DAY = timedelta(weeks=8)
# Nobody plans an alliance day on these: New Year, King's Day, Liberation Day, Christmas
# Eve and Christmas, New Year's Eve.
NO_DAY_ON = {(1, 1), (4, 27), (5, 5), (12, 24), (12, 25), (12, 26), (12, 31)}


@dataclass(frozen=True)
class Season:
    today: date
    dates: dict[str, date]  # slug -> the day, in the order of play
    held: tuple[str, ...]
    upcoming: tuple[str, ...]

    def is_held(self, slug: str) -> bool:
        return slug in self.held

    @property
    def registration_opens(self) -> date:
        """One moment for the whole season: eight weeks before its first day."""
        return min(self.dates.values()) - OPENS_BEFORE_THE_FIRST_DAY

    def registration_closes(self, slug: str) -> date:
        return self.dates[slug] - CLOSES_BEFORE_THE_DAY


def _on_weekday(day: date, forward: bool) -> date:
    shift = (WEEKDAY - day.weekday()) % 7
    return day + timedelta(days=shift) if forward else day - timedelta(days=(7 - shift) % 7)


def _free(day: date, step: timedelta) -> date:
    while (day.month, day.day) in NO_DAY_ON:
        day += step
    return day


def season(today: date, order: Sequence[str], held: int = 2) -> Season:
    """The first `held` slugs of `order` on past Fridays a week apart (the last at least
    eight days ago), the rest on coming Fridays a week apart (the first at least ten days
    ahead); a day that falls on a holiday moves on by a week (back, for a held day)."""
    week = timedelta(weeks=1)
    past: list[date] = []
    day = _on_weekday(today - LAST_HELD_AT_LEAST, forward=False)
    for _ in range(held):
        day = _free(day, -week)
        past.insert(0, day)
        day -= week
    coming: list[date] = []
    day = _on_weekday(today + NEXT_DAY_AT_LEAST, forward=True)
    for _ in range(len(order) - held):
        day = _free(day, week)
        coming.append(day)
        day += week
    return Season(
        today=today,
        dates=dict(zip(order, past + coming, strict=True)),
        held=tuple(order[:held]),
        upcoming=tuple(order[held:]),
    )
