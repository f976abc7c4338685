"""The organiser's workgroup journey: Rotterdam's Werkgroepindeling, a run with a fixed
lottery number, the quality report beside first-come-first-served, publishing (mail to
those whose workgroup changed), then the programme booklet and the day's calendar."""

from __future__ import annotations

import re

import pytest
from demo_site import DESKTOP, PHONE
from journey_helpers import Outbox, add_by_hand, at, download_document, submit

SEED = 20130914


@pytest.fixture()
def outbox(live_server) -> Outbox:
    return Outbox.of(live_server)


def test_organiser_assigns_and_publishes_workgroups(
    new_page, pages, login, outbox, assert_accessible, assert_no_horizontal_scroll, screenshot
):
    page = login(new_page())
    # Two late registrations by phone, with an address and choices: the run must place them.
    people = {
        "Hanneke Indeling": ("hanneke.indeling@example.org", (2, 1, 3)),
        "Cor Indeling": ("cor.indeling@example.org", (3, 2)),
    }
    choices = {}
    for name, (email, positions) in people.items():
        added = add_by_hand(page, pages, "rotterdam", name, email, positions)
        assert added.message == f"{name} is aangemeld."
        choices[name] = added.choices

    page.goto(pages.manage_location("rotterdam"))
    page.get_by_role("link", name="Werkgroepindeling").click()
    at(page, pages.assignment("rotterdam"))
    assert page.get_by_role("heading", level=1).inner_text() == "Werkgroepindeling Rotterdam"

    # "Indeling maken" with a lottery number of our own.
    page.get_by_label("Lotnummer (leeg: nieuw lotnummer)").fill(str(SEED))
    submit(page, page.get_by_role("button", name="Indeling maken"))
    assert page.url.endswith(pages.assignment("rotterdam") + "#resultaat")
    assert page.get_by_role("status").inner_text().startswith(f"De indeling is gemaakt (lotnummer {SEED}).")
    report = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Deze indeling"))
    assert report.get_by_role("columnheader", name="Wie het eerst komt (ter vergelijking)").is_visible()
    first_choices = report.get_by_role("row", name=re.compile("^1e keus")).locator("td")
    assert re.fullmatch(r"\d+ \(\d+(\.\d+)?%\)", first_choices.first.inner_text())  # e.g. "31 (84.0%)"
    assert f"Lotnummer {SEED}" in page.locator("main").inner_text()

    # The preview: who will be told what. Both newcomers, each in one of their own choices.
    preview = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Wordt"))
    placed = {}
    for name in people:
        row = preview.get_by_role("row").filter(has_text=name)
        assert row.count() == 1, f"{name} is not in the preview"
        placed[name] = row.locator("td").nth(3).inner_text()
        assert placed[name] in choices[name], (name, placed[name], choices[name])
    assert_accessible(page, "manage-assignment-rotterdam-run")
    screenshot(page, "manage-assignment-rotterdam-run-desktop")
    # On a phone the wide tables scroll sideways inside the page: by keyboard as well.
    page.set_viewport_size(PHONE)
    assert_accessible(page, "manage-assignment-rotterdam-run-phone")
    assert_no_horizontal_scroll(page, "manage-assignment-rotterdam-run-phone")
    screenshot(page, "manage-assignment-rotterdam-run-phone")
    page.set_viewport_size(DESKTOP)

    # Publish: mail, with the calendar file, to everyone whose workgroup changed.
    submit(page, page.get_by_role("button", name="Publiceren en deelnemers mailen"))
    told = re.fullmatch(r"Gepubliceerd: (\d+) deelnemers krijgen bericht\.", page.get_by_role("status").inner_text())
    assert told and int(told.group(1)) >= len(people)
    assert page.get_by_text("Er zijn geen wijzigingen om te publiceren.").is_visible()
    for name, (email, _) in people.items():
        mail = outbox.newest(email)
        assert mail.subject == "Uw werkgroep voor de Alliantiedag in Rotterdam"
        assert f"Uw werkgroep: {placed[name]}" in mail.text
        assert any(filename.endswith(".ics") for filename in mail.attachments)

    # The programme booklet and the day's calendar.
    page.get_by_role("link", name="Terug naar Rotterdam").click()
    at(page, pages.manage_location("rotterdam"))
    assert download_document(page, "Programmaboekje (PDF)").startswith(b"%PDF")
    page.goto(pages.manage_location("rotterdam"))
    page.get_by_role("link", name="Publieke pagina").click()
    at(page, pages.location("rotterdam"))
    with page.expect_download() as calendar:
        page.get_by_role("link", name="Deze dag downloaden (.ics)").click()
    assert calendar.value.path().read_text().startswith("BEGIN:VCALENDAR")
