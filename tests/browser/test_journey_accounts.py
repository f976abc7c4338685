"""Accounts in the application, in a real browser: an organiser invites a coordinator,
who chooses a password through the link in the invitation mail, signs in and sees only
their own location; then a forgotten password is reset from the sign-in page."""

from __future__ import annotations

import re

import pytest
from demo_site import NARROW
from journey_helpers import Outbox, at, submit

SET_PASSWORD_LINK = re.compile(r"https?://\S+?/beheer/wachtwoord-kiezen/[\w.\-]+\?lang=(?:nl|en)")
NAME, EMAIL = "Fatima el Amrani", "fatima.coordinator@example.org"
FIRST_PASSWORD, SECOND_PASSWORD = "rotterdam-zuid-2026", "pauluskerk-alliantie"


@pytest.fixture()
def outbox(live_server) -> Outbox:
    return Outbox.of(live_server)


def set_password_link(outbox: Outbox, email: str) -> str:
    mail = outbox.newest(email)
    found = SET_PASSWORD_LINK.search(mail.text)
    assert found, mail.text
    return found.group(0)


def test_invited_coordinator_sets_a_password_and_sees_only_their_location(
    new_page, pages, login, outbox, assert_accessible, assert_no_horizontal_scroll
):
    organiser = new_page()
    login(organiser)
    organiser.get_by_role("navigation", name="Beheer").get_by_role("link", name="Accounts").click()
    at(organiser, pages.accounts)
    assert_accessible(organiser, "accounts-list")
    organiser.get_by_role("link", name="Iemand uitnodigen").click()
    at(organiser, pages.invite)

    # Sent without a location: refused, with the reason, and nothing typed is lost.
    organiser.get_by_label("Naam").fill(NAME)
    organiser.get_by_label("E-mailadres").fill(EMAIL)
    organiser.get_by_label("Locatiecoördinator: alleen de eigen locaties").check()
    submit(organiser, organiser.get_by_role("button", name="Uitnodiging versturen"))
    assert "minstens één locatie" in organiser.get_by_role("alert").inner_text()
    assert organiser.get_by_label("Naam").input_value() == NAME
    assert_accessible(organiser, "accounts-invite-error")

    organiser.get_by_label(re.compile(r"^Rotterdam \d{4}")).check()
    submit(organiser, organiser.get_by_role("button", name="Uitnodiging versturen"))
    at(organiser, pages.accounts)
    assert f"Uitnodiging verstuurd naar {EMAIL}" in organiser.locator(".messages").inner_text()
    row = organiser.get_by_role("row", name=re.compile(NAME))
    assert "uitgenodigd" in row.inner_text() and "Rotterdam" in row.inner_text()

    # The invitee opens the link from the mail in their own browser.
    link = set_password_link(outbox, EMAIL)
    assert "Rotterdam" in outbox.newest(EMAIL).text
    invitee = new_page(viewport=NARROW)
    invitee.goto(link)
    assert invitee.get_by_role("heading", level=1).inner_text() == "Welkom: kies een wachtwoord"
    assert_accessible(invitee, "choose-password-invitation")
    assert_no_horizontal_scroll(invitee, "choose-password-invitation")
    invitee.get_by_label("Nieuw wachtwoord", exact=True).fill(FIRST_PASSWORD)
    invitee.get_by_label("Herhaal het nieuwe wachtwoord").fill(FIRST_PASSWORD)
    submit(invitee, invitee.get_by_role("button", name="Wachtwoord opslaan"))
    at(invitee, pages.login)
    assert "Uw wachtwoord is opgeslagen" in invitee.locator(".messages").inner_text()

    invitee.locator("#email").fill(EMAIL)
    invitee.locator("#password").fill(FIRST_PASSWORD)
    submit(invitee, invitee.get_by_role("button", name="Inloggen"))
    at(invitee, pages.dashboard)
    main = invitee.locator("main").inner_text()
    assert "Rotterdam" in main
    for other in ("Zutphen", "Amsterdam", "Beilen", "Roermond"):
        assert other not in main, other
    assert invitee.goto(pages.manage_location("zutphen")).status == 403
    assert invitee.goto(pages.manage_location("rotterdam")).ok
    assert invitee.goto(pages.accounts).status == 403

    # The link worked once.
    invitee.goto(link)
    assert "al gebruikt" in invitee.get_by_role("alert").inner_text()
    assert_accessible(invitee, "choose-password-used-link")

    # The organiser's list now shows the account as active, with its last sign-in.
    organiser.goto(pages.accounts)
    row = organiser.get_by_role("row", name=re.compile(NAME))
    assert "actief" in row.inner_text() and "nog nooit" not in row.inner_text()
    row.get_by_role("link", name=re.compile("Wijzigen")).click()
    assert_accessible(organiser, "accounts-edit")


def test_password_reset_from_the_sign_in_page(new_page, pages, outbox, assert_accessible):
    page = new_page()
    page.goto(pages.login)
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    at(page, pages.forgot_password)
    page.get_by_label("E-mailadres").fill(pages.coordinator.email)
    submit(page, page.get_by_role("button", name="Stuur mij een link"))
    assert page.get_by_role("heading", level=1).inner_text() == "Kijk in uw e-mail"
    assert_accessible(page, "password-reset-sent")

    link = set_password_link(outbox, pages.coordinator.email)
    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Kies een nieuw wachtwoord"
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(SECOND_PASSWORD)
    page.get_by_label("Herhaal het nieuwe wachtwoord").fill(SECOND_PASSWORD + "!")
    submit(page, page.get_by_role("button", name="Wachtwoord opslaan"))
    assert "niet gelijk" in page.get_by_role("alert").inner_text()
    assert_accessible(page, "choose-password-error")
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(SECOND_PASSWORD)
    page.get_by_label("Herhaal het nieuwe wachtwoord").fill(SECOND_PASSWORD)
    submit(page, page.get_by_role("button", name="Wachtwoord opslaan"))
    at(page, pages.login)

    page.locator("#email").fill(pages.coordinator.email)
    page.locator("#password").fill(SECOND_PASSWORD)
    submit(page, page.get_by_role("button", name="Inloggen"))
    at(page, pages.dashboard)
    assert "Rotterdam" in page.locator("main").inner_text()

    # Put the demo's password back through "Mijn wachtwoord", for the tests that follow.
    page.get_by_role("link", name="Mijn wachtwoord").click()
    at(page, pages.own_password)
    page.get_by_label("Huidig wachtwoord").fill(SECOND_PASSWORD)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(pages.coordinator.password)
    page.get_by_label("Herhaal het nieuwe wachtwoord").fill(pages.coordinator.password)
    submit(page, page.get_by_role("button", name="Wachtwoord opslaan"))
    at(page, pages.dashboard)
    assert "Uw nieuwe wachtwoord is opgeslagen" in page.locator(".messages").inner_text()
