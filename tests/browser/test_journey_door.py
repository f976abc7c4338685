"""At the door, in the browser: a walk-in on a full day (refused first, then admitted over
capacity after the explicit confirmation, and counted as such), the letter bar, one tap
to check in and undo (in place with JavaScript; without it the page comes back to the
same filter and row)."""

from __future__ import annotations

import re

from demo_site import PHONE
from journey_helpers import at, registration_counts, submit
from playwright.sync_api import expect

SLUG = "zutphen"


def test_walk_in_on_a_full_day_letters_and_one_tap(
    new_page, pages, login, assert_accessible, assert_no_horizontal_scroll, screenshot
):
    walk_in = "Wout Binnenloper"
    organiser = login(new_page())

    # Make the day full: as many seats as confirmed participants.
    organiser.goto(pages.registrations(SLUG))
    original_capacity = int(organiser.get_by_label("Aantal plaatsen").input_value())
    confirmed = registration_counts(organiser)["bevestigd"]
    organiser.get_by_label("Aantal plaatsen").fill(str(confirmed))
    submit(organiser, organiser.get_by_role("button", name="Opslaan"))
    try:
        page = login(new_page(viewport=PHONE, has_touch=True))
        page.goto(pages.check_in(SLUG))
        assert page.get_by_role("heading", level=1).inner_text() == "Inchecken Zutphen"
        everyone = page.locator(".door-list > li").count()
        assert everyone >= 1 and page.get_by_role("heading", name=re.compile(r"^Iedereen")).is_visible()

        def present() -> int:
            return int(page.locator("#count-present").inner_text())

        # The walk-in: refused first, the page says the day is full and asks again.
        page.get_by_label("Naam", exact=True).fill(walk_in)
        page.get_by_label("Organisatie", exact=True).fill("Buurtkamer")
        submit(page, page.get_by_role("button", name="Aanmelden en binnen"))
        assert f"alle {confirmed} plaatsen zijn bezet" in page.get_by_role("alert").inner_text()
        assert page.get_by_label("Naam", exact=True).input_value() == walk_in
        assert page.locator(".door-list").get_by_text(walk_in).count() == 0
        assert_accessible(page, "check-in-day-full-phone")
        assert_no_horizontal_scroll(page, "check-in-day-full-phone")
        before = present()
        submit(page, page.get_by_role("button", name="Ja, toelaten boven de capaciteit"))
        assert f"{walk_in} is binnen, boven de capaciteit (binnenloper)." in page.locator(".messages").inner_text()
        assert present() == before + 1
        assert "waarvan 1 boven de capaciteit" in page.locator(".counts").inner_text()
        row = page.locator(".checkin-row").filter(has_text=walk_in)
        assert "boven capaciteit" in row.inner_text() and "binnenloper" in row.inner_text()

        # The letter bar: B holds Binnenloper and only surnames under B.
        page.get_by_role("navigation", name="Beginletter van de achternaam").get_by_role(
            "link", name="B", exact=True
        ).tap()
        at(page, pages.check_in(SLUG) + "?letter=B")
        assert page.locator(".checkin-row").filter(has_text=walk_in).count() == 1
        assert page.locator(".door-list > li").count() < everyone + 1
        assert_accessible(page, "check-in-letter-phone")
        assert_no_horizontal_scroll(page, "check-in-letter-phone")
        screenshot(page, "check-in-letter-phone")

        # Undo and one tap, on the walk-in's row: in place, no reload.
        row = page.locator(".checkin-row").filter(has_text=walk_in)
        url, count = page.url, present()
        row.get_by_role("button", name=re.compile("^Ongedaan maken")).tap()
        expect(row.get_by_role("button", name=re.compile("^Is binnen"))).to_be_visible()
        expect(page.locator("#count-present")).to_have_text(str(count - 1))
        row.get_by_role("button", name=re.compile("^Is binnen")).tap()
        expect(row.get_by_role("button", name=re.compile("^Ongedaan maken"))).to_be_visible()
        expect(page.locator("#count-present")).to_have_text(str(count))
        assert page.url == url
        assert "boven capaciteit" in row.inner_text()

        # The registrations list counts the walk-in too.
        organiser.goto(pages.registrations(SLUG))
        assert re.search(
            r"\d+ binnenlopers \(waarvan \d+ boven de capaciteit\)", organiser.locator("ul.counts").inner_text()
        )
    finally:
        organiser.goto(pages.registrations(SLUG))
        organiser.get_by_label("Aantal plaatsen").fill(str(original_capacity))
        submit(organiser, organiser.get_by_role("button", name="Opslaan"))


def test_one_tap_without_javascript_returns_to_the_same_letter_and_row(new_page, pages, login):
    page = login(new_page(javascript=False))
    page.goto(pages.check_in(SLUG))
    # The first person not yet in, and their letter.
    row = page.locator(".checkin-row").filter(has=page.get_by_role("button", name=re.compile("^Is binnen"))).first
    name = row.locator("strong").first.inner_text()
    surname = name.split()[-1]
    chosen = surname[0].upper()
    page.get_by_role("navigation", name="Beginletter van de achternaam").get_by_role(
        "link", name=chosen, exact=True
    ).click()
    at(page, pages.check_in(SLUG) + f"?letter={chosen}")
    row = page.locator(".checkin-row").filter(has_text=name)
    row_id = row.get_attribute("id")
    submit(page, row.get_by_role("button", name=re.compile("^Is binnen")))
    assert page.url.endswith(f"?letter={chosen}#{row_id}")
    again = page.locator(f"#{row_id}")
    submit(page, again.get_by_role("button", name=re.compile("^Ongedaan maken")))
    assert page.url.endswith(f"?letter={chosen}#{row_id}")
    assert page.locator(f"#{row_id}").get_by_role("button", name=re.compile("^Is binnen")).is_visible()
