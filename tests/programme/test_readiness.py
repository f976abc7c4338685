"""Readiness covers every part of a location day, each missing item linking to its fix;
the same items are what publishing a day is refused with (`missing_items`)."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest

from app.evaluation.models import EvaluationForm, EvaluationQuestion, QuestionKind
from app.extensions import db
from app.programme import readiness
from app.programme.models import ItemKind
from app.programme.services import assign_speaker, find_or_create_speaker
from app.timeutil import utcnow

TITLES = ("Participatiewet", "Maatjes naar werk", "Sociale coöperaties", "Armoedebestrijding")


@pytest.fixture()
def ready(make_edition, make_location, make_workgroup, make_offer, make_user, auth):
    """Rotterdam with everything in place; Zutphen with nothing but its date and address."""
    edition = make_edition()
    rotterdam = make_location(edition, "Rotterdam", capacity=80)
    zutphen = make_location(edition, "Zutphen", capacity=80)
    groups = [make_workgroup(edition, title) for title in TITLES]
    offers = [make_offer(rotterdam, group, capacity=20) for group in groups]
    speaker = find_or_create_speaker(edition, "Hans Bosselaar", "VU")
    for item in edition.programme_items:
        if ItemKind(item.kind).takes_speaker:
            assign_speaker(rotterdam, item, speaker, "")
    form = EvaluationForm(edition_id=edition.id)
    form.questions.append(EvaluationQuestion(position=1, kind=QuestionKind.MARK, text="Rapportcijfer"))
    db.session.add(form)
    db.session.commit()
    make_user("organiser@example.org")
    auth.login("organiser@example.org")
    return dict(edition=edition, rotterdam=rotterdam, zutphen=zutphen, offers=offers, form=form, groups=groups)


def kinds(location) -> list[str]:
    return [missing.kind for missing in readiness.missing_items(location)]


def test_a_complete_location_is_ready(ready, request_context):
    assert readiness.missing_items(ready["rotterdam"]) == []


@pytest.mark.parametrize(
    ("change", "kind", "text", "fix"),
    [
        ("speaker", "speaker", "Geen spreker bij 'Inleiding'", "/beheer/locaties/{rotterdam}#programma"),
        ("room", "offer_room", "Ronde 1, Armoedebestrijding: zaal ontbreekt", "/beheer/aanbod/{offer}/bewerken"),
        (
            "facilitator",
            "offer_facilitator",
            "Ronde 1, Armoedebestrijding: begeleider ontbreekt",
            "/beheer/aanbod/{offer}/bewerken",
        ),
        (
            "offer_capacity",
            "offer_capacity",
            "Ronde 1, Armoedebestrijding: capaciteit ontbreekt",
            "/beheer/aanbod/{offer}/bewerken",
        ),
        ("capacity", "capacity", "Aantal plaatsen ontbreekt", "/beheer/locaties/{rotterdam}/bewerken"),
        (
            "seats",
            "seats",
            "Ronde 1: 80 werkgroepplaatsen voor 100 deelnemers",
            "/beheer/locaties/{rotterdam}#werkgroepen",
        ),
        (
            "few_offers",
            "offer_count",
            "Ronde 1: 3 werkgroepen, minstens 4 nodig",
            "/beheer/locaties/{rotterdam}#werkgroepen",
        ),
        ("no_form", "evaluation_form", "Het evaluatieformulier ontbreekt", "/beheer/edities/{edition}/evaluatie"),
        (
            "no_questions",
            "evaluation_form",
            "Het evaluatieformulier heeft geen vragen",
            "/beheer/edities/{edition}/evaluatie",
        ),
        (
            "dates",
            "dates",
            "De inschrijving sluit pas na het begin van de dag",
            "/beheer/locaties/{rotterdam}/bewerken",
        ),
        ("address", "address", "Adres ontbreekt", "/beheer/locaties/{rotterdam}/bewerken"),
    ],
)
def test_each_missing_part_is_named_with_the_link_to_its_fix(client, ready, change, kind, text, fix):
    rotterdam, offer = ready["rotterdam"], ready["offers"][3]  # Armoedebestrijding, first by title
    if change == "speaker":
        intro = next(c for c in rotterdam.contributions if c.programme_item.kind == ItemKind.INTRODUCTION)
        db.session.delete(intro)
    elif change == "room":
        offer.room = ""
    elif change == "facilitator":
        offer.facilitator = "  "
    elif change == "offer_capacity":
        offer.capacity = None
        rotterdam.capacity = 60  # the 60 seats of the others are still enough
    elif change == "capacity":
        rotterdam.capacity = 0
    elif change == "seats":
        rotterdam.capacity = 100
    elif change == "few_offers":
        db.session.delete(offer)
        rotterdam.capacity = 60
    elif change == "no_form":
        db.session.delete(ready["form"])
    elif change == "no_questions":
        ready["form"].questions.clear()
    elif change == "dates":
        rotterdam.date = date.today() - timedelta(days=3)  # a day in the past, registration still open
        rotterdam.registration_closes_at = utcnow() + timedelta(days=1)
    elif change == "address":
        rotterdam.address = ""
    db.session.commit()
    fix = fix.format(rotterdam=rotterdam.id, offer=offer.id, edition=ready["edition"].id)

    page = client.get(f"/beheer/edities/{ready['edition'].id}/gereedheid").get_data(as_text=True)
    cell = re.search(rf'<tr id="locatie-{rotterdam.id}">.*?</tr>', page, re.S).group(0)
    items = {
        " ".join(re.sub(r"<[^>]+>", "", html.unescape(label)).split()): html.unescape(href)
        for href, label in re.findall(r'<li><a href="([^"]+)">(.*?)</a></li>', cell, re.S)
    }
    assert items == {text: fix}
    assert client.get(fix).status_code == 200
    assert "Klaar" not in cell

    with client.application.test_request_context("/"):
        (missing,) = readiness.missing_items(db.session.get(type(rotterdam), rotterdam.id))
    assert (missing.kind, str(missing), missing.url) == (kind, text, fix)


def test_dropped_offers_do_not_count(ready, request_context):
    ready["offers"][0].is_open = False  # dropped: no seats, and its missing room would not matter
    ready["offers"][0].room = ""
    db.session.commit()
    assert kinds(ready["rotterdam"]) == ["offer_count", "seats"]


def test_page_fits_1280_px_in_one_row_per_location(client, ready):
    page = client.get(f"/beheer/edities/{ready['edition'].id}/gereedheid").get_data(as_text=True)
    assert "1 van 2 locaties zijn klaar" in page
    assert page.count('<tr id="locatie-') == 2
    # Compact marks per part, not a column per speaker slot or workgroup round.
    assert re.findall(r'<th scope="col">([^<]+)</th>', page) == [
        "Locatie",
        "Sprekers",
        "Werkgroepen",
        "Plaatsen",
        "Evaluatie",
        "Datum en adres",
        "Wat ontbreekt",
    ]
    zutphen = re.search(rf'<tr id="locatie-{ready["zutphen"].id}">.*?</tr>', page, re.S).group(0)
    assert "0 van 2" in zutphen and "Geen spreker bij" in zutphen
