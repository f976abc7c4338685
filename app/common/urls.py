"""Where a `next=` may send someone: only to a path on this site.

Browsers are lenient in ways a plain "starts with /" check misses: they drop tabs and line
breaks from a URL (so "/\\t/evil.example" becomes "//evil.example"), read a backslash as
a slash, and some proxies and frameworks decode a path once more. So a target is refused
when it, or any of its percent-decoded forms, holds a control character, white space or a
backslash, starts with two slashes, or names a scheme or host.
"""

from __future__ import annotations

import unicodedata
from typing import TypeGuard
from urllib.parse import unquote, urlsplit

MAX_DECODING_ROUNDS = 3


def _is_hostile_character(character: str) -> bool:
    return character == "\\" or character.isspace() or unicodedata.category(character).startswith("C")


def _is_local_path(text: str) -> bool:
    if not text.startswith("/") or text.startswith("//"):
        return False
    if any(_is_hostile_character(character) for character in text):
        return False
    parts = urlsplit(text)
    return not parts.scheme and not parts.netloc


def is_safe_next(target: object) -> TypeGuard[str]:
    """True for a path on this site that stays one however often its path is decoded
    (the query may hold encoded spaces and the like: it cannot change the host)."""
    if not isinstance(target, str) or not target or len(target) > 2000 or not _is_local_path(target):
        return False
    path = target.split("?", 1)[0].split("#", 1)[0]
    for _ in range(MAX_DECODING_ROUNDS):
        decoded = unquote(path)
        if decoded == path:
            return True
        if not _is_local_path(decoded):
            return False
        path = decoded
    return False  # still changing after several rounds: nobody needs that


def safe_next(target: object, fallback: str) -> str:
    """The target when it is a path on this site, otherwise the fallback."""
    return target if is_safe_next(target) else fallback
