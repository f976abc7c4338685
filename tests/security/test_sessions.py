"""Item 10: logout, a password change and deactivation end every session of that user,
including copied session cookies and the remember-me cookie; the remember cookie is
SameSite=Lax and HttpOnly (and Secure in production)."""

import pytest

from app.accounts import services as accounts
from app.extensions import db

RIGHT = "correct-horse-battery"


def _signed_in_client(app, email="organiser@example.org", remember=False):
    client = app.test_client()
    data = {"email": email, "password": RIGHT}
    if remember:
        data["remember"] = "y"
    assert client.post("/beheer/inloggen", data=data).status_code == 302
    return client


def _copy(app, client, *names):
    """A second browser holding copies of the first one's cookies (a stolen cookie)."""
    thief = app.test_client()
    for name in names:
        cookie = client.get_cookie(name)
        assert cookie is not None, name
        thief.set_cookie(name, cookie.value)
    return thief


def _is_signed_in(client) -> bool:
    return client.get("/beheer/").status_code == 200


def test_logout_ends_a_copied_session_cookie(app, world):
    owner = _signed_in_client(app)
    thief = _copy(app, owner, "session")
    assert _is_signed_in(thief)
    owner.post("/beheer/uitloggen")
    assert not _is_signed_in(owner)
    assert not _is_signed_in(thief)


def test_logout_ends_a_copied_remember_cookie(app, world):
    owner = _signed_in_client(app, remember=True)
    thief = _copy(app, owner, "remember_token")
    assert _is_signed_in(thief)
    owner.post("/beheer/uitloggen")
    assert not _is_signed_in(thief)


def test_a_password_change_ends_every_other_session(app, world):
    laptop = _signed_in_client(app)
    phone = _signed_in_client(app, remember=True)
    accounts.set_password(world.organiser, "a-brand-new-password")
    db.session.commit()
    assert not _is_signed_in(laptop)
    assert not _is_signed_in(phone)
    assert accounts.authenticate("organiser@example.org", "a-brand-new-password") is not None
    assert accounts.authenticate("organiser@example.org", RIGHT) is None


def test_a_too_short_password_is_refused(world):
    with pytest.raises(accounts.AccountError):
        accounts.set_password(world.organiser, "short")


def test_deactivation_ends_every_session(app, world):
    coordinator = _signed_in_client(app, "coordinator@example.org", remember=True)
    assert _is_signed_in(coordinator)
    accounts.deactivate_user(world.coordinator)
    db.session.commit()
    assert not _is_signed_in(coordinator)
    assert accounts.authenticate("coordinator@example.org", RIGHT) is None


def test_revoking_sessions_leaves_other_users_signed_in(app, world):
    organiser = _signed_in_client(app)
    coordinator = _signed_in_client(app, "coordinator@example.org")
    accounts.revoke_sessions(world.coordinator)
    db.session.commit()
    assert _is_signed_in(organiser)
    assert not _is_signed_in(coordinator)


def test_the_remember_cookie_is_samesite_and_httponly(app, world):
    client = app.test_client()
    response = client.post("/beheer/inloggen", data={"email": "organiser@example.org", "password": RIGHT,
                                                     "remember": "y"})  # fmt: skip
    cookies = {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}
    remember = cookies["remember_token"]
    assert "SameSite=Lax" in remember and "HttpOnly" in remember
    assert "SameSite=Lax" in cookies["session"] and "HttpOnly" in cookies["session"]
