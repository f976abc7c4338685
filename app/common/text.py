"""Text that people type: what a single-line field may hold, and how stored text is cleaned.

A single-line value (a name, an organisation, a city, a title, an e-mail address) ends up
in mail headers, mail greetings, spreadsheet cells, PDF lines and calendar fields, where a
line break or another control character either breaks something or lets someone write
text of their own into an official message. PostgreSQL refuses NUL in text outright.
So single-line fields refuse every control character (Unicode category Cc: NUL, tab, CR,
LF, DEL, the C1 range; and lone surrogates) and the line and paragraph separators
U+2028/U+2029. Format characters such as the zero-width joiner in names and emoji are
fine. Multi-line fields keep line breaks and tabs but refuse the other control characters.
"""

from __future__ import annotations

import unicodedata

LINE_SEPARATORS = {"\u2028", "\u2029", "\x85"}
MULTI_LINE_ALLOWED = {"\n", "\r", "\t"}


def _is_control(character: str) -> bool:
    # Cc (controls) and Cs/Co/Cn (surrogates, private use, unassigned); Cf (format
    # characters such as the zero-width joiner in emoji and names) is fine.
    category = unicodedata.category(character)
    return category in ("Cc", "Cs") or character in LINE_SEPARATORS


def single_line_problem(value: str) -> bool:
    """True when the value holds a line break or another control character."""
    return any(_is_control(character) for character in value)


def multi_line_problem(value: str) -> bool:
    """True when the value holds a control character other than line breaks and tabs."""
    return any(_is_control(character) and character not in MULTI_LINE_ALLOWED for character in value)


def one_line(value: str | None) -> str:
    """A single line: control characters and line breaks become spaces, runs of white
    space one space, no space at either end. For values that did not pass a form."""
    text = "".join(" " if _is_control(character) else character for character in (value or ""))
    return " ".join(text.split())


def header_safe(value: object) -> str:
    """A mail header value that can never start a new header line."""
    return one_line(str(value))


def whole_number(value: object, maximum: int = 2**31 - 1) -> int | None:
    """An id or count from a request value ("12"), or None: digits 0-9 only (not "²" or
    "١٢", which str.isdigit() accepts), never more than a database integer holds."""
    text = str(value or "").strip()
    if not text or not text.isascii() or not text.isdigit() or len(text) > len(str(maximum)):
        return None
    number = int(text)
    return number if number <= maximum else None


def optional_text(value: str | None) -> str | None:
    """An optional translation as stored: None when left empty (then the Dutch is shown)."""
    value = (value or "").strip()
    return value or None
