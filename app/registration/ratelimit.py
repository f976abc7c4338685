"""Rate limit for the public registration post; the limiter itself lives in
app/common/ratelimit.py (shared with sign-in and the mail throttle)."""

from __future__ import annotations

from flask import current_app

from app.common.ratelimit import limiter

__all__ = ["limiter", "registration_limit"]


def registration_limit() -> str:
    return current_app.config.get("REGISTRATION_RATE_LIMIT", "10 per minute")
