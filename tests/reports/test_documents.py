"""Sign-in sheets, name badges and the edition report, read back from the PDF."""

import io
import re
from datetime import date, time

from flask_babel import force_locale
from pypdf import PdfReader

from app.reports import services
from app.reports.context import DayHeader, OfferInfo, Person, build_badges, build_sign_in_book
from app.reports.edition_report import EvaluationRow, EvaluationSummary
from app.reports.render import number, percent, render_job, render_pdf, score
from tests.reports.conftest import IN_NAME_ORDER, ROTTERDAM, pdf_pages, pdf_text


def _figures(pdf: bytes) -> list[str]:
    """The /Alt texts of the Figure elements in the PDF's structure tree."""
    found = []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif hasattr(node, "get"):
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt", "")))
            if "/K" in node:
                walk(node["/K"])

    walk(PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/StructTreeRoot"])
    return found


def _positions(text: str, names) -> list[int]:
    return [text.index(name) for name in names]


def test_day_sheet_lists_the_confirmed_participants_in_dutch_name_order(client, download, auth, day):
    auth.login("organiser@example.org")
    response = download(f"/beheer/locaties/{day['rotterdam'].id}/presentielijst.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "presentielijst-groeien-in-kracht-rotterdam.pdf" in response.headers["Content-Disposition"]
    pages = pdf_pages(response.data)
    assert len(pages) == 1
    text = pages[0]
    positions = _positions(text, IN_NAME_ORDER)
    assert positions == sorted(positions)
    for _name, organisation, *_ in ROTTERDAM:
        assert organisation in text
    assert "Pauluskerk, Rotterdam" in text and "7 bevestigd" in text and "Handtekening".upper() in text
    for absent in ("Wim Wachtlijst", "Carla Afgemeld", "Zoë Zutphen"):
        assert absent not in text
    reader = PdfReader(io.BytesIO(response.data))
    assert "/StructTreeRoot" in reader.trailer["/Root"] and "Rotterdam" in reader.metadata.title


def test_workgroup_sheets_one_per_workgroup_with_room_and_facilitator(app, day):
    pages = pdf_pages(render_job(services.workgroup_sheets_job(day["rotterdam"])))
    assert len(pages) == 2  # each workgroup from a new page
    armoede, participatiewet = pages
    assert "Armoedebestrijding in de praktijk" in armoede and "Grote zaal" in armoede and "Piet Bos" in armoede
    assert "Participatiewet" in participatiewet and "Zaal 1" in participatiewet and "Anja Smit" in participatiewet
    assert "3 ingedeeld · 5 plaatsen" in armoede and "4 ingedeeld · 5 plaatsen" in participatiewet
    assert _positions(armoede, ["Karel Appel", "Anna Bakker", "Bert Zwart"]) == sorted(
        _positions(armoede, ["Karel Appel", "Anna Bakker", "Bert Zwart"])
    )
    assert "Pieter van den Berg" in participatiewet and "Pieter van den Berg" not in armoede
    # Jan de Vries moved from Armoedebestrijding to Participatiewet without being told yet.
    assert "Jan de Vries" in participatiewet and "Jan de Vries" not in armoede
    assert "nog niet aan de deelnemers doorgegeven" in armoede and "nog niet" in participatiewet
    assert "13:30–15:00" in armoede


def test_facilitator_downloads_the_sheet_of_one_workgroup(client, download, auth, day):
    auth.login("coordinator@example.org")
    offer = day["offers"]["participatiewet"]
    response = download(f"/beheer/aanbod/{offer.id}/presentielijst.pdf")
    assert response.status_code == 200
    assert "presentielijst-groeien-in-kracht-rotterdam-participatiewet.pdf" in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    assert "Anja Smit" in text and "Bert Zwart" not in text
    assert client.get(f"/beheer/aanbod/{day['offers']['zutphen'].id}/presentielijst.pdf").status_code == 403


def test_badges_show_name_organisation_workgroup_and_room_in_name_order(client, download, auth, day):
    auth.login("coordinator@example.org")
    response = download(f"/beheer/locaties/{day['rotterdam'].id}/naambadges.pdf")
    assert response.status_code == 200
    pages = pdf_pages(response.data)
    assert len(pages) == 1  # 7 badges and a blank on one A4 sheet
    text = pages[0]
    assert _positions(text, IN_NAME_ORDER) == sorted(_positions(text, IN_NAME_ORDER))
    assert "Participatiewet · Zaal 1" in text and "Armoedebestrijding in de praktijk · Grote zaal" in text
    assert "Voedselbank Rotterdam-Zuid" in text and "Wim Wachtlijst" not in text
    assert client.get(f"/beheer/locaties/{day['zutphen'].id}/naambadges.pdf").status_code == 403


def test_edition_report_compares_the_locations(client, download, auth, day):
    auth.login("coordinator@example.org")
    url = f"/beheer/edities/{day['edition'].id}/rapport.pdf"
    assert client.get(url).status_code == 403  # organisers only
    auth.logout()
    auth.login("organiser@example.org")
    response = download(url)
    assert response.status_code == 200
    assert "editierapport-groeien-in-kracht.pdf" in response.headers["Content-Disposition"]
    pages = pdf_pages(response.data)
    summary, text = pages[0], " ".join(pages)
    assert 2 <= len(pages) <= 6
    # One page with the key figures first: Rotterdam was held yesterday, Zutphen is still to come.
    assert re.search(r"Rotterdam \S+ \S+ \S+ 7 7 1 5 100% 71%", summary)
    assert re.search(r"Zutphen \S+ \S+ \S+ 5 1 0 – 20% –", summary)
    assert "Totaal 12 8 1 5 67% 71%" in summary
    assert "Evaluatie" not in text
    # Registrations in detail: cancelled, no-shows, walk-ins, organisations.
    assert "Rotterdam 7 7 1 1 5 2 0 5" in text
    # Kinds of organisation, with those who gave none.
    assert "Cliëntenraad 2 0 2 25%" in text and "Niet opgegeven 1 1 2 25%" in text
    # Workgroup demand: first choices against places and how full it ended.
    assert "Armoedebestrijding in de praktijk 1 3 5 3 60%" in text
    assert "Participatiewet 2 4 10 5 50%" in text
    assert "Participatiewet Kapel 0 5 1 20%" in text
    # The charts are tagged figures whose text alternative holds their numbers.
    figures = _figures(response.data)
    assert any("Rotterdam: Bevestigd 7, Aanwezig 5, Wachtlijst 1" in alt for alt in figures), figures


def test_edition_report_shows_evaluation_results_when_given(app, day):
    evaluation = EvaluationSummary(
        cities=("Rotterdam", "Zutphen"),
        responses=(5, 0),
        rows=(
            EvaluationRow("De dag als geheel", (4.25, None), 4.25, group="Algemeen"),
            EvaluationRow("Inleiding", (3.8, None), 3.8, group="Programma"),
            EvaluationRow("Rapportcijfer", (7.5, None), 7.5, group="Algemeen", scale_max=10),
        ),
    )
    text = pdf_text(render_job(services.edition_report_job(day["edition"], evaluation=evaluation)))
    assert "Evaluatie" in text and "Rotterdam (5)" in text and "Zutphen (0)" in text
    assert "De dag als geheel 4,2 – 4,2" in text or "De dag als geheel 4,3 – 4,3" in text
    assert "Inleiding 3,8 – 3,8" in text and "cijfer 1–10" in text


def test_numbers_are_formatted_the_dutch_way(app):
    with force_locale("nl"):
        assert (number(1234), percent(0.875), score(4.25), number(None)) == ("1.234", "88%", "4,2", "–")
    with force_locale("en"):
        assert (number(1234), score(4.25)) == ("1,234", "4.2")


DAY = DayHeader("Alliantiedagen", "Groeien in kracht", "Amsterdam", "Zaal", "", date(2013, 10, 18), time(9, 30), "", ())


def test_long_lists_fill_exactly_the_pages_planned_even_with_very_long_names(app):
    """Rows have a fixed height, so the planned pages are the real ones: no page ever
    overflows into an extra page without its column headings."""
    long = "Wilhelmina Johanna Maria Theodora van den Berg-Oudshoorn tot Hoogeveen"
    people = [
        Person(
            n,
            1,
            long if n % 9 == 0 else f"Deelnemer {n:03d} Jansen",
            "Stichting " + "Lange Naam " * 8,
            "",
            "confirmed",
            "online",
            False,
            assignments=((1, 1),),
        )
        for n in range(1, 71)
    ]
    offers = [OfferInfo(1, 1, 1, 1, "Participatiewet, activering en tegenprestatie", "Zaal 1", "Anja", 80)]
    for book in (build_sign_in_book(DAY, people), build_sign_in_book(DAY, people, offers)):
        pdf = render_pdf("reports/sign_in.html", title="Presentielijst", book=book)
        assert len(PdfReader(io.BytesIO(pdf)).pages) == book.page_count == 4  # 20 + 24 + 24 + 2 rows
    badges = build_badges(DAY, people, offers)
    pdf = render_pdf("reports/badges.html", title="Naambadges", book=badges)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == len(badges.sheets) == 9


def test_organiser_screens_link_to_every_document(client, auth, day):
    auth.login("organiser@example.org")
    rotterdam = day["rotterdam"]
    page = client.get(f"/beheer/locaties/{rotterdam.id}").get_data(as_text=True)
    for url in (
        f"/beheer/locaties/{rotterdam.id}/presentielijst.pdf",
        f"/beheer/locaties/{rotterdam.id}/presentielijsten-werkgroepen.pdf",
        f"/beheer/locaties/{rotterdam.id}/naambadges.pdf",
        f"/beheer/aanbod/{day['offers']['armoede'].id}/presentielijst.pdf",
    ):
        assert url in page
    edition = client.get(f"/beheer/edities/{day['edition'].id}").get_data(as_text=True)
    assert f"/beheer/edities/{day['edition'].id}/rapport.pdf" in edition


def test_documents_in_english(app, day):
    sheet = pdf_text(render_job(services.day_sheet_job(day["rotterdam"], "en")))
    assert "Sign-in sheet for the whole day".upper() in sheet and "Bert Zwart" in sheet
    report = render_job(services.edition_report_job(day["edition"], "en"))
    assert "Edition report" in PdfReader(io.BytesIO(report)).metadata.title


def test_edition_report_of_an_edition_without_locations_or_participants(app, make_edition, make_location):
    edition = make_edition(slug="leeg")
    assert "Alliantiedagen" in pdf_text(render_job(services.edition_report_job(edition)))
    make_location(edition, "Ede")
    text = pdf_text(render_job(services.edition_report_job(edition)))
    assert "Ede" in text and "Totaal 100 0 0 – 0% –" in text


def _language_of(pdf: bytes) -> str:
    return str(PdfReader(io.BytesIO(pdf)).trailer["/Root"].get("/Lang"))


def test_an_organiser_with_english_screens_gets_english_pdfs(client, download, auth, day):
    """The PDF follows the organiser's language, and says so (/Lang) to screen readers."""
    auth.login("organiser@example.org")
    dutch = download(f"/beheer/locaties/{day['rotterdam'].id}/presentielijst.pdf").data
    assert _language_of(dutch) == "nl" and "HANDTEKENING" in pdf_text(dutch)
    client.get("/taal/en")
    sheet = download(f"/beheer/locaties/{day['rotterdam'].id}/presentielijst.pdf").data
    assert _language_of(sheet) == "en"
    assert "SIGNATURE" in pdf_text(sheet) and "HANDTEKENING" not in pdf_text(sheet)
    report = download(f"/beheer/edities/{day['edition'].id}/rapport.pdf").data
    assert _language_of(report) == "en" and "Edition report" in PdfReader(io.BytesIO(report)).metadata.title
    booklet = download(f"/beheer/locaties/{day['rotterdam'].id}/programmaboekje.pdf").data
    assert _language_of(booklet) == "en" and "Venue" in pdf_text(booklet)


def _structure(pdf: bytes) -> list[tuple[str, int]]:
    """(element type, depth) of the PDF's structure tree, in reading order."""
    found = []

    def walk(node, depth):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child, depth)
        elif hasattr(node, "get"):
            if "/S" in node:
                found.append((str(node["/S"]), depth))
            if "/K" in node:
                walk(node["/K"], depth + 1)

    walk(PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/StructTreeRoot"], 0)
    return found


def test_the_sign_in_sheet_is_a_tagged_table_with_header_cells(client, download, auth, day):
    """A screen reader finds a table: a header row (name, signature), then a row per name."""
    auth.login("organiser@example.org")
    pdf = download(f"/beheer/locaties/{day['rotterdam'].id}/presentielijst.pdf").data
    kinds = [kind for kind, _depth in _structure(pdf)]
    assert "/Table" in kinds
    rows = kinds.count("/TR")
    assert rows >= 1 + len(IN_NAME_ORDER)  # the header row, the names (and the empty rows)
    assert kinds.count("/TH") >= 2 and kinds.count("/TD") >= 2 * len(IN_NAME_ORDER)
    assert _positions(pdf_text(pdf), IN_NAME_ORDER) == sorted(_positions(pdf_text(pdf), IN_NAME_ORDER))


def test_documents_declare_pdf_ua_1(app, day):
    """PDF/UA-1 (WeasyPrint's pdf_variant): the XMP metadata says so, the title is shown."""
    reader = PdfReader(io.BytesIO(render_job(services.day_sheet_job(day["rotterdam"], "en"))))
    metadata = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfuaid" in metadata and (b"<pdfuaid:part>1</pdfuaid:part>" in metadata or b'pdfuaid:part="1"' in metadata)
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]
    assert str(reader.trailer["/Root"]["/Lang"]) == "en"


def test_edition_report_says_check_in_was_not_used_instead_of_0_percent(client, download, auth, day, make_location):
    """Beilen was held two days ago with three confirmed people and nobody checked in: its
    turnout is unknown ("–", check-in not used), not 0%, and it does not pull the total down."""
    from datetime import timedelta

    from app.extensions import db
    from app.registration.models import Source
    from app.registration.services import register_participant

    beilen = make_location(day["edition"], "Beilen", capacity=5, date=date.today() - timedelta(days=2))
    for n in range(3):
        register_participant(beilen, name=f"Beiler {n}", email=None, source=Source.MANUAL)
    db.session.commit()
    auth.login("organiser@example.org")
    pages = pdf_pages(download(f"/beheer/edities/{day['edition'].id}/rapport.pdf").data)
    summary = pages[0]
    assert re.search(r"Beilen \S+ \S+ \S+ 5 3 0 – 60% – check-in niet gebruikt", summary), summary
    assert re.search(r"Rotterdam \S+ \S+ \S+ 7 7 1 5 100% 71%", summary)
    assert "Totaal 17 11 1 5 65% 71%" in summary  # 5 of the 7 on the day that used check-in
    assert "opkomst 71% van de bevestigden, op de dagen met check-in" in summary
    assert "Opkomst: ingecheckt / bevestigd, alleen gehouden dagen waarop is ingecheckt." in summary
    # The detail table: no present count and no no-shows for Beilen.
    assert "Beilen 5 3 0 0 – – 0 0" in " ".join(pages)
