"""Language follows the person: an English registrant's mail link, opened in a fresh
browser (Dutch by default), shows English on their personal, change, cancel and
evaluation pages, also when they move on from the page the link opened."""

from __future__ import annotations

import re

import pytest
from journey_helpers import Outbox, at, submit

LINK_WITH_LANGUAGE = re.compile(r"https?://\S+?/aanmelding/[\w.\-]+\?lang=(?:nl|en)")


@pytest.fixture()
def outbox(live_server) -> Outbox:
    return Outbox.of(live_server)


def _lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def test_an_english_registrants_mail_link_opens_english_pages(new_page, pages, outbox, assert_accessible):
    name, email = "Emily Walker", "emily.walker@example.org"
    page = new_page(language="en")
    page.goto(pages.register("rotterdam"))
    assert _lang(page) == "en"
    page.locator("#name").fill(name)
    page.locator("#email").fill(email)
    page.locator("#pref_1_1").select_option(index=1)
    page.locator("#consent").check()
    submit(page, page.get_by_role("button", name="Register", exact=True))
    at(page, pages.registration_sent("rotterdam"))

    mail = outbox.newest(email)
    assert mail.message["Content-Language"] == "en"
    found = LINK_WITH_LANGUAGE.search(mail.text)
    assert found, mail.text
    link = found.group(0)
    assert link.endswith("?lang=en")
    token = link.split("/aanmelding/")[1].split("?")[0]

    # A new browser context: no session, a Dutch browser locale.
    fresh = new_page()
    fresh.goto(link)
    assert _lang(fresh) == "en"
    assert fresh.get_by_role("heading", level=1).inner_text().startswith("Your registration")
    assert_accessible(fresh, "personal-english")
    # The pages that follow stay English without ?lang in their address.
    for path in (pages.personal_change(token), pages.personal_cancel(token), f"/aanmelding/{token}/evaluatie"):
        fresh.goto(path)
        assert _lang(fresh) == "en", path
    fresh.goto(pages.personal(token))
    fresh.get_by_role("link", name="Change details or choices").click()
    assert _lang(fresh) == "en"
