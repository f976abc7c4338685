from datetime import date

import pytest
from markupsafe import escape

from app.demo import data
from app.demo.loader import load_demo
from app.extensions import db


@pytest.fixture()
def demo(app):
    result = load_demo(date.today())
    db.session.commit()
    return result.edition


def _intro_speaker(location_slug: str) -> str:
    spec = next(spec for spec in data.LOCATIONS if spec["slug"] == location_slug)
    return next(s["name"] for s in spec["speakers"] if s["item"] == "inleiding")


def test_home_leads_to_the_edition_listing_all_five_days(client, demo):
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    for city in ("Zutphen", "Rotterdam", "Amsterdam", "Beilen", "Roermond"):
        assert city in page
    assert "Pauluskerk" in page
    assert 'lang="nl"' in page


def test_dates_are_written_the_dutch_way(client, demo):
    day = sorted(demo.location_days, key=lambda d: d.date)[0]
    page = client.get(f"/{demo.slug}/").get_data(as_text=True)
    months = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ]
    days = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
    expected = f"{days[day.date.weekday()]} {day.date.day} {months[day.date.month - 1]} {day.date.year}"
    assert expected in page


@pytest.mark.parametrize("slug", [spec["slug"] for spec in data.LOCATIONS])
def test_each_location_shows_its_own_introduction_speaker(client, demo, slug):
    page = client.get(f"/{demo.slug}/{slug}/").get_data(as_text=True)
    assert _intro_speaker(slug) in page
    others = {_intro_speaker(s["slug"]) for s in data.LOCATIONS} - {_intro_speaker(slug)}
    for other in others:
        assert other not in page


def test_location_page_shows_offered_workgroups_only(client, demo):
    spec = next(spec for spec in data.LOCATIONS if spec["slug"] == "rotterdam")
    offered = {wg["workgroup"] for wg in spec["workgroups"]}
    page = client.get(f"/{demo.slug}/rotterdam/").get_data(as_text=True)
    for workgroup in data.WORKGROUPS:
        assert (workgroup["title"] in page) == (workgroup["key"] in offered), workgroup["title"]


def test_english_switch_translates_the_interface(client, demo):
    response = client.get(f"/taal/en?next=/{demo.slug}/", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert 'lang="en"' in page
    assert "Choose a day near you" in page
    assert "Nederlands" in page


def test_language_switch_refuses_to_redirect_elsewhere(client, demo):
    response = client.get("/taal/en?next=//evil.example/")
    assert response.headers["Location"] == "/"


def test_pages_need_no_javascript_and_have_a_skip_link(client, demo):
    page = client.get(f"/{demo.slug}/rotterdam/").get_data(as_text=True)
    assert "<script" not in page
    assert 'href="#inhoud"' in page and 'id="inhoud"' in page


def test_unknown_location_is_a_friendly_404(client, demo):
    response = client.get(f"/{demo.slug}/atlantis/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.get_data(as_text=True)


def test_english_page_shows_the_organisers_english_texts_and_marks_the_dutch(client, demo):
    """An English version where the organiser gave one; the Dutch text otherwise, lang="nl"."""
    items = sorted(demo.programme_items, key=lambda item: item.position)
    items[0].title_en, items[0].description_en = "Welcome and opening", "Coffee and tea."
    db.session.commit()
    client.get("/taal/en")
    page = client.get(f"/{demo.slug}/rotterdam/").get_data(as_text=True)
    assert "<h3>Welcome and opening</h3>" in page and "Coffee and tea." in page
    assert items[0].title not in page
    assert f'<h3><span lang="nl">{escape(items[1].title)}</span></h3>' in page
    client.get("/taal/nl")
    page = client.get(f"/{demo.slug}/rotterdam/").get_data(as_text=True)
    assert f"<h3>{escape(items[0].title)}</h3>" in page and "Welcome and opening" not in page
