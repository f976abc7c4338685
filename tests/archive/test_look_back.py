"""The look-back: the organiser's Markdown (sanitised), the public archive page, every
workgroup's reports side by side, all recommendations (CSV, XLSX) and the documents (PDF
and Word, read back), and the edition report's section on what the workgroups concluded."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, timedelta

import pytest
from archive_samples import PDF, photo_with_gps
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from app.archive import markdown, services, workgroup_reports
from app.archive.look_back import publish_look_back, save_look_back
from app.extensions import db
from app.jobs import run_pending
from app.reports.models import DocumentBuild

LOOK_BACK = """# Groeien in kracht

Vijf dagen, **één thema**. Lees [het artikel](https://example.org/artikel).

- Vrijwilligers doen veel
- De gemeente moet luisteren

<script>alert('x')</script>
[klik](javascript:alert(1)) ![foto](https://tracker.example/p.gif)
"""


def _publish(offer, author, summary, recommendations="", points=""):
    text = workgroup_reports.ReportText(summary, points, recommendations, 12)
    report = workgroup_reports.save_draft(offer, text, author=author)
    workgroup_reports.publish_report(report, author)


@pytest.fixture()
def archive(world, make_user, request_context):
    """Both days held; reports of the same workgroup at both; a slide deck and a photo in Zutphen."""
    world.coming.date = date.today() - timedelta(days=8)
    organiser = make_user("organisator@example.org")
    _publish(
        world.held_offer, world.coordinator, "Zutphen sprak over de tegenprestatie.", "Tijdig informeren\nMaatwerk"
    )
    _publish(
        world.coming_offer,
        organiser,
        "Rotterdam sprak over re-integratie.",
        '=HYPERLINK("https://evil.example")\nCliëntenraden betrekken',
        "Werk moet lonen",
    )
    target = services.Target(world.contribution.programme_item, world.contribution)
    services.add_material_file(
        world.held, target, title="Dia's van de inleiding", upload=io.BytesIO(PDF), filename="dias.pdf",
        visibility=services.Visibility.AFTER_DAY, max_bytes=10**7,
    )  # fmt: skip
    photo = services.add_photo(world.held, io.BytesIO(photo_with_gps()))
    services.describe_photo(photo, alt_text="Stoelen in een kring", caption="De werkgroepzaal")
    services.publish_photo(photo)
    text = save_look_back(world.edition, LOOK_BACK, organiser)
    publish_look_back(text)
    db.session.commit()
    return world


# --- Markdown ---------------------------------------------------------------------------


def test_markdown_is_rendered_and_sanitised():
    html = markdown.to_html(LOOK_BACK)
    assert "<h2>Groeien in kracht</h2>" in html  # the page's own title is the h1
    assert "<strong>één thema</strong>" in html and "<li>Vrijwilligers doen veel</li>" in html
    assert 'href="https://example.org/artikel"' in html and 'rel="noopener noreferrer nofollow"' in html
    assert "<script" not in html and "&lt;script" not in html and "alert('x')" not in html  # removed, not shown
    assert 'href="javascript' not in html  # a script link stays plain text
    assert "<img" not in html and "src=" not in html  # no picture from elsewhere is loaded


def test_raw_html_and_event_handlers_never_pass():
    html = markdown.to_html('<img src=x onerror=alert(1)> <a href="https://x" onclick="evil()">x</a>')
    assert "onerror" not in html and "onclick" not in html and "<img" not in html
    assert '<a href="https://x" rel="noopener noreferrer nofollow">x</a>' in html


# --- pages ------------------------------------------------------------------------------


def test_the_public_archive_page_per_location(client, archive):
    page = client.get(f"/{archive.edition.slug}/terugblik/").get_data(as_text=True)
    assert "<h2>Groeien in kracht</h2>" in page and "<script>alert" not in page
    for text in ("Zutphen", "Rotterdam", "Thomas Kampen", "Dia&#39;s van de inleiding", "Stoelen in een kring"):
        assert text in page, text
    assert "Zutphen sprak over de tegenprestatie." in page and "Rotterdam sprak over re-integratie." in page
    edition_page = client.get(f"/{archive.edition.slug}/").get_data(as_text=True)
    assert f"/{archive.edition.slug}/terugblik/" in edition_page


def test_the_text_is_public_only_once_published(client, archive):
    from app.archive.gather import look_back_of
    from app.archive.look_back import unpublish_look_back

    unpublish_look_back(look_back_of(archive.edition))
    db.session.commit()
    page = client.get(f"/{archive.edition.slug}/terugblik/").get_data(as_text=True)
    assert "Vrijwilligers doen veel" not in page and "Zutphen sprak over" in page


def test_the_cross_location_page_shows_both_reports_side_by_side(client, archive):
    page = client.get(f"/{archive.edition.slug}/werkgroepen/{archive.workgroup.id}/").get_data(as_text=True)
    side = page[page.index('class="side-by-side"') :]
    assert side.index("Rotterdam sprak") < side.index("Zutphen sprak")  # in the order of the days
    index = client.get(f"/{archive.edition.slug}/werkgroepen/").get_data(as_text=True)
    assert "2 verslagen: Rotterdam, Zutphen" in index
    assert "Nog geen verslag uit: Zutphen." in client.get(
        f"/{archive.edition.slug}/werkgroepen/{archive.other_workgroup.id}/"
    ).get_data(as_text=True)
    assert client.get(f"/{archive.edition.slug}/werkgroepen/999999/").status_code == 404


def test_all_recommendations_in_one_list_tagged_by_location(client, archive):
    page = client.get(f"/{archive.edition.slug}/aanbevelingen/").get_data(as_text=True)
    assert "Maatwerk" in page and "Cliëntenraden betrekken" in page
    assert page.count('class="location-tag"') == 4


def test_recommendations_export_to_csv_and_xlsx_with_formulas_neutralised(client, archive):
    response = client.get(f"/{archive.edition.slug}/aanbevelingen.csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    text = response.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Nummer", "Werkgroep", "Locatie", "Datum", "Aanbeveling"]
    assert ["Participatiewet", "Rotterdam"] == rows[1][1:3]
    assert rows[1][4].startswith("'=HYPERLINK")  # opens as text in Excel
    assert {row[2] for row in rows[1:]} == {"Rotterdam", "Zutphen"}
    sheet = load_workbook(io.BytesIO(client.get(f"/{archive.edition.slug}/aanbevelingen.xlsx").data)).active
    cell = sheet["E2"]
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"


def test_the_organiser_writes_previews_and_publishes(client, auth, world, make_user):
    make_user("organisator@example.org")
    auth.login("organisator@example.org")
    url = f"/beheer/edities/{world.edition.id}/terugblik"
    preview = client.post(url, data={"body": "# Terugblik\n\n*Mooi*", "action": "preview"}).get_data(as_text=True)
    assert "<h2>Terugblik</h2>" in preview and "<em>Mooi</em>" in preview
    assert "Mooi" not in client.get(f"/{world.edition.slug}/terugblik/").get_data(as_text=True)  # not saved
    client.post(url, data={"body": "# Terugblik\n\n*Mooi*", "action": "save"})
    assert "Mooi" not in client.get(f"/{world.edition.slug}/terugblik/").get_data(as_text=True)  # not published
    client.post(url, data={"body": "# Terugblik\n\n*Mooi*", "action": "publish"})
    assert "<em>Mooi</em>" in client.get(f"/{world.edition.slug}/terugblik/").get_data(as_text=True)
    auth.logout()
    auth.login("coordinator@example.org")
    assert client.get(url).status_code == 403


# --- documents --------------------------------------------------------------------------


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


def test_the_look_back_pdf_has_a_section_per_location(download, archive):
    response = download(f"/{archive.edition.slug}/terugblik.pdf")
    assert response.headers["Content-Type"] == "application/pdf"
    assert 'filename="terugblik-groeien-in-kracht.pdf"' in response.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.data))
    text = _pdf_text(response.data)
    for expected in (
        "Terugblik",
        "Groeien in kracht",
        "Vrijwilligers doen veel",
        "Zutphen",
        "Rotterdam",
        "Thomas Kampen",
        "Dia's van de inleiding",
        "Zutphen sprak over de tegenprestatie.",
        "Rotterdam sprak over re-integratie.",
        "Alle aanbevelingen",
        "De werkgroepzaal",
    ):
        assert expected in text, expected
    assert "<script" not in text and "alert('x')" not in text
    assert len({image.data for page in reader.pages for image in page.images}) == 1  # the published photo
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/A" in annotation.get_object()
    ]
    assert any("/archief/materiaal/" in link for link in links)


def test_a_visitor_never_waits_on_the_pdf_in_the_request(app, client, archive, monkeypatch, tmp_path):
    """Not in the cache: the request starts one build and answers at once with a page that
    reloads itself; a second visitor meanwhile joins that build; after the worker, the
    same URL gives the file."""
    # An empty folder of results: an earlier test may have built this very PDF already.
    monkeypatch.setitem(app.config, "DOCUMENT_DIR", str(tmp_path))
    url = f"/{archive.edition.slug}/terugblik.pdf"
    first = client.get(url)
    assert first.status_code == 202 and first.headers["Refresh"] == "3"
    assert "wordt nu gemaakt" in first.get_data(as_text=True)
    assert first.headers["Cache-Control"] == "no-store"
    assert client.get(url).status_code == 202
    builds = db.session.scalars(select(DocumentBuild).where(DocumentBuild.document == "look_back")).all()
    assert [build.status for build in builds] == ["queued"]
    run_pending()
    ready = client.get(url)
    assert ready.status_code == 200 and ready.data.startswith(b"%PDF")


def test_the_look_back_pdf_in_english_has_english_headings(download, archive):
    text = _pdf_text(download(f"/{archive.edition.slug}/terugblik.pdf?lang=en").data)
    assert "Workgroup reports" in text and "All recommendations" in text


def test_the_look_back_word_document_has_a_section_per_location(client, archive):
    response = client.get(f"/{archive.edition.slug}/terugblik.docx")
    assert response.headers["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    document = Document(io.BytesIO(response.data))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    names = [text for _style, text in headings]
    assert names[0].startswith("Terugblik: Alliantiedagen")
    assert any(text.startswith("Zutphen, ") for _style, text in headings if _style == "Heading 1")
    assert any(text.startswith("Rotterdam, ") for _style, text in headings if _style == "Heading 1")
    assert "Groeien in kracht" in names and "Participatiewet" in names
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Vrijwilligers doen veel" in body and "Zutphen sprak over de tegenprestatie." in body
    assert "<script" not in body and "alert('x')" not in body
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "Vrijwilligers doen veel" in bullets and "Maatwerk" in bullets
    assert len(document.inline_shapes) == 1
    assert document.inline_shapes[0]._inline.docPr.get("descr") == "Stoelen in een kring"
    with zipfile.ZipFile(io.BytesIO(response.data)) as package:
        relations = package.read("word/_rels/document.xml.rels").decode()
    assert "https://example.org/artikel" in relations and "/archief/materiaal/" in relations


def test_the_workgroup_reports_pdf(download, archive):
    text = _pdf_text(download(f"/{archive.edition.slug}/werkgroepverslagen.pdf").data)
    assert "Werkgroepverslagen" in text and "Participatiewet" in text
    assert text.index("Rotterdam sprak") < text.index("Zutphen sprak")
    assert "Alle aanbevelingen" in text and "Cliëntenraden betrekken" in text


def test_the_edition_report_has_a_section_on_what_the_workgroups_concluded(client, auth, archive, download):
    auth.login("organisator@example.org")
    text = _pdf_text(download(f"/beheer/edities/{archive.edition.id}/rapport.pdf").data)
    assert "Wat de werkgroepen concludeerden" in text
    assert "2 verslagen, 4 aanbevelingen" in text and "Maatwerk (Zutphen)" in text


def test_the_look_back_command_writes_the_three_documents(runner, archive, tmp_path):
    result = runner.invoke(args=["archive", "look-back", "--edition", archive.edition.slug, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in tmp_path.iterdir() if path.is_file())
    assert names == [
        "terugblik-groeien-in-kracht.docx",
        "terugblik-groeien-in-kracht.pdf",
        "werkgroepverslagen-groeien-in-kracht.pdf",
    ]
