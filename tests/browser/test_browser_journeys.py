"""Journeys through the organiser area, as a coordinator on a phone and as an organiser."""

from __future__ import annotations

from demo_site import PHONE


def test_coordinator_on_a_phone_sees_only_rotterdam(new_page, pages, login, assert_no_horizontal_scroll):
    page = login(new_page(viewport=PHONE), pages.coordinator)
    assert page.url.endswith(pages.dashboard)
    assert page.get_by_role("heading", name="Uw locaties").is_visible()
    locations = page.locator("main li")
    assert locations.count() == 1
    assert "Rotterdam" in locations.first.inner_text()
    assert "Zutphen" not in page.locator("main").inner_text()
    assert_no_horizontal_scroll(page)

    page.get_by_role("link", name="Rotterdam").click()
    page.wait_for_load_state()
    assert page.url.endswith(pages.manage_location("rotterdam"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Rotterdam")
    assert_no_horizontal_scroll(page)

    response = page.goto(pages.manage_location("zutphen"))
    assert response.status == 403
    assert "Zutphen" not in page.locator("main").inner_text()
    assert page.request.get(pages.booklet("zutphen")).status == 403


def test_organiser_downloads_booklet_and_calendar(page, pages, login):
    login(page)
    page.get_by_role("link", name="Alliantiedagen 2013").click()
    page.get_by_role("cell").get_by_role("link", name="Rotterdam").click()
    page.wait_for_load_state()
    assert page.url.endswith(pages.manage_location("rotterdam"))

    with page.expect_download() as booklet:
        page.get_by_role("link", name="Programmaboekje (PDF)").click()
    assert booklet.value.suggested_filename.endswith(".pdf")
    assert booklet.value.path().read_bytes().startswith(b"%PDF")

    page.get_by_role("link", name="Publieke pagina").click()
    page.wait_for_load_state()
    assert page.url.endswith(pages.location("rotterdam"))
    with page.expect_download() as calendar:
        page.get_by_role("link", name="Deze dag downloaden (.ics)").click()
    assert calendar.value.suggested_filename.endswith(".ics")
    body = calendar.value.path().read_text()
    assert body.startswith("BEGIN:VCALENDAR")
    assert "Rotterdam" in body
