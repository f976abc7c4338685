"""Item 12: with the database down, a signed-in organiser gets the site's own error page
(in the site's layout, status 500), not a bare Werkzeug error."""

import socket

import pytest

SECRET = "the-same-secret-for-both-processes-0123456789"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def cookie(make_app) -> str:
    """A session cookie from a working process."""
    client = make_app(SECRET_KEY=SECRET).test_client()
    response = client.post(
        "/beheer/inloggen", data={"email": "organiser@example.org", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    return client.get_cookie("session").value


@pytest.mark.parametrize("path", ["/beheer/", "/editie/", "/"])
def test_a_signed_in_user_gets_the_sites_error_page_when_the_database_is_down(make_app, cookie, path):
    down = make_app(
        seed=False,
        TESTING=False,  # errors are handled as in production, not raised into the test
        SECRET_KEY=SECRET,
        SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/gone?connect_timeout=2",
    )
    client = down.test_client()
    client.set_cookie("session", cookie)
    response = client.get(path)
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Er ging iets mis" in page
    assert 'class="site-header"' in page  # the site's own layout
    assert "Internal Server Error" not in page
