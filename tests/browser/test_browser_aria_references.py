"""No aria-describedby or aria-labelledby points at an id the page does not have.

A reference to a missing id is silently dropped by screen readers (the help text is never
read) and axe does not report it; so every page is checked, public and organiser.
"""

from __future__ import annotations

from crawl import crawl

BROKEN_REFERENCES = """() => [...document.querySelectorAll('[aria-describedby], [aria-labelledby]')].flatMap(
  element => ['aria-describedby', 'aria-labelledby'].flatMap(attribute =>
    (element.getAttribute(attribute) || '').split(/\\s+/).filter(id => id && !document.getElementById(id))
      .map(id => `<${element.tagName.toLowerCase()} id="${element.id}"> ${attribute}="${id}"`)))"""


def _broken_references(page, start) -> list[str]:
    problems = []
    for path in crawl(page, start):
        problems += [f"{path}: {reference}" for reference in page.evaluate(BROKEN_REFERENCES)]
    return problems


def test_public_pages_point_only_at_ids_they_have(page, pages):
    assert _broken_references(page, [path for name, path in pages.public.items() if name != "404"]) == []


def test_organiser_pages_point_only_at_ids_they_have(page, pages, login):
    login(page)
    assert _broken_references(page, [pages.dashboard, *pages.organiser_pages.values()]) == []


def test_the_check_finds_a_reference_to_a_missing_id(page, pages):
    page.goto(pages.login)
    assert page.evaluate(BROKEN_REFERENCES) == []
    page.evaluate("document.querySelector('#email').setAttribute('aria-describedby', 'email-help')")
    assert page.evaluate(BROKEN_REFERENCES) == ['<input id="email"> aria-describedby="email-help"']
