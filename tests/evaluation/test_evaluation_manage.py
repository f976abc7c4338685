"""Organiser pages: the form definition, invitations, paper entry, results and exports."""

import csv
import io
import re

import pytest
from evaluation_helpers import question, required_answers
from openpyxl import load_workbook
from pypdf import PdfReader

from app.accounts.models import Role
from app.evaluation import services
from app.evaluation.models import QuestionKind, QuestionScope
from app.extensions import db


@pytest.fixture()
def organiser(auth, make_user):
    make_user("organiser@example.org", Role.ORGANISER)
    auth.login("organiser@example.org")


@pytest.fixture()
def coordinator(auth, make_user, world):
    make_user("coordinator@example.org", Role.COORDINATOR, [world.rotterdam])
    auth.login("coordinator@example.org")


def test_organiser_makes_and_edits_the_form(client, organiser, make_edition):
    edition = make_edition(slug="nieuw")
    page = client.get(f"/beheer/edities/{edition.id}/evaluatie").get_data(as_text=True)
    assert "Evaluatieformulier maken" in page
    client.post(f"/beheer/edities/{edition.id}/evaluatie/maken")
    form = services.form_for(edition)
    assert len(form.questions) == len(services.DEFAULT_QUESTIONS) and not form.published
    response = client.post(
        f"/beheer/edities/{edition.id}/evaluatie/vragen/nieuw",
        data={
            "text": "Was de zaal goed te bereiken?",
            "kind": "single",
            "scope": "general",
            "options": "Ja",
        },
    )
    page = response.get_data(as_text=True)
    assert "minstens twee keuzes" in page and "Was de zaal goed te bereiken?" in page  # kept
    client.post(
        f"/beheer/edities/{edition.id}/evaluatie/vragen/nieuw",
        data={
            "text": "Was de zaal goed te bereiken?",
            "kind": "single",
            "scope": "general",
            "options": "Ja\nNee",
            "required": "y",
        },
    )
    db.session.expire_all()
    added = services.form_for(edition).questions[-1]
    assert added.text == "Was de zaal goed te bereiken?" and added.required and added.option_list == ["Ja", "Nee"]
    client.post(
        f"/beheer/edities/{edition.id}/evaluatie",
        data={
            "intro": "Hallo",
            "anonymous": "y",
            "smileys": "y",
            "days_open": "14",
            "published": "y",
        },
    )
    db.session.expire_all()
    form = services.form_for(edition)
    assert form.published and form.anonymous and form.days_open == 14 and form.intro == "Hallo"


def test_location_page_invites_and_reminds(client, organiser, world, outbox):
    base = f"/beheer/locaties/{world.rotterdam.id}/evaluatie"
    page = client.get(base).get_data(as_text=True)
    assert "Uitnodigingen versturen" in page
    response = client.post(base + "/uitnodigen", data={})
    assert response.status_code == 302
    page = client.get(base).get_data(as_text=True)
    assert "3 deelnemers hebben een uitnodiging gekregen" in page
    assert len([m for m in outbox.messages() if "Wat vond u" in m["Subject"]]) == 3
    client.post(base + "/herinneren")
    assert len([m for m in outbox.messages() if m["Subject"].startswith("Herinnering")]) == 3


def test_preview_shows_the_locations_own_programme(client, organiser, world):
    page = client.get(f"/beheer/locaties/{world.zutphen.id}/evaluatie/voorbeeld").get_data(as_text=True)
    assert "Piet Zutphen" in page and "Hans Bosselaar" in page and "Anja Rotterdam" not in page


def test_paper_entry_one_form_after_another(client, organiser, world):
    mark = question(world.form, QuestionScope.GENERAL, QuestionKind.MARK)
    single = question(world.form, QuestionScope.GENERAL, QuestionKind.SINGLE)
    base = f"/beheer/locaties/{world.rotterdam.id}/evaluatie/papier"
    page = client.get(base).get_data(as_text=True)
    assert 'inputmode="numeric"' in page and "autofocus" in page
    response = client.post(base, data={f"q{mark.id}": "8", f"q{single.id}": single.option_list[0]})
    assert response.status_code == 302 and response.headers["Location"].endswith("/papier")
    page = client.get(base).get_data(as_text=True)
    assert "Papieren formulier nr. 1 is opgeslagen" in page
    wrong = client.post(base, data={f"q{mark.id}": "12", f"q{single.id}": single.option_list[1]})
    page = wrong.get_data(as_text=True)
    assert wrong.status_code == 200 and "van 1 tot en met 10" in page
    assert f'value="{single.option_list[1]}" selected' in page or f'selected value="{single.option_list[1]}"' in page
    intro = question(world.form, QuestionScope.INTRODUCTION)
    key = f"q{intro.id}_contribution{world.contributions[('Rotterdam', 'intro')].id}"
    page = client.post(base, data={f"q{mark.id}": "7", key: "9"}).get_data(as_text=True)
    assert "van 1 tot en met 5" in page

    def tag(field_id):
        start = page.rindex("<input", 0, page.index(f'id="{field_id}"'))
        return page[start : page.index(">", start)]

    assert "autofocus" in tag(key) and "autofocus" not in tag(f"q{mark.id}")  # the cursor goes to the problem
    assert 'value="7"' in tag(f"q{mark.id}")  # and nothing typed is lost
    client.post(base, data={f"q{mark.id}": "6"})
    state = services.location_state(world.rotterdam)
    assert state.paper == 2 and state.online == 0
    paper = services.paper_responses(world.rotterdam)
    client.post(f"/beheer/evaluatieantwoorden/{paper[0].id}/verwijderen")
    assert services.location_state(world.rotterdam).paper == 1


def test_editing_a_paper_form(client, organiser, world):
    mark = question(world.form, QuestionScope.GENERAL, QuestionKind.MARK)
    response = services.save_paper(world.rotterdam, {f"q{mark.id}": "4"})
    db.session.commit()
    page = client.get(f"/beheer/evaluatieantwoorden/{response.id}/bewerken").get_data(as_text=True)
    assert 'value="4"' in page
    client.post(f"/beheer/evaluatieantwoorden/{response.id}/bewerken", data={f"q{mark.id}": "9"})
    db.session.expire_all()
    assert [a.number for a in services.paper_responses(world.rotterdam)[0].answers] == [9]


def _answer_everything(world):
    for (city, _), person in world.people.items():
        location = world.rotterdam if city == "Rotterdam" else world.zutphen
        services.save_online(person, required_answers(world.form, location, person), submit=True)
    db.session.commit()


def test_results_pages_and_exports(client, organiser, world):
    _answer_everything(world)
    text = question(world.form, QuestionScope.GENERAL, QuestionKind.TEXT)
    services.save_paper(world.zutphen, {f"q{text.id}": '=HYPERLINK("http://evil")'})
    db.session.commit()
    page = client.get(f"/beheer/edities/{world.edition.id}/evaluatie/resultaten").get_data(as_text=True)
    assert "Rotterdam" in page and "Zutphen" in page and "Hans Bosselaar (VU)" in page
    assert "De locaties naast elkaar" in page
    assert 'href="#speaker-' in page and 'id="workgroup-' in page  # the overviews link to the details
    page = client.get(f"/beheer/locaties/{world.rotterdam.id}/evaluatie/resultaten").get_data(as_text=True)
    assert "Gemiddeld" in page and "4,0" in page

    csv_response = client.get(f"/beheer/edities/{world.edition.id}/evaluatie/resultaten.csv")
    raw = csv_response.get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Locatie", "Vraag", "Onderwerp"]
    assert any(row[4] == '\'=HYPERLINK("http://evil")' for row in rows)
    assert any(row[7] == "4" for row in rows)

    xlsx = client.get(f"/beheer/edities/{world.edition.id}/evaluatie/resultaten.xlsx")
    workbook = load_workbook(io.BytesIO(xlsx.get_data()))
    assert workbook.sheetnames == [
        "Deelname",
        "Vergelijking",
        "Alle cijfers",
        "Sprekers",
        "Werkgroepen",
        "Open antwoorden",
    ]
    cells = [c for row in workbook["Open antwoorden"].iter_rows() for c in row]
    evil = next(c for c in cells if str(c.value).startswith("=HYPERLINK"))
    assert evil.data_type == "s"
    assert workbook["Deelname"]["A2"].value == "Rotterdam"


def test_a_coordinator_sees_only_their_own_locations(client, coordinator, world):
    _answer_everything(world)
    page = client.get(f"/beheer/edities/{world.edition.id}/evaluatie/resultaten").get_data(as_text=True)
    assert "Rotterdam" in page and "Zutphen" not in page and "Piet Zutphen" not in page
    assert client.get(f"/beheer/locaties/{world.zutphen.id}/evaluatie/resultaten").status_code == 403
    csv_response = client.get(f"/beheer/locaties/{world.rotterdam.id}/evaluatie/resultaten.csv")
    assert csv_response.status_code == 200 and "Zutphen" not in csv_response.get_data(as_text=True)
    assert client.get(f"/beheer/edities/{world.edition.id}/evaluatie/resultaten.csv").status_code == 403


def test_edition_response_rate_has_the_checked_in_people_as_base(client, organiser, world, download):
    """Zutphen did not use check-in and has two paper forms: the total counts Rotterdam's
    one answer against its three people checked in (33%), Zutphen shows "–"."""
    from app.registration.services import undo_check_in

    undo_check_in(world.people[("Zutphen", 1)])
    mark = question(world.form, QuestionScope.GENERAL, QuestionKind.MARK)
    services.save_paper(world.rotterdam, {f"q{mark.id}": "8"})
    services.save_paper(world.zutphen, {f"q{mark.id}": "7"})
    services.save_paper(world.zutphen, {f"q{mark.id}": "9"})
    db.session.commit()
    page = client.get(f"/beheer/edities/{world.edition.id}/evaluatie/resultaten").get_data(as_text=True)
    rows = {
        cells[0]: cells[1:]
        for cells in (
            re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", tr)
            for tr in re.findall(r"<tr>(.*?)</tr>", page.split("Respons", 1)[1], re.S)
        )
        if cells
    }
    # Bevestigd, Aanwezig, Uitgenodigd, Antwoorden, online, papier, Respons
    assert rows["Zutphen"][1] == "0" and rows["Zutphen"][3] == "2" and rows["Zutphen"][-1] == "–"
    assert rows["Rotterdam"][1] == "3" and rows["Rotterdam"][-1] == "33%"
    assert rows["Totaal"][3] == "3" and rows["Totaal"][-1] == "33%"  # not 3 of 3 = 100%
    assert "In het totaal tellen alleen de dagen waarop is ingecheckt." in page

    # The location's evaluation report (PDF) says the same.
    report = download(f"/beheer/locaties/{world.zutphen.id}/evaluatierapport.pdf")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(report.data)).pages)
    assert re.search(r"Bevestigd Aanwezig Formulieren Online Papier Respons 1 0 2 0 2 –", text), text[:400]
    assert "Respons: ingevulde formulieren als deel van de ingecheckte deelnemers. – : niemand ingecheckt" in text


def test_location_page_counts_without_loading_people(client, organiser, world, count_queries):
    """The coordinator's tally (present, invited, reminded, answered) is counted in the
    database: its figures are right and its statements do not grow with the location."""
    from evaluation_helpers import add_person

    rotterdam = world.rotterdam
    add_person(rotterdam, "Zonder adres")  # present, no address: never invited
    add_person(rotterdam, "Thuisblijver", "thuis@example.org", checked_in=False)
    db.session.commit()
    base = f"/beheer/locaties/{rotterdam.id}/evaluatie"
    client.post(base + "/uitnodigen", data={})  # the three present with an address
    first = world.people[("Rotterdam", 1)]
    services.save_online(first, required_answers(world.form, rotterdam, first), submit=True)
    db.session.commit()
    client.post(base + "/herinneren")  # the two who have not answered

    def tally() -> tuple[dict[str, str], int]:
        db.session.expire_all()
        with count_queries() as statements:
            page = client.get(base).get_data(as_text=True)
        assert not [s for s in statements if "registration.name" in s]  # nobody is loaded to be counted
        rows = re.findall(r'<th scope="row">([^<]+)</th><td class="num">(\d+)</td>', page)
        return dict(rows), len(statements)

    figures, few = tally()
    assert figures == {
        "Aanwezig (ingecheckt)": "4",
        "Aanwezig met e-mailadres": "3",
        "Bevestigd met e-mailadres": "4",
        "Uitgenodigd": "3",
        "Herinnerd": "2",
        "Uitgenodigd en nog geen antwoord": "2",
        "Antwoorden online": "1",
        "Antwoorden op papier": "0",
        "Opgeslagen, nog niet verstuurd": "0",
    }
    for number in range(30):
        add_person(rotterdam, f"Later {number}", f"later{number}@example.org")
    db.session.commit()
    client.post(base + "/uitnodigen", data={})
    figures, many = tally()
    assert figures["Uitgenodigd"] == "33" and figures["Uitgenodigd en nog geen antwoord"] == "32"
    assert many == few
