"""Rate limit for the public registration post (Flask-Limiter).

Counts live in memory by default (one process, e.g. a laptop); production sets
RATELIMIT_STORAGE_URI=redis://... so that every application process shares them.
"""

from __future__ import annotations

from flask import current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address, default_limits=[])


def registration_limit() -> str:
    return current_app.config.get("REGISTRATION_RATE_LIMIT", "10 per minute")
