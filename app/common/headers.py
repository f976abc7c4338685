"""Security headers on every response.

- Content-Security-Policy: everything from this site only; no inline script (a template
  that needs one asks for `csp_nonce()` and the policy names that nonce), no plugins, no
  <base>, forms post only here, no framing.
- X-Frame-Options (older browsers), X-Content-Type-Options, a Referrer-Policy that keeps
  addresses on this site (pages behind a personal link send none at all), and a
  Permissions-Policy that switches off what the site never uses.
- Strict-Transport-Security when HSTS_SECONDS is set (production) and the request came
  over HTTPS (directly, or through a trusted proxy, see TRUSTED_PROXY_COUNT).
- Cache-Control "private, no-store" on downloads and on every page for a signed-in user,
  unless the view chose its own (public calendar feeds do).
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, current_app, g, request, session

PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def csp_nonce() -> str:
    """A per-response nonce for the rare inline script; the policy then allows it."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def content_security_policy() -> str:
    scripts = "'self'" + (f" 'nonce-{g.csp_nonce}'" if "csp_nonce" in g else "")
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def _is_download(response: Response) -> bool:
    return response.headers.get("Content-Disposition", "").startswith("attachment")


def _signed_in() -> bool:
    return "_user_id" in session


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", content_security_policy())
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", PERMISSIONS)
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    hsts = _hsts_seconds()
    if hsts and request.is_secure:
        headers.setdefault("Strict-Transport-Security", f"max-age={hsts}")
    if "Cache-Control" not in headers and request.endpoint != "static" and (_is_download(response) or _signed_in()):
        response.cache_control.private = True
        response.cache_control.no_store = True
    return response


def _hsts_seconds() -> int:
    return int(current_app.config.get("HSTS_SECONDS") or 0)


def install(app: Flask) -> None:
    app.after_request(add_security_headers)
    app.add_template_global(csp_nonce)
