"""Item 11: security headers on every page, no caching of personal pages and exports,
HSTS and secure cookies in production behind a TLS-terminating proxy."""

import re

import pytest

from app.registration.links import token_for
from config import ProductionConfig

RIGHT = "correct-horse-battery"


def _csp(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/groeien-in-kracht/", "/groeien-in-kracht/rotterdam/", "/beheer/inloggen", "/nope"])
def test_every_page_has_the_security_headers(client, world, path):
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin-when-cross-origin")
    csp = _csp(response)
    assert csp["default-src"] == "default-src 'self'"
    assert csp["frame-ancestors"] == "frame-ancestors 'none'"
    assert csp["object-src"] == "object-src 'none'"
    assert csp["base-uri"] == "base-uri 'none'"
    assert csp["form-action"] == "form-action 'self'"
    assert (
        "'unsafe-inline'" not in csp.get("script-src", "")
        and "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    )
    assert "Strict-Transport-Security" not in response.headers  # only in production


def test_the_calendar_links_leak_no_referrer(client, world):
    page = client.get("/groeien-in-kracht/rotterdam/").get_data(as_text=True)
    external = re.findall(r'<a href="(https://[^"]+)"([^>]*)>', page)
    assert external, "the Google and Outlook links are there"
    for href, attributes in external:
        assert "noreferrer" in attributes, href


def test_personal_pages_are_private_and_send_no_referrer(client, world):
    token = token_for(world.registrations["Rotterdam"])
    for path in (f"/aanmelding/{token}", f"/aanmelding/{token}/wijzigen", f"/aanmelding/{token}/gegevens.json"):
        response = client.get(path)
        assert response.headers["Referrer-Policy"] == "no-referrer", path
        assert "no-store" in response.headers["Cache-Control"], path


@pytest.mark.parametrize(
    "path",
    [
        "/beheer/locaties/{rotterdam}/aanmeldingen.csv",
        "/beheer/locaties/{rotterdam}/aanmeldingen.xlsx",
        "/beheer/edities/{edition}/evaluatie/resultaten.csv",
        "/beheer/edities/{edition}/evaluatie/resultaten.xlsx",
        "/beheer/locaties/{rotterdam}/evaluatie/resultaten.csv",
        "/beheer/locaties/{rotterdam}/aanmeldingen",
        "/beheer/",
    ],
)
def test_exports_and_organiser_pages_are_not_cached(client, auth, world, path):
    auth.login("organiser@example.org")
    response = client.get(path.format(rotterdam=world.rotterdam.id, edition=world.edition.id))
    assert response.status_code == 200
    cache = response.headers["Cache-Control"]
    assert "no-store" in cache and "private" in cache


def test_static_files_have_the_headers_too(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.fixture()
def production(make_app, monkeypatch):
    """APP_ENV=production behind one TLS-terminating proxy, with its own small database."""
    monkeypatch.setenv("SECRET_KEY", "s" * 48)
    return make_app(base=ProductionConfig, SECRET_KEY="s" * 48, TRUSTED_PROXY_COUNT=1, WTF_CSRF_ENABLED=False)


def _via_proxy(**headers):
    return {"headers": {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https", **headers},
            "environ_base": {"REMOTE_ADDR": "127.0.0.1"}}  # fmt: skip


def test_production_behind_a_tls_proxy(production):
    client = production.test_client()
    page = client.get("/editie/", **_via_proxy())
    assert page.status_code == 200
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    assert int(page.headers["Strict-Transport-Security"].split("=")[1].split(";")[0]) >= 15552000
    login = client.post("/beheer/inloggen", data={"email": "organiser@example.org", "password": RIGHT,
                                                  "remember": "y"}, **_via_proxy())  # fmt: skip
    assert login.status_code == 302 and login.headers["Location"] == "/beheer/"
    cookies = login.headers.getlist("Set-Cookie")
    for name in ("session", "remember_token"):
        cookie = next(c for c in cookies if c.startswith(name + "="))
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie, cookie
    session = next(c for c in cookies if c.startswith("session=")).split(";")[0]
    dashboard = client.get("/beheer/", **_via_proxy(Cookie=session))
    assert dashboard.status_code == 200
    with production.test_request_context("/", **_via_proxy()):
        from flask import url_for

        assert url_for("programme.index", _external=True).startswith("https://")
