"""The start page and the readiness overview in a real browser: one row per location that
fits a 1280 px screen without scrolling sideways (the table itself, not only the page),
rows that reflow into blocks at 320 CSS px, axe-clean, and needs-attention links that land
on the fix."""

from __future__ import annotations

import pytest
from demo_site import DESKTOP, NARROW

TABLE_FITS = """() => [...document.querySelectorAll('main table')].map(table => ({
    table: table.className,
    scroll: table.scrollWidth,
    box: table.parentElement.clientWidth,
    right: table.getBoundingClientRect().right,
    window: window.innerWidth,
}))"""

# At 320 px each row is a block: its cells sit under each other, not side by side.
ROW_STACKED = """() => [...document.querySelectorAll('main table.stacked tbody tr')].map(row => {
    const cells = [...row.children].map(cell => cell.getBoundingClientRect());
    return cells.every(cell => Math.abs(cell.left - cells[0].left) < 1)
        && cells.every((cell, i) => i === 0 || cell.top >= cells[i - 1].bottom - 1);
})"""


def _pages(pages):
    return {"manage-dashboard": pages.dashboard, "manage-readiness": f"/beheer/edities/{pages.edition_id}/gereedheid"}


def _tables_fit(page) -> list[str]:
    return [
        f"{t['table']}: {t['scroll']} px in {t['box']} px (right edge {t['right']:.0f} of {t['window']})"
        for t in page.evaluate(TABLE_FITS)
        if t["scroll"] > t["box"] or t["right"] > t["window"]
    ]


def test_start_page_and_readiness_fit_1280_px(new_page, pages, login, assert_no_horizontal_scroll, assert_accessible):
    page = login(new_page(viewport=DESKTOP))
    for name, path in _pages(pages).items():
        page.goto(path)
        assert page.locator("main table").count() >= 1
        assert_no_horizontal_scroll(page, name)
        assert _tables_fit(page) == [], name
        # Side by side at 1280 px: one row per location, its cells on one line.
        first = page.locator("main table tbody tr").first
        tops = {round(box["y"]) for box in (cell.bounding_box() for cell in first.locator("th, td").all())}
        assert len(tops) == 1, (name, tops)
        assert_accessible(page, f"{name}-1280")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_start_page_and_readiness_reflow_at_320_px(
    new_page, pages, login, assert_no_horizontal_scroll, assert_accessible, language
):
    page = login(new_page(viewport=NARROW, language=language))
    for name, path in _pages(pages).items():
        page.goto(path)
        assert_no_horizontal_scroll(page, f"{name}-{language}")
        assert _tables_fit(page) == [], name
        stacked = page.evaluate(ROW_STACKED)
        assert stacked and all(stacked), (name, stacked)
        assert_accessible(page, f"{name}-320-{language}")


def test_coordinator_start_page_at_320_px(new_page, pages, login, assert_no_horizontal_scroll, assert_accessible):
    page = login(new_page(viewport=NARROW), pages.coordinator)
    page.goto(pages.dashboard)
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1 and rows.first.locator("th").inner_text().startswith("Rotterdam")
    assert_no_horizontal_scroll(page, "dashboard-coordinator-320")
    assert_accessible(page, "manage-dashboard-coordinator-320")


def test_needs_attention_link_lands_on_the_fix(new_page, pages, login, assert_accessible):
    page = login(new_page(viewport=DESKTOP))
    page.goto(pages.dashboard)
    attention = page.locator("ul.attention a")
    assert attention.count() >= 1
    link = attention.filter(has_text="zonder spreker").first
    text = link.inner_text()
    city = text.split(":", 1)[0]
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith("#programma"), page.url
    assert page.get_by_role("heading", level=1).inner_text().startswith(city)
    assert page.locator("#programma").is_visible()
