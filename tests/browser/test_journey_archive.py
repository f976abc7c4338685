"""After the day. A facilitator signs in after their workgroup, saves a draft of the report,
comes back and sends it; the coordinator publishes it; it appears on the public archive
page; the cross-location page shows it beside another location's report of the same
workgroup (from the demo). The archive pages pass axe at 320 CSS px.

The demo's facilitator login (`flask demo load`) has a workgroup at the latest day held
whose report is still to be written, and which reported at the day before. (Should the
facilitator's first such day still lie ahead, the organiser first moves its date to
yesterday through the location form, and back after.)"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from demo_site import DESKTOP, NARROW
from journey_helpers import at, submit

SUMMARY = "In de werkgroep spraken twaalf mensen over armoede in de wijk en wat vrijwilligers doen."


@dataclass(frozen=True)
class Setting:
    offer_id: int
    slug: str  # the facilitator's day
    city: str
    date: date
    workgroup_id: int
    workgroup: str
    other_city: str  # where the same workgroup already reported (the demo's archive day)
    archive_slug: str


def _database(live_server) -> Path:
    return Path(live_server.log).parent / "live.db"


def _archive_slug(live_server) -> str:
    """The demo's day with an archive: the one with photos."""
    with closing(sqlite3.connect(_database(live_server))) as connection:
        (slug,) = connection.execute(
            "SELECT l.slug FROM photo p JOIN location_day l ON l.id = p.location_day_id LIMIT 1"
        ).fetchone()
    return slug


def _setting(live_server) -> Setting:
    with closing(sqlite3.connect(_database(live_server))) as connection:
        rows = connection.execute(
            """
            SELECT o.id, l.slug, l.city, l.date, w.id, w.title, other.city, other.slug
            FROM user u
            JOIN facilitator_offer fo ON fo.user_id = u.id
            JOIN workgroup_offer o ON o.id = fo.offer_id
            JOIN location_day l ON l.id = o.location_day_id
            JOIN workgroup w ON w.id = o.workgroup_id
            JOIN workgroup_offer oo ON oo.workgroup_id = w.id AND oo.location_day_id != l.id
            JOIN workgroup_report r ON r.offer_id = oo.id AND r.status = 'published'
            JOIN location_day other ON other.id = oo.location_day_id
            WHERE u.email = 'begeleider@alliantiedagen.local'
              AND NOT EXISTS (SELECT 1 FROM workgroup_report mine WHERE mine.offer_id = o.id)
            ORDER BY l.date, o.id
            """
        ).fetchall()
    assert rows, "the demo has no facilitator workgroup that also reported elsewhere"
    offer_id, slug, city, day, workgroup_id, workgroup, other_city, other_slug = rows[0]
    return Setting(offer_id, slug, city, date.fromisoformat(day), workgroup_id, workgroup, other_city, other_slug)


def _move_day(page, pages, slug: str, day: date, closes: str | None = None) -> str:
    """Moves the day; registration then closes on the day at the latest (the form refuses
    a later close), or at `closes`. Returns the close moment the form had before."""
    page.goto(pages.edit_location(slug))
    page.get_by_label("Datum").fill(day.isoformat())
    closing = page.locator("#registration_closes_at")
    before = closing.input_value()
    closing.fill(closes or min(before, f"{day.isoformat()}T08:00"))
    # Set-up for the test, not a real move: the participants are not told.
    page.get_by_label("Deelnemers bericht sturen over deze wijziging").uncheck()
    submit(page, page.get_by_role("button", name="Opslaan"))
    assert page.get_by_role("status").inner_text() == "De locatie is opgeslagen."
    return before


@pytest.fixture()
def setting(live_server, new_page, pages, login):
    """The facilitator's day has taken place: moved to yesterday if needed, put back after."""
    found = _setting(live_server)
    organiser = login(new_page())
    moved = found.date >= date.today()
    if moved:
        closes = _move_day(organiser, pages, found.slug, date.today() - timedelta(days=1))
    yield found
    if moved:
        _move_day(organiser, pages, found.slug, found.date, closes)


def test_facilitator_report_from_draft_to_the_archive_beside_another_location(
    setting, new_page, pages, login, assert_accessible, assert_no_horizontal_scroll, screenshot
):
    # The facilitator, after the day: "Mijn werkgroepen" -> "Verslag schrijven".
    page = login(new_page(viewport=NARROW), pages.facilitator)
    at(page, "/beheer/mijn-werkgroepen/")
    section = page.locator("section").filter(has=page.get_by_role("heading", name=setting.workgroup))
    section = section.filter(has_text=setting.city)
    section.get_by_role("link", name="Verslag schrijven").click()
    at(page, pages.report(setting.offer_id))
    assert page.get_by_role("heading", level=1).inner_text() == f"Verslag: {setting.workgroup}"
    assert_accessible(page, "report-write-320")
    assert_no_horizontal_scroll(page, "report-write-320")

    # A draft, with the recommendations still to come.
    page.get_by_label("Samenvatting: waar ging het gesprek over?").fill(SUMMARY)
    page.get_by_label("Belangrijkste punten (één per regel)").fill("Schaamte houdt mensen thuis\nDe buurt helpt")
    page.get_by_label("Hoeveel mensen deden mee?").fill("12")
    submit(page, page.get_by_role("button", name="Opslaan als concept"))
    assert page.get_by_role("status").inner_text() == "Het verslag is opgeslagen. U kunt later verder schrijven."

    # Later: sign in again, the draft is there; add the recommendations and send.
    page = login(new_page(viewport=NARROW), pages.facilitator)
    page.goto(pages.report(setting.offer_id))
    assert page.get_by_label("Samenvatting: waar ging het gesprek over?").input_value() == SUMMARY
    assert "concept" in page.locator("main").inner_text()
    page.get_by_label("Aanbevelingen en vervolg (één per regel)").fill("Een vast aanspreekpunt in de wijk")
    submit(page, page.get_by_role("button", name="Versturen naar de coördinator"))
    assert page.get_by_role("status").inner_text() == "Dank u wel! Het verslag is verstuurd naar de coördinator."
    assert SUMMARY not in _public_text(new_page(), pages.workgroup_across(setting.workgroup_id))

    # The coordinator of that day reviews and publishes it (the demo's coordinator is
    # Rotterdam's; for another day the organiser does it).
    reviewer = pages.coordinator if setting.slug == "rotterdam" else pages.organiser
    page = login(new_page(viewport=DESKTOP), reviewer)
    page.goto(pages.location_reports(setting.slug))
    row = page.get_by_role("row").filter(has_text=setting.workgroup)
    assert "verstuurd, na te kijken" in row.inner_text()
    assert_accessible(page, "manage-reports")
    row.get_by_role("link", name="Nakijken").click()
    at(page, pages.report(setting.offer_id))
    assert page.get_by_label("Samenvatting: waar ging het gesprek over?").input_value() == SUMMARY
    submit(page, page.get_by_role("button", name="Opslaan en publiceren"))
    assert page.get_by_role("status").inner_text() == "Het verslag is gepubliceerd en staat op de website."

    # The public archive page: the report under its day.
    page = new_page(viewport=NARROW)
    page.goto(pages.look_back)
    day = page.locator("section.archive-location").filter(
        has=page.get_by_role("heading", name=setting.city, exact=True)
    )
    assert SUMMARY in day.inner_text() and "Een vast aanspreekpunt in de wijk" in day.inner_text()
    assert_accessible(page, "look-back-320")
    assert_no_horizontal_scroll(page, "look-back-320")
    screenshot(page, "look-back-320")

    # Across the locations: side by side with the other day's report of the same workgroup.
    page.goto(pages.workgroup_across(setting.workgroup_id))
    reports = page.locator(".side-by-side article")
    headings = [heading.inner_text() for heading in reports.get_by_role("heading", level=2).all()]
    assert setting.city in headings and setting.other_city in headings
    assert SUMMARY in reports.filter(has_text=setting.city).first.inner_text()
    assert_accessible(page, "workgroup-across-320")
    assert_no_horizontal_scroll(page, "workgroup-across-320")
    screenshot(page, "workgroup-across-320")
    page.set_viewport_size(DESKTOP)
    boxes = [article.bounding_box() for article in reports.all()]
    assert len({round(box["y"]) for box in boxes}) == 1, "side by side on a wide screen"
    screenshot(page, "workgroup-across-desktop")


def _public_text(page, path: str) -> str:
    page.goto(path)
    return page.locator("main").inner_text()


def test_archive_pages_pass_axe_at_320_px(
    live_server, new_page, pages, login, assert_accessible, assert_no_horizontal_scroll, screenshot
):
    archive_slug = _archive_slug(live_server)
    page = new_page(viewport=NARROW)
    for name, path in pages.archive_public(archive_slug).items():
        response = page.goto(path)
        assert response.ok, f"{name}: HTTP {response.status}"
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # load the lazy photos
        assert_accessible(page, f"{name}-320")
        assert_no_horizontal_scroll(page, f"{name}-320")
        screenshot(page, f"{name}-320")
    page = login(new_page(viewport=NARROW))
    for name, path in pages.archive_organiser(archive_slug).items():
        response = page.goto(path)
        assert response.ok, f"{name}: HTTP {response.status}"
        assert_accessible(page, f"{name}-320")
        assert_no_horizontal_scroll(page, f"{name}-320")
        screenshot(page, f"{name}-320")
