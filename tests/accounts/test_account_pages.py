"""Accounts in the application, through the real pages: invitations, set-password links,
password reset, own password, deactivation, and who may open the accounts pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.accounts.models import Role, User
from app.extensions import db
from app.timeutil import utcnow

NEW_PASSWORD = "een-heel-nieuw-wachtwoord"
LINK = re.compile(r"https?://[^\s<>\"]+/beheer/wachtwoord-kiezen/[^\s<>\"?]+(?:\?lang=\w+)?")


@pytest.fixture()
def world(make_edition, make_location, make_workgroup, make_offer, make_user):
    edition = make_edition()
    rotterdam = make_location(edition, "Rotterdam")
    zutphen = make_location(edition, "Zutphen")
    workgroup = make_workgroup(edition, "Participatiewet")
    offer = make_offer(rotterdam, workgroup)
    organiser = make_user("organiser@example.org", Role.ORGANISER)
    return dict(edition=edition, rotterdam=rotterdam, zutphen=zutphen, offer=offer, organiser=organiser)


def later(monkeypatch, hours: float) -> None:
    """The links are checked this many hours from now."""
    moment = utcnow() + timedelta(hours=hours)
    monkeypatch.setattr("app.accounts.links.utcnow", lambda: moment)


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1] if "://" in url else url


def invite(client, world, email="nieuw@example.org", role="coordinator", language="nl", **extra):
    data = {"name": "Nieuwe Coördinator", "email": email, "role": role, "language": language}
    if role == "coordinator":
        data["locations"] = [str(world["rotterdam"].id)]
    if role == "facilitator":
        data["offers"] = [str(world["offer"].id)]
    return client.post("/beheer/accounts/uitnodigen", data=data | extra)


def the_link(outbox, email) -> str:
    messages = outbox.to(email)
    assert messages, f"no mail to {email}"
    body = messages[-1].get_body(("plain",)).get_content()
    found = LINK.search(body)
    assert found, body
    return path_of(found.group(0))


def test_invitation_to_signed_in_coordinator_who_sees_only_their_location(client, auth, world, outbox):
    auth.login("organiser@example.org")
    response = invite(client, world)
    assert response.status_code == 302
    page = client.get("/beheer/accounts/").get_data(as_text=True)
    assert "nieuw@example.org" in page and "uitgenodigd" in page
    auth.logout()

    (message,) = outbox.to("nieuw@example.org")
    assert "Uitnodiging" in message["Subject"]
    assert "Rotterdam" in message.get_body(("plain",)).get_content()
    link = the_link(outbox, "nieuw@example.org")
    page = client.get(link)
    assert page.status_code == 200
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "Welkom: kies een wachtwoord" in page.get_data(as_text=True)
    response = client.post(link, data={"password": NEW_PASSWORD, "repeat": NEW_PASSWORD})
    assert response.status_code == 302 and "/beheer/inloggen" in response.headers["Location"]

    assert auth.login("nieuw@example.org", NEW_PASSWORD).status_code == 302
    dashboard = client.get("/beheer/").get_data(as_text=True)
    assert "Rotterdam" in dashboard and "Zutphen" not in dashboard
    assert client.get(f"/beheer/locaties/{world['zutphen'].id}").status_code == 403
    assert client.get(f"/beheer/locaties/{world['rotterdam'].id}").status_code == 200
    # The link worked once.
    again = client.get(link)
    assert again.status_code == 400
    assert "al gebruikt" in again.get_data(as_text=True)


def test_invitation_in_the_invitees_language(client, auth, world, outbox):
    auth.login("organiser@example.org")
    invite(client, world, email="english@example.org", language="en")
    (message,) = outbox.to("english@example.org")
    assert message["Subject"] == "Invitation: your account for the alliance days"
    assert "Content-Language" in message and message["Content-Language"] == "en"
    link = the_link(outbox, "english@example.org")
    assert link.endswith("?lang=en")
    assert "Welcome" in client.get(link).get_data(as_text=True)


def test_facilitator_invitation_gives_their_workgroup(client, auth, world, outbox):
    auth.login("organiser@example.org")
    assert invite(client, world, email="begeleider@example.org", role="facilitator").status_code == 302
    user = db.session.scalar(select(User).where(User.email == "begeleider@example.org"))
    assert user.role == Role.FACILITATOR and [offer.id for offer in user.offers] == [world["offer"].id]
    assert "Participatiewet" in outbox.to("begeleider@example.org")[0].get_body(("plain",)).get_content()


def test_expired_invitation_link_is_refused_with_a_clear_message(client, auth, world, outbox, monkeypatch):
    auth.login("organiser@example.org")
    invite(client, world)
    auth.logout()
    link = the_link(outbox, "nieuw@example.org")
    later(monkeypatch, 71)
    assert client.get(link).status_code == 200
    later(monkeypatch, 73)
    response = client.get(link)
    assert response.status_code == 400
    assert "verlopen" in response.get_data(as_text=True)
    post = client.post(link, data={"password": NEW_PASSWORD, "repeat": NEW_PASSWORD})
    assert post.status_code == 400
    assert auth.login("nieuw@example.org", NEW_PASSWORD).status_code == 200  # no password was set


def test_resent_invitation_replaces_the_old_link(client, auth, world, outbox):
    auth.login("organiser@example.org")
    invite(client, world)
    first = the_link(outbox, "nieuw@example.org")
    user = db.session.scalar(select(User).where(User.email == "nieuw@example.org"))
    outbox.clear()
    assert client.post(f"/beheer/accounts/{user.id}/uitnodiging").status_code == 302
    second = the_link(outbox, "nieuw@example.org")
    assert first != second
    assert "al gebruikt of vervangen" in client.get(first).get_data(as_text=True)
    assert client.get(second).status_code == 200


def test_tampered_and_garbage_links(client, world):
    for token in ("x", "a" * 5000, "WzEsImludml0ZSIsMCwiIl0.bad", "%00", "..%2F"):
        response = client.get(f"/beheer/wachtwoord-kiezen/{token}")
        assert response.status_code in (400, 404), token
        if response.status_code == 400:
            assert "klopt niet" in response.get_data(as_text=True)


def test_invite_refuses_bad_input_and_keeps_what_was_typed(client, auth, world, outbox):
    auth.login("organiser@example.org")
    cases = [
        ({"name": "Ann\r\nBcc: x@example.org"}, "regeleinden"),
        ({"email": "nieuw@example.org\r\nBcc: evil@example.org"}, "regeleinden"),
        ({"email": "geen-adres"}, "klopt niet"),
        ({"name": "A\x00B"}, "regeleinden"),
        ({"locations": ["99999999999999999999"]}, "Kies alleen uit de lijst"),
        ({"locations": ["abc"]}, "Kies alleen uit de lijst"),
        ({"locations": []}, "minstens één locatie"),
        ({"role": "superuser"}, "Kies een van de mogelijkheden"),
        ({"language": "xx\r\n"}, "Kies een van de mogelijkheden"),
        ({"email": "organiser@example.org"}, "bestaat al"),
        ({"name": "x" * 300}, "te lang"),
    ]
    for extra, message in cases:
        response = invite(client, world, **extra)
        page = response.get_data(as_text=True)
        assert response.status_code == 200, extra
        assert message in page or message.lower() in page.lower(), (extra, page[:2000])
        if "name" not in extra:
            assert "Nieuwe Coördinator" in page, extra  # what was typed stays
    assert db.session.scalar(select(User).where(User.email != "organiser@example.org")) is None
    assert outbox.messages() == []


def test_forgot_password_same_page_for_known_and_unknown_addresses(client, world, outbox):
    known = client.post("/beheer/wachtwoord-vergeten", data={"email": "organiser@example.org"})
    unknown = client.post("/beheer/wachtwoord-vergeten", data={"email": "niemand@example.org"})
    assert known.status_code == unknown.status_code == 200

    def text(response):
        return re.sub(r'name="csrf_token"[^>]*', "", response.get_data(as_text=True))

    assert text(known) == text(unknown)
    assert "Als er een account bij dit e-mailadres hoort" in text(known)
    assert len(outbox.to("organiser@example.org")) == 1
    assert outbox.to("niemand@example.org") == []


def test_password_reset_link_works_once_and_ends_other_sessions(app, client, auth, world, outbox):
    other = app.test_client()
    other.post("/beheer/inloggen", data={"email": "organiser@example.org", "password": "correct-horse-battery"})
    assert other.get("/beheer/accounts/").status_code == 200

    client.post("/beheer/wachtwoord-vergeten", data={"email": "organiser@example.org"})
    link = the_link(outbox, "organiser@example.org")
    page = client.get(link).get_data(as_text=True)
    assert "Kies een nieuw wachtwoord" in page
    short = client.post(link, data={"password": "kort", "repeat": "kort"})
    assert "minstens 10 tekens" in short.get_data(as_text=True)
    differ = client.post(link, data={"password": NEW_PASSWORD, "repeat": NEW_PASSWORD + "x"})
    assert "niet gelijk" in differ.get_data(as_text=True)
    assert client.post(link, data={"password": NEW_PASSWORD, "repeat": NEW_PASSWORD}).status_code == 302

    assert other.get("/beheer/accounts/").status_code == 302  # the other session ended
    assert auth.login("organiser@example.org").status_code == 200  # the old password is gone
    assert auth.login("organiser@example.org", NEW_PASSWORD).status_code == 302
    auth.logout()
    reused = client.post(link, data={"password": "nog-een-wachtwoord", "repeat": "nog-een-wachtwoord"})
    assert reused.status_code == 400 and "al gebruikt" in reused.get_data(as_text=True)
    assert auth.login("organiser@example.org", NEW_PASSWORD).status_code == 302


def test_reset_link_expires(client, auth, world, outbox, monkeypatch):
    client.post("/beheer/wachtwoord-vergeten", data={"email": "organiser@example.org"})
    link = the_link(outbox, "organiser@example.org")
    later(monkeypatch, 3)
    response = client.get(link)
    assert response.status_code == 400 and "verlopen" in response.get_data(as_text=True)


def test_forgot_password_is_rate_limited(app, client, world, outbox):
    app.config["PASSWORD_RESET_RATE_LIMIT"] = "2 per minute"
    app.config["PASSWORD_RESET_MAIL_RATE_LIMIT"] = "1 per hour"
    try:
        codes = [
            client.post("/beheer/wachtwoord-vergeten", data={"email": "organiser@example.org"}).status_code
            for _ in range(3)
        ]
    finally:
        app.config["PASSWORD_RESET_RATE_LIMIT"] = app.config["PASSWORD_RESET_MAIL_RATE_LIMIT"] = "1000 per second"
    assert codes == [200, 200, 429]
    assert len(outbox.to("organiser@example.org")) == 1  # one mail per account per hour


def test_forgot_password_hostile_input(client, world, outbox):
    for value in ("a\r\nb@example.org", "\x00", "x" * 300, ""):
        response = client.post("/beheer/wachtwoord-vergeten", data={"email": value})
        assert response.status_code == 200
        assert 'class="error-summary"' in response.get_data(as_text=True)
    assert outbox.messages() == []


def test_change_own_password(app, client, auth, world):
    other = app.test_client()
    other.post("/beheer/inloggen", data={"email": "organiser@example.org", "password": "correct-horse-battery"})
    auth.login("organiser@example.org")
    wrong = client.post(
        "/beheer/wachtwoord", data={"current": "fout", "password": NEW_PASSWORD, "repeat": NEW_PASSWORD}
    )
    assert "huidige wachtwoord klopt niet" in wrong.get_data(as_text=True)
    hostile = client.post("/beheer/wachtwoord", data={"current": "x" * 2000, "password": "a", "repeat": "a"})
    assert hostile.status_code == 200 and "error-summary" in hostile.get_data(as_text=True)
    response = client.post(
        "/beheer/wachtwoord",
        data={"current": "correct-horse-battery", "password": NEW_PASSWORD, "repeat": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/beheer/accounts/").status_code == 200  # this session goes on
    assert other.get("/beheer/accounts/").status_code == 302  # the other one ended
    auth.logout()
    assert auth.login("organiser@example.org", NEW_PASSWORD).status_code == 302


def test_deactivation_ends_the_session_at_the_next_request(app, client, auth, world, make_user):
    coordinator = make_user("coordinator@example.org", Role.COORDINATOR, [world["rotterdam"]])
    theirs = app.test_client()
    theirs.post("/beheer/inloggen", data={"email": "coordinator@example.org", "password": "correct-horse-battery"})
    assert theirs.get(f"/beheer/locaties/{world['rotterdam'].id}").status_code == 200
    auth.login("organiser@example.org")
    assert client.post(f"/beheer/accounts/{coordinator.id}/deactiveren").status_code == 302
    response = theirs.get(f"/beheer/locaties/{world['rotterdam'].id}")
    assert response.status_code == 302 and "/beheer/inloggen" in response.headers["Location"]
    refused = theirs.post(
        "/beheer/inloggen", data={"email": "coordinator@example.org", "password": "correct-horse-battery"}
    )
    assert refused.status_code == 200
    assert "gedeactiveerd" in client.get("/beheer/accounts/").get_data(as_text=True)
    # Reactivated: the same password works again.
    assert client.post(f"/beheer/accounts/{coordinator.id}/activeren").status_code == 302
    again = theirs.post(
        "/beheer/inloggen", data={"email": "coordinator@example.org", "password": "correct-horse-battery"}
    )
    assert again.status_code == 302


def test_losing_a_location_takes_access_away_at_once(app, client, auth, world, make_user):
    coordinator = make_user("coordinator@example.org", Role.COORDINATOR, [world["rotterdam"], world["zutphen"]])
    theirs = app.test_client()
    theirs.post("/beheer/inloggen", data={"email": "coordinator@example.org", "password": "correct-horse-battery"})
    assert theirs.get(f"/beheer/locaties/{world['zutphen'].id}").status_code == 200
    auth.login("organiser@example.org")
    response = client.post(
        f"/beheer/accounts/{coordinator.id}",
        data={"name": "Coördinator", "language": "nl", "locations": [str(world["rotterdam"].id)]},
    )
    assert response.status_code == 302
    assert theirs.get(f"/beheer/locaties/{world['zutphen'].id}").status_code == 403
    assert theirs.get(f"/beheer/locaties/{world['rotterdam'].id}").status_code == 200
    emptied = client.post(f"/beheer/accounts/{coordinator.id}", data={"name": "Coördinator", "language": "nl"})
    assert "minstens één locatie" in emptied.get_data(as_text=True)


def test_organiser_cannot_deactivate_themselves_or_the_last_organiser(client, auth, world, make_user):
    auth.login("organiser@example.org")
    me = world["organiser"]
    page = client.post(f"/beheer/accounts/{me.id}/deactiveren", follow_redirects=True).get_data(as_text=True)
    assert "eigen account niet deactiveren" in page
    second = make_user("tweede@example.org", Role.ORGANISER)
    assert client.post(f"/beheer/accounts/{second.id}/deactiveren").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, me.id).active and not db.session.get(User, second.id).active


def test_last_active_organiser_stays(request_context, world, make_user):
    from app.accounts import administration
    from app.accounts.services import AccountError

    other = make_user("tweede@example.org", Role.ORGANISER)
    administration.deactivate(other, world["organiser"])
    db.session.commit()
    with pytest.raises(AccountError, match="laatste actieve organisator"):
        administration.deactivate(world["organiser"], other)


@pytest.mark.parametrize(
    "path,method",
    [
        ("/beheer/accounts/", "GET"),
        ("/beheer/accounts/uitnodigen", "GET"),
        ("/beheer/accounts/uitnodigen", "POST"),
        ("/beheer/accounts/{id}", "GET"),
        ("/beheer/accounts/{id}", "POST"),
        ("/beheer/accounts/{id}/uitnodiging", "POST"),
        ("/beheer/accounts/{id}/deactiveren", "POST"),
        ("/beheer/accounts/{id}/activeren", "POST"),
    ],
)
@pytest.mark.parametrize("who", ["coordinator@example.org", "facilitator@example.org"])
def test_non_organisers_get_403_on_account_pages(client, auth, world, make_user, path, method, who):
    make_user("coordinator@example.org", Role.COORDINATOR, [world["rotterdam"]])
    facilitator = make_user("facilitator@example.org", Role.FACILITATOR)
    facilitator.offers = [world["offer"]]
    db.session.commit()
    auth.login(who)
    url = path.format(id=world["organiser"].id)
    assert client.open(url, method=method, data={"name": "x"}).status_code == 403
    assert db.session.get(User, world["organiser"].id).active


def test_everyone_signed_in_can_open_their_own_password_page(client, auth, world, make_user):
    facilitator = make_user("facilitator@example.org", Role.FACILITATOR)
    facilitator.offers = [world["offer"]]
    db.session.commit()
    auth.login("facilitator@example.org")
    assert client.get("/beheer/wachtwoord").status_code == 200
    auth.logout()
    assert client.get("/beheer/wachtwoord").status_code == 302


def test_last_login_shown(client, auth, world):
    auth.login("organiser@example.org")
    page = client.get("/beheer/accounts/").get_data(as_text=True)
    assert "nog nooit" not in page.split("organiser@example.org", 1)[1].split("</tr>", 1)[0]


def test_edit_form_refuses_bad_input_and_changes_nothing(client, auth, world, make_user):
    coordinator = make_user("coordinator@example.org", Role.COORDINATOR, [world["rotterdam"]])
    auth.login("organiser@example.org")
    url = f"/beheer/accounts/{coordinator.id}"
    rotterdam = str(world["rotterdam"].id)
    cases = [
        ({"name": "Coördinator\r\nX", "language": "nl", "locations": [rotterdam]}, "regeleinden"),
        ({"name": "Coördinator", "language": "nl", "locations": [rotterdam, "1e99"]}, "Kies alleen uit de lijst"),
        ({"name": "Coördinator", "language": "nl", "locations": ["-1"]}, "Kies alleen uit de lijst"),
        ({"name": "Coördinator", "language": "\x00", "locations": [rotterdam]}, "Kies een van de mogelijkheden"),
        ({"name": "", "language": "nl", "locations": [rotterdam]}, "Vul de naam in"),
    ]
    for data, message in cases:
        response = client.post(url, data=data)
        assert response.status_code == 200 and message in response.get_data(as_text=True), data
    db.session.expire_all()
    assert coordinator.name == "coordinator" and [day.id for day in coordinator.locations] == [world["rotterdam"].id]
    assert client.get("/beheer/accounts/999999").status_code == 404
    assert client.post("/beheer/accounts/999999/deactiveren").status_code == 404


def test_english_link_leads_to_the_english_sign_in_page(client, auth, world, outbox):
    auth.login("organiser@example.org")
    invite(client, world, email="english@example.org", language="en")
    auth.logout()
    link = the_link(outbox, "english@example.org")
    response = client.post(link, data={"password": NEW_PASSWORD, "repeat": NEW_PASSWORD})
    assert response.headers["Location"].endswith("/beheer/inloggen?lang=en")
    assert "Your password has been saved" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_deactivated_account_gets_no_reset_mail_and_its_invitation_stops(client, auth, world, outbox, make_user):
    coordinator = make_user("coordinator@example.org", Role.COORDINATOR, [world["rotterdam"]])
    auth.login("organiser@example.org")
    invite(client, world)
    link = the_link(outbox, "nieuw@example.org")
    invitee = db.session.scalar(select(User).where(User.email == "nieuw@example.org"))
    client.post(f"/beheer/accounts/{invitee.id}/deactiveren")
    client.post(f"/beheer/accounts/{coordinator.id}/deactiveren")
    auth.logout()
    page = client.get(link)
    assert page.status_code == 400 and "gedeactiveerd" in page.get_data(as_text=True)
    outbox.clear()
    client.post("/beheer/wachtwoord-vergeten", data={"email": "coordinator@example.org"})
    assert outbox.to("coordinator@example.org") == []


def test_every_account_form_needs_its_csrf_token(app, client, auth, world, outbox, make_user):
    coordinator = make_user("coordinator@example.org", Role.COORDINATOR, [world["rotterdam"]])
    auth.login("organiser@example.org")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        posts = [
            (
                "/beheer/accounts/uitnodigen",
                {"name": "X", "email": "x@example.org", "role": "organiser", "language": "nl"},
            ),
            (f"/beheer/accounts/{coordinator.id}", {"name": "Anders", "language": "nl"}),
            (f"/beheer/accounts/{coordinator.id}/deactiveren", {}),
            (f"/beheer/accounts/{coordinator.id}/activeren", {}),
            (f"/beheer/accounts/{coordinator.id}/uitnodiging", {}),
            (
                "/beheer/wachtwoord",
                {"current": "correct-horse-battery", "password": NEW_PASSWORD, "repeat": NEW_PASSWORD},
            ),
            ("/beheer/wachtwoord-vergeten", {"email": "organiser@example.org"}),
        ]
        for url, data in posts:
            response = client.post(url, data=data)
            assert response.status_code == 400, url
            assert "Formulier verlopen" in response.get_data(as_text=True), url
        # With the token from the page, the form works.
        page = client.get("/beheer/wachtwoord-vergeten").get_data(as_text=True)
        csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        sent = client.post("/beheer/wachtwoord-vergeten", data={"email": "organiser@example.org", "csrf_token": csrf})
        assert sent.status_code == 200 and "Kijk in uw e-mail" in sent.get_data(as_text=True)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    db.session.expire_all()
    assert coordinator.active and coordinator.name == "coordinator"
    assert db.session.scalar(select(User).where(User.email == "x@example.org")) is None
    assert len(outbox.to("organiser@example.org")) == 1


def test_the_command_line_stays_for_operators(runner, client, auth, world):
    auth.login("organiser@example.org")
    invite(client, world)
    result = runner.invoke(args=["users", "list"])
    assert result.exit_code == 0
    assert "nieuw@example.org\tcoordinator\tinvited\trotterdam" in result.output
    assert "organiser@example.org\torganiser\tactive" in result.output
