"""The organiser raises one workgroup's minimum at Rotterdam (a day ahead) and applies the
"which workgroups run" advice: the boxes start as advised, confirming drops the advised
group, and it vanishes from the public page and the registration form; then Rotterdam is
put back. The several-locations form refuses a bad row beside it."""

from __future__ import annotations

import re

import pytest
from demo_site import PHONE
from journey_helpers import Outbox, at, submit


@pytest.fixture()
def outbox(live_server) -> Outbox:
    return Outbox.of(live_server)


def test_organiser_applies_the_advice_and_the_dropped_group_vanishes(
    new_page, pages, login, assert_accessible, assert_no_horizontal_scroll, screenshot
):
    page = login(new_page())
    # The organiser asks at least 15 people for one workgroup: more than will choose it.
    page.goto(pages.manage_location("rotterdam"))
    page.locator("main table").get_by_role("link", name=re.compile("^Bewerken")).first.click()
    page.wait_for_load_state()
    offer_form = page.url
    page.get_by_label(re.compile("^Minimaal aantal deelnemers")).fill("15")
    submit(page, page.get_by_role("button", name="Opslaan"))
    page.goto(pages.assignment("rotterdam"))
    advice = page.locator("form", has=page.get_by_role("button", name="Werkgroepen vaststellen"))
    rows = advice.locator("tbody tr")
    advised = {}
    for index in range(rows.count()):
        row = rows.nth(index)
        title = row.locator("td").nth(2).inner_text()
        drop = row.locator("td").nth(7).inner_text() == "laten vallen"
        advised[title] = not drop
        # The box starts as advised, not simply ticked.
        assert row.get_by_role("checkbox").is_checked() == (not drop), title
    dropped = sorted(title for title, runs in advised.items() if not runs)
    kept = sorted(title for title, runs in advised.items() if runs)
    assert dropped and kept, advised
    assert_accessible(page, "manage-assignment-rotterdam-advice")

    # Both pages show every workgroup before the advice is applied.
    public = new_page()
    public.goto(pages.location("rotterdam"))
    for title in dropped:
        assert public.locator("#werkgroepen ~ ul").get_by_role("heading", name=title).count() == 1

    submit(page, advice.get_by_role("button", name="Werkgroepen vaststellen"))
    at(page, pages.assignment("rotterdam"))
    status = " ".join(page.get_by_role("status").all_inner_texts())
    assert "De werkgroepen zijn vastgesteld." in status
    assert f"Gaan niet door: {', '.join(dropped)}." in status or all(t in status for t in dropped)
    # Who was placed in a dropped group has been placed again (or is named without a place).
    if "Opnieuw ingedeeld" in status:
        assert re.search(r"→ \S", status)
    for title in dropped:
        row = advice.locator("tbody tr").filter(has_text=title)
        assert not row.get_by_role("checkbox").is_checked()
        assert "gaat niet door" in row.locator("td").nth(8).inner_text()
    assert_accessible(page, "manage-assignment-rotterdam-applied")

    public.goto(pages.location("rotterdam"))
    text = public.locator("main").inner_text()
    for title in dropped:
        assert title not in text
    for title in kept:
        assert title in text
    assert_accessible(public, "location-rotterdam-after-advice")

    public.goto(pages.register("rotterdam"))
    options = public.get_by_label("Eerste keus").locator("option").all_inner_texts()
    for title in dropped:
        assert title not in options
    for title in kept:
        assert title in options
    public.set_viewport_size(PHONE)
    assert_no_horizontal_scroll(public, "register-rotterdam-after-advice-phone")
    screenshot(page, "manage-assignment-rotterdam-applied-desktop")
    page.set_viewport_size({"width": 320, "height": 720})  # WCAG reflow: the advice table scrolls in its box
    assert_no_horizontal_scroll(page, "manage-assignment-rotterdam-applied-320")

    # Put Rotterdam back as the demo has it (nothing was published, so the group may return).
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(pages.assignment("rotterdam"))
    for title in dropped:
        advice.locator("tbody tr").filter(has_text=title).get_by_role("checkbox").check()
    submit(page, advice.get_by_role("button", name="Werkgroepen vaststellen"))
    assert "De werkgroepen zijn vastgesteld." in " ".join(page.get_by_role("status").all_inner_texts())
    page.goto(offer_form)
    page.get_by_label(re.compile("^Minimaal aantal deelnemers")).fill("")
    submit(page, page.get_by_role("button", name="Opslaan"))


def test_offering_at_several_locations_shows_errors_beside_the_row(
    new_page, pages, login, assert_accessible, assert_no_horizontal_scroll
):
    page = login(new_page())
    page.goto(pages.manage_location("rotterdam"))
    page.get_by_role("link", name="Een werkgroep op meerdere locaties tegelijk aanbieden").click()
    at(page, pages.offer_at_locations)
    assert_accessible(page, "manage-offer-at-locations-empty")
    page.get_by_label("Werkgroep", exact=True).select_option(label="Maatjes naar werk")
    page.get_by_label("Aanbieden in Beilen").check()
    beilen = page.locator("fieldset", has=page.get_by_label("Aanbieden in Beilen"))
    beilen.get_by_label("Zaal").fill("Zaal De Es")
    beilen.get_by_label("Capaciteit (leeg: standaard van de werkgroep)").fill("8")
    beilen.get_by_label("Minimum (leeg: minimum van de werkgroep)").fill("12")
    page.get_by_label("Aanbieden in Roermond").check()
    roermond = page.locator("fieldset", has=page.get_by_label("Aanbieden in Roermond"))
    roermond.get_by_label("Ronde").fill("2")
    submit(page, page.get_by_role("button", name="Aanbieden op de aangevinkte locaties"))
    summary = page.get_by_role("alert")
    assert "Niets is opgeslagen" in summary.inner_text()
    assert beilen.locator(".error").inner_text() == "Het minimum (12) kan niet groter zijn dan de capaciteit (8)."
    assert roermond.locator(".error").inner_text() == "Het programma heeft 1 werkgroepronde: kies ronde 1."
    assert beilen.get_by_label("Zaal").input_value() == "Zaal De Es"  # nothing typed is lost
    # The summary's link takes the keyboard to the row's field.
    summary.get_by_role("link", name=re.compile("^Roermond, Ronde")).click()
    assert page.evaluate("document.activeElement.id") == roermond.get_by_label("Ronde").get_attribute("id")
    assert_accessible(page, "manage-offer-at-locations-errors")
    page.set_viewport_size(PHONE)
    assert_no_horizontal_scroll(page, "manage-offer-at-locations-errors-phone")
    assert_accessible(page, "manage-offer-at-locations-errors-phone")
    page.set_viewport_size({"width": 320, "height": 720})  # WCAG reflow
    assert_no_horizontal_scroll(page, "manage-offer-at-locations-errors-320")
    # Nothing was saved: Beilen's public page has no Maatjes naar werk.
    page.goto(pages.location("beilen"))
    assert "Maatjes naar werk" not in page.locator("main").inner_text()
