"""The few placeholders a message to participants may hold, filled per person.

Only these names are known; any other ``{...}`` is refused when the message is written,
so a typo never reaches a participant as literal braces. In the HTML part both the
organiser's text and the filled-in values are escaped: the message cannot inject markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from markupsafe import Markup, escape

PLACEHOLDERS = ("naam", "link", "werkgroep", "zaal", "dag", "locatie")
_FIELD = re.compile(r"\{([^{}\r\n]{0,60})\}")


def unknown_placeholders(text: str) -> list[str]:
    return sorted({name for name in _FIELD.findall(text or "") if name.strip() not in PLACEHOLDERS})


def fill_text(text: str, values: Mapping[str, str]) -> str:
    return _FIELD.sub(lambda match: values.get(match.group(1).strip(), match.group(0)), text)


def fill_html(text: str, values: Mapping[str, str]) -> Markup:
    """Paragraphs and line breaks from the text; everything escaped; the link clickable."""

    def piece(match: re.Match) -> str:
        name = match.group(1).strip()
        if name not in values:
            return str(escape(match.group(0)))
        if name == "link":
            return str(Markup('<a href="{0}">{0}</a>').format(values[name]))
        return str(escape(values[name]))

    paragraphs = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        parts, last = [], 0
        for match in _FIELD.finditer(block):
            parts.append(str(escape(block[last : match.start()])))
            parts.append(piece(match))
            last = match.end()
        parts.append(str(escape(block[last:])))
        paragraphs.append("<p>" + "".join(parts).replace("\n", "<br>\n") + "</p>")
    return Markup("\n".join(paragraphs))  # noqa: S704 - built from escaped pieces only
