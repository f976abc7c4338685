"""axe-core finds no WCAG 2.2 AA or best-practice violation on any page that exists today, in both languages."""

from __future__ import annotations

import pytest
from crawl import crawl
from demo_site import PUBLIC_PAGES

HEADING_LEVELS = "() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => Number(h.tagName[1]))"


def assert_heading_outline(page) -> None:
    """One h1 first, and no level skipped on the way down (axe counts this best practice, not WCAG)."""
    levels = page.evaluate(HEADING_LEVELS)
    assert levels[:1] == [1] and levels.count(1) == 1, f"one h1 first: {levels}"
    skips = [(before, after) for before, after in zip(levels, levels[1:]) if after > before + 1]
    assert not skips, f"heading levels skipped on {page.url}: {skips} in {levels}"


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page(new_page, pages, assert_accessible, name, language):
    page = new_page()
    path = pages.public[name]
    response = page.goto(path if language == "nl" else pages.english(path))
    assert response.status == (404 if name == "404" else 200)
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(page, name if language == "nl" else f"en-{name}")
    assert_heading_outline(page)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_login_error_state(new_page, pages, login, assert_accessible, language):
    page = new_page(language=language)
    login(page, pages.organiser, password="niet-het-goede-wachtwoord")
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page, "login-error" if language == "nl" else "en-login-error")


def test_organiser_pages(page, pages, login, assert_accessible):
    login(page)
    for name, path in pages.organiser_pages.items():
        response = page.goto(path)
        assert response.ok, f"{name}: HTTP {response.status}"
        assert_accessible(page, name)


def test_every_page_an_organiser_reaches(page, pages, login, axe_problems):
    """Every page the organiser's links lead to (crawl.py), not only the listed ones."""
    login(page)
    listed = set(pages.organiser_pages.values())
    start = [pages.dashboard, *listed]
    problems = [axe_problems(page, path) for path in crawl(page, start) if path not in listed]
    problems = [problem for problem in problems if problem]
    assert not problems, f"axe found violations on {len(problems)} page(s):\n" + "\n".join(problems)


def test_coordinator_dashboard(page, pages, login, assert_accessible):
    login(page, pages.coordinator)
    assert page.url.endswith(pages.dashboard)
    assert_accessible(page, "manage-dashboard-coordinator")


def test_the_check_finds_a_missing_label(page, pages, axe):
    """Proof that the check can fail: without its <label>, the e-mail field is reported."""
    page.goto(pages.login)
    assert axe(page) == []
    page.evaluate("document.querySelector('label[for=email]').remove()")
    violations = {violation["id"]: violation for violation in axe(page)}
    assert "label" in violations
    targets = [target for node in violations["label"]["nodes"] for target in node["target"]]
    assert targets == ["#email"]
