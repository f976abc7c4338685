"""Rate limits (Flask-Limiter), for every feature: registration posts, sign-in attempts,
and mail to addresses nobody has confirmed.

Counts live in memory by default (one process, e.g. a laptop); production sets
RATELIMIT_STORAGE_URI=redis://... so that every application process shares them. When
that store cannot be reached, nothing breaks: Flask-Limiter falls back to counting in
this process's memory (RATELIMIT_IN_MEMORY_FALLBACK_ENABLED, logged as "Rate limit
storage unreachable - falling back to in-memory storage") and tries the store again
later; the few counts this module keeps itself fail open, also with a log line.

Client addresses come from `request.remote_addr`, which ProxyFix sets from
X-Forwarded-For when TRUSTED_PROXY_COUNT says how many proxies stand in front.
"""

from __future__ import annotations

import logging

from flask import current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse

log = logging.getLogger(__name__)

limiter = Limiter(key_func=get_remote_address, default_limits=[])

KEY_MAX = 254


def config_limit(name: str):
    """A limit read from the settings at request time (tests and operators change it)."""

    def provider() -> str:
        return current_app.config[name]

    provider.__name__ = f"limit_{name.lower()}"
    return provider


def client_address() -> str:
    return get_remote_address() or "unknown"


def posted_email() -> str:
    """The e-mail address a form posts, as one account key (case and spaces ignored)."""
    value = request.form.get("email", "") if request.method == "POST" else ""
    return "account:" + value.strip().lower()[:KEY_MAX]


def allow(scope: str, key: str, limit_setting: str) -> bool:
    """Count one event for `key`; False once the limit in setting `limit_setting` is
    reached. Fails open (logged) when the store is unreachable: a lost count is better
    than a lost registration."""
    if not limiter.enabled:
        return True
    try:
        return limiter.limiter.hit(parse(current_app.config[limit_setting]), scope, key[:KEY_MAX])
    except Exception:  # noqa: BLE001 - any storage error: count nothing, carry on
        log.warning("Rate limit storage unreachable - %s not counted", scope, exc_info=True)
        return True
