"""Item 1: every `next=` goes through one safe-redirect helper; nothing leads off-site."""

from urllib.parse import quote, urlsplit

import pytest

HOSTILE = [
    "/\t/evil.example",
    "/%09/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "//evil.example",
    "///evil.example",
    "/\r\n/evil.example",
    "/\n/evil.example",
    "/\x00/evil.example",
    "https://evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    " //evil.example",
    "/%2F/evil.example",
    "/%5Cevil.example",
    "/%252F%252Fevil.example",
    "%2F%2Fevil.example",
    "/\u3000/evil.example",
    "evil.example",
    "",
]


@pytest.mark.parametrize("target", HOSTILE)
def test_the_helper_refuses_anything_that_could_leave_the_site(app, target):
    from app.common.urls import safe_next

    with app.test_request_context("/"):
        assert safe_next(target, "/fallback") == "/fallback"


@pytest.mark.parametrize("target", ["/", "/groeien-in-kracht/rotterdam/", "/beheer/?status=waiting&zoek=a%20b"])
def test_the_helper_keeps_local_paths(app, target):
    from app.common.urls import safe_next

    with app.test_request_context("/"):
        assert safe_next(target, "/fallback") == target


def _stays_here(location: str) -> bool:
    parts = urlsplit(location)
    return not parts.scheme and not parts.netloc and location.startswith("/") and not location.startswith("//")


@pytest.mark.parametrize("target", HOSTILE)
def test_language_switch_never_redirects_off_site(client, target):
    response = client.get("/taal/en?next=" + quote(target, safe=""))
    assert response.status_code == 302
    location = response.headers["Location"]
    assert _stays_here(location), location
    assert "\t" not in location and "\\" not in location and "evil.example" not in location


def test_the_reported_redirect_is_closed(client):
    response = client.get("/taal/en?next=/%09/evil.example")
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", HOSTILE)
def test_login_never_redirects_off_site(client, world, target):
    response = client.post(
        "/beheer/inloggen?next=" + quote(target, safe=""),
        data={"email": "organiser@example.org", "password": "correct-horse-battery"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/beheer/"


def test_language_switch_keeps_a_local_next(client):
    response = client.get("/taal/en?next=" + quote("/groeien-in-kracht/?x=1", safe=""))
    assert response.headers["Location"] == "/groeien-in-kracht/?x=1"
