"""Without JavaScript the public pages show everything and the forms still work."""

from __future__ import annotations

import pytest
from demo_site import LOCATION_SLUGS


@pytest.fixture()
def no_js_page(new_page):
    return new_page(javascript=False)


def test_edition_page_lists_every_day(no_js_page, pages):
    page = no_js_page
    page.goto(pages.edition)
    assert "Groeien in kracht" in page.get_by_role("heading", level=1).inner_text()
    cities = page.locator(".day-card h3").all_inner_texts()
    assert sorted(cities) == sorted(slug.capitalize() for slug in LOCATION_SLUGS)


@pytest.mark.parametrize("slug", LOCATION_SLUGS)
def test_location_page_shows_the_programme(no_js_page, pages, slug):
    page = no_js_page
    page.goto(pages.location(slug))
    assert page.get_by_role("heading", name="Programma", exact=True).is_visible()
    items = page.locator("ol.programme > li")
    assert items.count() >= 5
    assert items.first.locator(".time").inner_text()
    assert page.get_by_role("link", name="Deze dag downloaden (.ics)").is_visible()


def test_login_works_without_javascript(no_js_page, pages, login):
    page = login(no_js_page)
    assert page.url.endswith(pages.dashboard)
    assert page.get_by_role("heading", level=1).inner_text() == "Beheer"
