"""Item 4: with the rate-limit store (Redis) unreachable, registration and login go on:
the limiter falls back to counting in memory and says so in the log."""

import logging
import socket

import pytest


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def redis_down_app(make_app):
    return make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{_closed_port()}/2",
        REGISTRATION_RATE_LIMIT="2 per minute",
    )


def test_registration_goes_on_when_redis_is_down(redis_down_app, caplog):
    client = redis_down_app.test_client()
    form = {"name": "Anna", "email": "anna@example.org", "consent": "y"}
    with caplog.at_level(logging.WARNING):
        first = client.post("/editie/plaats/aanmelden", data=form)
    assert first.status_code == 302, first.get_data(as_text=True)[:500]
    assert any("falling back to in-memory" in record.getMessage() for record in caplog.records)
    # Still limited, now counted in this process's memory.
    codes = [client.post("/editie/plaats/aanmelden", data=form).status_code for _ in range(2)]
    assert codes == [302, 429]


def test_login_goes_on_when_redis_is_down(redis_down_app):
    client = redis_down_app.test_client()
    response = client.post(
        "/beheer/inloggen", data={"email": "organiser@example.org", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/beheer/"
