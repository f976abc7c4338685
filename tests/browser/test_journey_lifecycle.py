"""A new season, as an organiser sets it up: duplicate the demo edition into a draft with
its dates shifted a year; the public does not see it; publishing a location that is not
ready is refused with the reasons on the page; the organiser fills the gap and publishes;
the public page then shows the day. Every screen passes axe. At the end the edition is
archived (through its confirmation page), so the other browser tests meet the demo as before."""

from __future__ import annotations

from demo_site import DESKTOP, NARROW
from journey_helpers import at, submit

SLUG = "samen-sterk-2027"


def _days_of(page) -> str:
    """(city, link) of every day in the edition page's table of locations."""
    for link in page.locator("main table a[href^='/beheer/locaties/']").all():
        href = link.get_attribute("href")
        city = link.inner_text()
        yield city, href


def test_duplicate_publish_refused_then_published(new_page, pages, login, assert_accessible):
    organiser = login(new_page(viewport=DESKTOP))
    organiser.goto(f"/beheer/edities/{pages.edition_id}")
    organiser.get_by_role("link", name="Dupliceren (volgend jaar)").click()
    at(organiser, f"/beheer/edities/{pages.edition_id}/dupliceren")
    assert_accessible(organiser, "lifecycle-duplicate-form")
    form = organiser.locator("main form")
    form.get_by_label("Naam van de nieuwe editie").fill("Alliantiedagen 2027")
    form.get_by_label("Korte naam (voor de webadressen)").fill(SLUG)
    form.get_by_label("Thema").fill("Samen sterk")
    form.get_by_label("Jaar").fill("2027")
    form.get_by_label("Alle datums verschuiven met (dagen)").fill("364")
    submit(organiser, form.get_by_role("button", name="Dupliceren"))
    assert "De nieuwe editie is gemaakt als concept." in organiser.content()
    assert organiser.get_by_role("heading", name="Stand: Concept").is_visible()
    assert_accessible(organiser, "lifecycle-draft-edition")
    edition_page = organiser.url

    visitor = new_page(viewport=NARROW)
    assert visitor.goto(f"/{SLUG}/").status == 404

    # A day that is not ready: publishing is refused and the page says what is missing.
    days = list(_days_of(organiser))
    refused = None
    for city, href in days:  # one that misses only speakers, which this journey fills in
        organiser.goto(href)
        missing = organiser.locator("#publiceren ul.problems li").all_inner_texts()
        if missing and all(problem.startswith("Geen spreker bij") for problem in missing):
            refused = (city, href)
            break
    assert refused, "the demo has a day that misses only speakers"
    city, href = refused
    submit(organiser, organiser.locator("#publiceren").get_by_role("button", name="Locatie publiceren"))
    assert f"{city} is nog niet klaar om te publiceren." in organiser.content()
    problems = organiser.locator("#publiceren ul.problems li").all_inner_texts()
    assert problems and all(problem.startswith("Geen spreker bij") for problem in problems), problems
    assert_accessible(organiser, "lifecycle-publish-refused")

    # Fill every missing slot with a speaker, through the location's own form.
    for problem in problems:
        title = problem.split("'")[1]
        form = organiser.locator("main form").filter(has=organiser.locator("#programme_item_id"))
        value = form.locator("#programme_item_id option", has_text=title).first.get_attribute("value")
        form.locator("#programme_item_id").select_option(value)
        form.locator("#speaker_id").select_option("0")
        form.locator("#name").fill(f"Spreker {title[-3:]}")
        submit(organiser, form.get_by_role("button", name="Toevoegen"))
        assert "De spreker is toegevoegd." in organiser.content()
    assert organiser.locator("#publiceren").get_by_text("Klaar om te publiceren.").is_visible()
    submit(organiser, organiser.locator("#publiceren").get_by_role("button", name="Locatie publiceren"))
    assert "Ze wordt openbaar zodra de editie is gepubliceerd." in organiser.content()

    organiser.goto(edition_page)
    submit(organiser, organiser.get_by_role("button", name="Editie publiceren"))
    assert "De editie is gepubliceerd." in organiser.content()
    assert_accessible(organiser, "lifecycle-published-edition")

    response = visitor.goto(f"/{SLUG}/")
    assert response.status == 200
    assert visitor.get_by_role("link", name=city).is_visible()
    assert "Concept" not in visitor.locator("main").inner_text()
    assert_accessible(visitor, "lifecycle-public-after-publishing")

    # Archive it again (confirmation page first), so the demo stays the site's edition.
    organiser.goto(edition_page)
    organiser.get_by_role("link", name="Editie archiveren").click()
    assert organiser.get_by_text("Dit gaat ermee mee:").is_visible()
    assert_accessible(organiser, "lifecycle-archive-confirm")
    organiser.get_by_label("Ja, ik weet wat hiermee meegaat").check()
    submit(organiser, organiser.get_by_role("button", name="Archiveren"))
    assert organiser.get_by_role("heading", name="Stand: Gearchiveerd").is_visible()
