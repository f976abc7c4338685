"""Item 2: login is throttled per account and per client address, and an unknown address
costs the same password-hash work as a known one (no account enumeration by timing)."""

import pytest
import werkzeug.security

from app.accounts import services as accounts
from app.extensions import db
from app.registration.ratelimit import limiter

WRONG = "not-the-password"
RIGHT = "correct-horse-battery"


@pytest.fixture()
def login_limits(app):
    """Low login limits for one test; the counts start and end empty."""
    saved = {key: app.config.get(key) for key in ("LOGIN_RATE_LIMIT_ACCOUNT", "LOGIN_RATE_LIMIT_ADDRESS")}

    def set_limits(account="1000 per minute", address="1000 per minute"):
        app.config["LOGIN_RATE_LIMIT_ACCOUNT"] = account
        app.config["LOGIN_RATE_LIMIT_ADDRESS"] = address

    limiter.reset()
    yield set_limits
    limiter.reset()
    app.config.update(saved)


def _login(client, email, password, address="192.0.2.1"):
    return client.post(
        "/beheer/inloggen", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def test_one_account_is_throttled_whatever_the_address(client, world, login_limits):
    login_limits(account="3 per minute")
    for number in range(3):
        assert _login(client, "organiser@example.org", WRONG, f"192.0.2.{number + 1}").status_code == 200
    refused = _login(client, "Organiser@Example.org ", RIGHT, "192.0.2.99")
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "Te veel pogingen om in te loggen" in page
    assert refused.headers.get("Retry-After")
    assert client.get("/beheer/").status_code == 302  # still not signed in
    # Another account from the same addresses is not affected.
    assert _login(client, "coordinator@example.org", RIGHT, "192.0.2.1").status_code == 302


def test_one_address_is_throttled_whatever_the_account(client, world, login_limits):
    login_limits(address="3 per minute")
    for number in range(3):
        assert _login(client, f"someone{number}@example.org", WRONG, "198.51.100.7").status_code == 200
    assert _login(client, "organiser@example.org", RIGHT, "198.51.100.7").status_code == 429
    assert _login(client, "organiser@example.org", RIGHT, "198.51.100.8").status_code == 302


def test_the_throttle_answers_in_english_too(client, world, login_limits):
    login_limits(account="1 per minute")
    client.get("/taal/en")
    _login(client, "organiser@example.org", WRONG)
    page = _login(client, "organiser@example.org", WRONG).get_data(as_text=True)
    assert "Too many attempts to sign in" in page


@pytest.fixture()
def hash_checks(monkeypatch):
    """Counts password-hash verifications, wherever they are made."""
    calls = []
    original = werkzeug.security.check_password_hash

    def counting(pwhash, password):
        calls.append(pwhash)
        return original(pwhash, password)

    monkeypatch.setattr(werkzeug.security, "check_password_hash", counting)
    import app.accounts.models as models

    monkeypatch.setattr(models, "check_password_hash", counting)
    if hasattr(accounts, "check_password_hash"):
        monkeypatch.setattr(accounts, "check_password_hash", counting)
    return calls


def test_unknown_known_and_deactivated_addresses_cost_the_same_hash_work(world, hash_checks):
    assert accounts.authenticate("organiser@example.org", WRONG) is None
    known = len(hash_checks)
    assert accounts.authenticate("nobody@example.org", WRONG) is None
    unknown = len(hash_checks) - known
    world.coordinator.active = False
    db.session.commit()
    before = len(hash_checks)
    assert accounts.authenticate("coordinator@example.org", RIGHT) is None
    deactivated = len(hash_checks) - before
    assert known == unknown == deactivated == 1
    # The stand-in hash uses the same method and cost as real ones.
    assert hash_checks[1].split("$")[0] == world.organiser.password_hash.split("$")[0]


def test_the_login_limits_are_settings(app):
    assert app.config["LOGIN_RATE_LIMIT_ACCOUNT"]
    assert app.config["LOGIN_RATE_LIMIT_ADDRESS"]
