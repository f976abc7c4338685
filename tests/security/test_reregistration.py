"""Items 7 and 8: registering again after cancelling gives a new personal link (the old one
stops working); the "here is your link again" mail is rate limited per address; names
and organisations are single-line, so nobody can write paragraphs into official mail."""

import re

import pytest

from app.extensions import db
from app.registration import services
from app.registration.links import registration_for_token, token_for
from app.registration.models import Registration, Status
from app.registration.ratelimit import limiter


def _form(world, **values):
    return {"name": "Anna de Vries", "email": "anna@example.org", "consent": "y",
            "pref_1_1": str(world.workgroup.id), **values}  # fmt: skip


def _token_in(message) -> str:
    body = message.get_body(("plain",)).get_content()
    return re.search(r"/aanmelding/([^/\s?]+)", body).group(1)  # the token, without ?lang=


def test_registering_again_after_cancelling_gives_a_new_link(client, world, outbox):
    assert client.post("/groeien-in-kracht/rotterdam/aanmelden", data=_form(world)).status_code == 302
    old_token = _token_in(outbox.to("anna@example.org")[-1])
    assert client.post(f"/aanmelding/{old_token}/afmelden").status_code == 302
    outbox.clear()

    assert client.post("/groeien-in-kracht/rotterdam/aanmelden", data=_form(world, name="Anna")).status_code == 302
    [mail] = outbox.to("anna@example.org")
    new_token = _token_in(mail)
    assert new_token != old_token
    assert client.get(f"/aanmelding/{old_token}").status_code == 404
    assert client.post(f"/aanmelding/{old_token}/afmelden").status_code == 404
    page = client.get(f"/aanmelding/{new_token}")
    assert page.status_code == 200 and "U bent aangemeld" in page.get_data(as_text=True)
    registration = registration_for_token(new_token)
    assert registration.status == Status.CONFIRMED and registration.name == "Anna"


def test_a_reregistration_starts_without_the_old_workgroup(world):
    registration = world.registrations["Rotterdam"]
    old_token = token_for(registration)
    services.cancel_registration(registration)
    db.session.commit()
    result = services.register_participant(
        world.rotterdam, name="Weer terug", email="rotterdam@example.org", consent=True,
        preferences={1: [world.workgroup.id]},
    )  # fmt: skip
    db.session.commit()
    assert result.created
    assert registration_for_token(old_token) is None
    from app.workgroups.models import WorkgroupAssignment

    assert db.session.query(WorkgroupAssignment).filter_by(registration_id=result.registration.id).count() == 0


@pytest.fixture()
def mail_limit(app):
    saved = app.config.get("REGISTRATION_MAIL_RATE_LIMIT")
    app.config["REGISTRATION_MAIL_RATE_LIMIT"] = "2 per hour"
    limiter.reset()
    yield
    limiter.reset()
    app.config["REGISTRATION_MAIL_RATE_LIMIT"] = saved


def test_the_link_again_mail_is_rate_limited_per_address(client, world, outbox, mail_limit):
    for _ in range(5):
        response = client.post("/groeien-in-kracht/rotterdam/aanmelden", data=_form(world))
        assert response.status_code == 302  # the same page every time: it reveals nothing
    mails = outbox.to("anna@example.org")
    assert len(mails) == 3  # the confirmation, then the link twice
    # The limit is per address, not per location: Zutphen shares the count.
    client.post("/groeien-in-kracht/zutphen/aanmelden", data=_form(world))
    client.post("/groeien-in-kracht/zutphen/aanmelden", data=_form(world))
    assert len(outbox.to("anna@example.org")) == 4  # Zutphen's own confirmation still goes out
    # Another address is not affected.
    client.post("/groeien-in-kracht/rotterdam/aanmelden", data=_form(world, email="bob@example.org"))
    client.post("/groeien-in-kracht/rotterdam/aanmelden", data=_form(world, email="bob@example.org"))
    assert len(outbox.to("bob@example.org")) == 2


def test_names_with_line_breaks_cannot_write_into_official_mail(world, outbox):
    injected = "Anna\r\n\r\nUw rekening is geblokkeerd. Bel 0900-1234."
    result = services.register_participant(
        world.rotterdam, name=injected, email="victim@example.org", consent=True,
        organisation="ROSA\nLees dit", municipality="Ede\r\nBcc: x@example.org",
        preferences={1: [world.workgroup.id]},
    )  # fmt: skip
    db.session.commit()
    registration = db.session.get(Registration, result.registration.id)
    for value in (registration.name, registration.organisation, registration.municipality):
        assert "\n" not in value and "\r" not in value
    [mail] = outbox.to("victim@example.org")
    body = mail.get_body(("plain",)).get_content()
    assert "\nUw rekening is geblokkeerd" not in body
    assert body.splitlines()[0].startswith("Beste Anna")


@pytest.mark.parametrize("field", ["name", "organisation", "municipality"])
def test_the_change_form_refuses_line_breaks(client, world, field):
    registration = world.registrations["Rotterdam"]
    token = token_for(registration)
    response = client.post(
        f"/aanmelding/{token}/wijzigen",
        data={"name": "Deelnemer", "email": registration.email, "pref_1_1": str(world.workgroup.id),
              field: "Eerste regel\nTweede regel"},
    )  # fmt: skip
    assert response.status_code == 200
    assert f'id="{field}-error"' in response.get_data(as_text=True)
