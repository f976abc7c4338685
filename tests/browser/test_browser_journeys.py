"""Journeys through the organiser area, as a coordinator on a phone and as an organiser."""

from __future__ import annotations

import re

from demo_site import PHONE


def test_coordinator_on_a_phone_sees_only_rotterdam(new_page, pages, login, assert_no_horizontal_scroll):
    page = login(new_page(viewport=PHONE), pages.coordinator)
    assert page.url.endswith(pages.dashboard)
    assert page.get_by_role("heading", name="Wat aandacht vraagt").is_visible()
    locations = page.locator("table.dashboard tbody tr")
    assert locations.count() == 1
    assert "Rotterdam" in locations.first.inner_text()
    assert "Zutphen" not in page.locator("main").inner_text()
    assert_no_horizontal_scroll(page)

    page.locator("table.dashboard").get_by_role("link", name="Rotterdam", exact=True).click()
    page.wait_for_load_state()
    assert page.url.endswith(pages.manage_location("rotterdam"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Rotterdam")
    assert_no_horizontal_scroll(page)

    response = page.goto(pages.manage_location("zutphen"))
    assert response.status == 403
    assert "Zutphen" not in page.locator("main").inner_text()
    assert page.request.get(pages.booklet("zutphen")).status == 403


def test_organiser_downloads_booklet_and_calendar(page, pages, login, assert_accessible, screenshot):
    login(page)
    page.get_by_role("link", name="Alliantiedagen 2013 — demo", exact=True).click()
    page.get_by_role("cell").get_by_role("link", name="Rotterdam").click()
    page.wait_for_load_state()
    assert page.url.endswith(pages.manage_location("rotterdam"))

    # Not in the cache yet: a worker makes it while the status page follows the build
    # (with JavaScript: it updates itself and offers the file when it is ready).
    page.get_by_role("link", name="Programmaboekje (PDF)").click()
    page.wait_for_url(re.compile(r"/beheer/documenten/\d+$"))
    assert_accessible(page, "document-status")
    download = page.get_by_role("link", name=re.compile(r"^Download programma-.*\.pdf$"))
    download.wait_for(timeout=60_000)
    assert page.get_by_role("status").inner_text().strip() == "Het document is klaar."
    screenshot(page, "document-ready")
    with page.expect_download() as booklet:
        download.click()
    assert booklet.value.suggested_filename.endswith(".pdf")
    assert booklet.value.path().read_bytes().startswith(b"%PDF")

    # Now it is in the cache: the same link downloads at once.
    page.goto(pages.manage_location("rotterdam"))
    with page.expect_download() as again:
        page.get_by_role("link", name="Programmaboekje (PDF)").click()
    assert again.value.path().read_bytes() == booklet.value.path().read_bytes()

    page.get_by_role("link", name="Publieke pagina").click()
    page.wait_for_load_state()
    assert page.url.endswith(pages.location("rotterdam"))
    with page.expect_download() as calendar:
        page.get_by_role("link", name="Deze dag downloaden (.ics)").click()
    assert calendar.value.suggested_filename.endswith(".ics")
    body = calendar.value.path().read_text()
    assert body.startswith("BEGIN:VCALENDAR")
    assert "Rotterdam" in body


def test_without_javascript_the_status_page_reloads_until_the_file_is_there(new_page, pages, login):
    page = login(new_page(javascript=False))
    page.goto(pages.manage_location("beilen"))
    page.get_by_role("link", name="Naambadges (PDF)").click()
    page.wait_for_url(re.compile(r"/beheer/documenten/\d+$"))
    assert page.get_by_role("link", name="Vernieuwen").is_visible()
    download = page.get_by_role("link", name=re.compile(r"^Download naambadges-.*\.pdf$"))
    download.wait_for(timeout=60_000)  # the page reloaded itself (meta refresh) until the build was done
    with page.expect_download() as badges:
        download.click()
    assert badges.value.path().read_bytes().startswith(b"%PDF")
