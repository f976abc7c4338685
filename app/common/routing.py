"""URL parts: a slug, token or id in a URL never holds a control character.

The default converter of every `<name>` rule part refuses NUL, line breaks and the other
control characters, so such a URL is simply not found (404) instead of reaching a
database query that PostgreSQL would refuse (a NUL byte) with a server error.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import BaseConverter


class SafeString(BaseConverter):
    """Like Werkzeug's default (anything but a slash), without control characters."""

    regex = "[^/\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]+"


def install(app: Flask) -> None:
    """Before any blueprint is registered: every plain `<name>` uses SafeString."""
    app.url_map.converters["default"] = SafeString
    app.url_map.converters["string"] = SafeString
