"""Reflow (WCAG 1.4.10): no sideways scrolling at 320 CSS px (every page, both languages),
on a 360 px phone or at 200% zoom.

Also saves full-page screenshots of every public page at phone and desktop size in
test-artifacts/screenshots/, to look at (they are not compared with anything).
"""

from __future__ import annotations

import pytest
from crawl import crawl
from demo_site import DESKTOP, NARROW, PHONE, ZOOM_200

SCREENS = {
    "phone": {"viewport": PHONE},
    "zoom200": {"viewport": ZOOM_200, "device_scale_factor": 2},
    "desktop": {"viewport": DESKTOP},
}
SCREENSHOTS = {"phone", "desktop"}


@pytest.mark.parametrize("screen", SCREENS)
def test_public_pages_fit(new_page, pages, login, horizontal_overflow, screenshot, screen):
    page = new_page(**SCREENS[screen])
    problems = []
    for name, path in pages.public.items():
        page.goto(path)
        problems.append(horizontal_overflow(page, name))
        if screen in SCREENSHOTS:
            screenshot(page, f"{name}-{screen}")
    login(page, pages.organiser, password="niet-het-goede-wachtwoord")
    problems.append(horizontal_overflow(page, "login-error"))
    if screen in SCREENSHOTS:
        screenshot(page, f"login-error-{screen}")
    problems = [problem for problem in problems if problem]
    assert not problems, f"sideways scrolling at {screen} size:\n" + "\n".join(problems)


def test_english_pages_fit_a_phone(new_page, pages, horizontal_overflow, screenshot):
    """English runs longer than Dutch in places."""
    screen = "phone"
    page = new_page(language="en", **SCREENS[screen])
    problems = []
    for name, path in pages.public.items():
        page.goto(path)
        problems.append(horizontal_overflow(page, f"en-{name}"))
        if name == "location-rotterdam":
            screenshot(page, f"en-{name}-{screen}")
    problems = [problem for problem in problems if problem]
    assert not problems, f"sideways scrolling at {screen} size:\n" + "\n".join(problems)


def _overflowing_pages(page, start, horizontal_overflow) -> list[str]:
    problems = [horizontal_overflow(page, path) for path in crawl(page, start)]
    return [problem for problem in problems if problem]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_page_fits_320_css_pixels(new_page, pages, login, horizontal_overflow, language):
    """WCAG 1.4.10 is defined at 320 CSS px: every public and organiser page the links reach."""
    visitor = new_page(viewport=NARROW, language=language)
    public = [path for name, path in pages.public.items() if name != "404"]
    problems = _overflowing_pages(visitor, public, horizontal_overflow)
    organiser = login(new_page(viewport=NARROW, language=language))
    problems += _overflowing_pages(organiser, [pages.dashboard, *pages.organiser_pages.values()], horizontal_overflow)
    assert not problems, f"sideways scrolling at 320 px ({language}):\n" + "\n".join(problems)
