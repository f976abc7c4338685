"""People's names in Dutch order, the same on every list: web pages, PDFs, spreadsheets.

Pure: plain strings in, plain keys out (no Flask, no database).
"""

from __future__ import annotations

import unicodedata

# Tussenvoegsels: written in lower case after a first name, ignored when sorting
# ("Jan van der Berg" is found under B), as in Dutch directories.
PARTICLES = frozenset(
    "van de der den het 't te ten ter in op aan bij onder over uit voor 's d' l' la le du des "
    "di da do dos das von zu vom zum".split()
)


def fold(text: str) -> str:
    """Case- and accent-insensitive comparison form: 'Émile' and 'emile' are equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


def split_name(name: str) -> tuple[str, str, str]:
    """(given names, particles, surname) from a name written as 'Jan van der Berg'."""
    tokens = name.split()
    if len(tokens) < 2:
        return "", "", name.strip()
    for start in range(1, len(tokens) - 1):
        if tokens[start] in PARTICLES:  # lower case: a Dutch tussenvoegsel
            end = start
            while end < len(tokens) - 1 and tokens[end] in PARTICLES:
                end += 1
            return " ".join(tokens[:start]), " ".join(tokens[start:end]), " ".join(tokens[end:])
        if tokens[start].casefold() in PARTICLES:  # 'Marie De Vries' (Flemish): part of the surname
            return " ".join(tokens[:start]), "", " ".join(tokens[start:])
    if tokens[0].casefold() in PARTICLES:  # 'Van Dijk' without a first name
        end = 0
        while end < len(tokens) - 1 and tokens[end].casefold() in PARTICLES:
            end += 1
        return "", " ".join(tokens[:end]), " ".join(tokens[end:])
    for start in range(1, len(tokens)):  # 'Anna Smit-de Vries': a double surname
        if "-" in tokens[start] and tokens[start].rsplit("-", 1)[1] in PARTICLES:
            return " ".join(tokens[:start]), "", " ".join(tokens[start:])
    return " ".join(tokens[:-1]), "", tokens[-1]


def name_sort_key(name: str) -> tuple[str, str, str, str]:
    """Surname first, then first names, then particles; case and accents do not count."""
    given, particles, surname = split_name(name)
    return fold(surname), fold(given), fold(particles), name
