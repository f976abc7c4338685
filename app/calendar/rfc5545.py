r"""The parts of RFC 5545 that icalendar does not write the way our readers need.

icalendar builds every calendar: components, properties, date-times with TZID. Left here:

- TEXT escaping. icalendar reads a literal backslash-N in a value as a line break
  (``C:\Notes`` comes out as ``C:`` + newline + ``otes``), and it passes control
  characters through, which RFC 5545 §3.3.11 forbids. ``Text`` escapes strictly.
- Folding. icalendar keeps ``\n`` or ``\,`` on one side of a fold, but not an escaped
  backslash ``\\`` that ends where the line is cut; Google Calendar drops an event whose
  escape is split across a fold (icalendar issue 1501). ``refold`` folds again, never
  inside an escape or a character.
- Parameter values such as the organiser's name (``CN``). icalendar escapes a double
  quote or line break the RFC 6868 way (``^'``, ``^n``), which Outlook and most readers
  show literally; a name reads better with a plain quote and a space.
- The VTIMEZONE's shape. icalendar's ``Timezone.from_tzid`` lists every transition as
  RDATEs over a window of dates. Outlook ignores RDATE (it keeps one yearly rule per
  observance), vobject reads only the first date of the list, and readers that keep the
  first VTIMEZONE they see for a TZID would apply one file's window to the next file.
  So the time zone is written the way Outlook writes it: one STANDARD and one DAYLIGHT
  observance with a yearly RRULE, the same in every file. The rule is read from the tz
  database (zoneinfo), not typed in, so a change of the Dutch rules reaches the files.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur, vText

# TEXT may not hold control characters other than tab (RFC 5545 §3.3.11); user input can.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WHITESPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash first, so the escapes added after it stay single."""
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


class Text(vText):
    """A TEXT value that icalendar serialises with ``escape_text`` instead of its own."""

    def to_ical(self) -> bytes:
        return escape_text(str(self)).encode("utf-8")


MAX_LINE_OCTETS = 75
# The units a fold may not cut: an escape (backslash and the character after it) or one
# character, which may take up to four octets in UTF-8.
_FOLD_UNITS = re.compile(r"\\.|.", re.DOTALL)


def fold(line: str, limit: int = MAX_LINE_OCTETS) -> str:
    """Fold a content line so that no physical line exceeds ``limit`` octets.

    Each continuation line starts with one space, which counts towards the limit.
    """
    physical: list[str] = []
    current, size = "", 0
    for unit in _FOLD_UNITS.findall(line):
        width = len(unit.encode("utf-8"))
        if current and size + width > limit:
            physical.append(current)
            current, size = " ", 1
        current += unit
        size += width
    physical.append(current)
    return "\r\n".join(physical)


def refold(data: bytes) -> bytes:
    """The same calendar with every content line unfolded and folded again by ``fold``."""
    unfolded = data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")
    return "".join(fold(line) + "\r\n" for line in unfolded.split("\r\n") if line).encode("utf-8")


def parameter_text(value: str) -> str:
    """A parameter value on one line, without the characters that would need RFC 6868."""
    return _CONTROL.sub("", re.sub(r"[\r\n]+", " ", value).replace('"', "'"))


def checked_uri(name: str, value: str) -> str:
    """A URI is written unescaped, so whitespace would end or corrupt the content line."""
    if not value or _WHITESPACE_OR_CONTROL.search(value):
        raise ValueError(f"{name} must be a URI without whitespace: {value!r}")
    return value


# ---------------------------------------------------------------------------
# VTIMEZONE

# The observances start in 1970, as in the files Outlook and the tz-to-iCalendar
# services write: early enough for every event, and the same in every file.
RULE_BASE_YEAR = 1970
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _transitions(zone: ZoneInfo, year: int) -> list[dt.datetime]:
    """The UTC instants in ``year`` at which the zone's offset changes, to the minute."""
    found = []
    moment = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    while moment.year == year:
        following = moment + dt.timedelta(days=1)
        if moment.astimezone(zone).utcoffset() != following.astimezone(zone).utcoffset():
            low, high = moment, following  # bisect down to the minute of the change
            while high - low > dt.timedelta(minutes=1):
                middle = low + (high - low) / 2
                same = middle.astimezone(zone).utcoffset() == low.astimezone(zone).utcoffset()
                low, high = (middle, high) if same else (low, middle)
            found.append(high.replace(second=0, microsecond=0))
        moment = following
    return found


def _yearly_rule(onset: dt.datetime) -> tuple[int, str]:
    """BYMONTH and BYDAY of a date as "the n-th weekday", or "the last" when it is."""
    last_day = calendar.monthrange(onset.year, onset.month)[1]
    occurrence = -1 if onset.day + 7 > last_day else (onset.day - 1) // 7 + 1
    return onset.month, f"{occurrence}{_WEEKDAYS[onset.weekday()]}"


def _onset_in(year: int, month: int, byday: str, clock: dt.time) -> dt.datetime:
    weekday = _WEEKDAYS.index(byday[-2:])
    occurrence = int(byday[:-2])
    days = [day for day in calendar.Calendar().itermonthdates(year, month) if day.month == month]
    matching = [day for day in days if day.weekday() == weekday]
    return dt.datetime.combine(matching[occurrence - 1 if occurrence > 0 else -1], clock)


def _offset(moment: dt.datetime) -> dt.timedelta:
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"{moment} has no UTC offset")
    return offset


@lru_cache(maxsize=8)
def vtimezone(tzid: str, rules_of_year: int) -> Timezone:
    """The zone as a VTIMEZONE with a yearly rule per observance, as in ``rules_of_year``."""
    zone = ZoneInfo(tzid)
    timezone = Timezone()
    timezone.add("TZID", tzid)
    timezone.add("X-LIC-LOCATION", tzid)
    changes = _transitions(zone, rules_of_year)
    if not changes:  # no daylight saving time: one fixed offset
        moment = dt.datetime(rules_of_year, 1, 1, tzinfo=dt.UTC).astimezone(zone)
        fixed = TimezoneStandard()
        fixed.add("TZOFFSETFROM", _offset(moment))
        fixed.add("TZOFFSETTO", _offset(moment))
        fixed.add("TZNAME", moment.tzname())
        fixed.add("DTSTART", dt.datetime(RULE_BASE_YEAR, 1, 1))
        timezone.add_component(fixed)
        return timezone
    for change in changes:
        before, after = (change - dt.timedelta(minutes=1)).astimezone(zone), change.astimezone(zone)
        offset_from, offset_to = _offset(before), _offset(after)
        # DTSTART is the wall-clock time of the onset in the offset in force before it.
        onset = (change + offset_from).replace(tzinfo=None)
        month, byday = _yearly_rule(onset)
        observance: TimezoneStandard | TimezoneDaylight = TimezoneDaylight() if after.dst() else TimezoneStandard()
        observance.add("TZOFFSETFROM", offset_from)
        observance.add("TZOFFSETTO", offset_to)
        observance.add("TZNAME", after.tzname())
        observance.add("DTSTART", _onset_in(RULE_BASE_YEAR, month, byday, onset.time()))
        observance.add("RRULE", vRecur(freq="YEARLY", bymonth=month, byday=byday))
        timezone.add_component(observance)
    return timezone
