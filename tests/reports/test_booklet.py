"""Programme booklet PDFs, read back as text and as document metadata."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from app.demo import data
from app.demo.loader import load_demo
from app.extensions import db
from app.reports.render import AssetsOnlyFetcher, render_pdf


@pytest.fixture()
def demo(app):
    edition = load_demo(date(2026, 11, 23)).edition
    db.session.commit()
    return edition


def _location(edition, slug):
    return next(day for day in edition.location_days if day.slug == slug)


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_booklet_holds_the_locations_own_speakers_and_workgroups(client, download, auth, make_user, demo):
    make_user("organiser@example.org")
    auth.login("organiser@example.org")
    rotterdam = _location(demo, "rotterdam")
    response = download(f"/beheer/locaties/{rotterdam.id}/programmaboekje.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "programma-groeien-in-kracht-2013-rotterdam.pdf" in response.headers["Content-Disposition"]
    text = " ".join(_text(response.data).split())
    spec = next(spec for spec in data.LOCATIONS if spec["slug"] == "rotterdam")
    for speaker in spec["speakers"]:
        assert speaker["name"] in text
    for offer in spec["workgroups"]:
        title = next(w["title"] for w in data.WORKGROUPS if w["key"] == offer["workgroup"])
        assert title in text and offer["room"] in text
    assert "Pauluskerk" in text and rotterdam.date.strftime("%Y") in text
    zutphen_intro = next(s["name"] for s in data.LOCATIONS[0]["speakers"] if s["item"] == "inleiding")
    assert zutphen_intro not in text


def test_booklet_is_tagged_titled_and_paged(app, demo):
    from app.reports.services import booklet_pdf

    pdf = booklet_pdf(_location(demo, "zutphen"))
    reader = PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 4
    assert "Zutphen" in reader.metadata.title
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root  # tagged PDF
    assert str(root.get("/Lang", "")).startswith("nl")
    assert f"1 / {len(reader.pages)}" in _text(pdf)


def test_english_booklet(app, demo):
    from app.reports.services import booklet_pdf

    text = _text(booklet_pdf(_location(demo, "zutphen"), "en"))
    assert "Programme" in text


def test_reports_fetch_no_files_outside_assets_and_no_network(app):
    fetcher = AssetsOnlyFetcher()
    for url in ("file:///etc/passwd", "http://127.0.0.1:9/x.css", "https://example.org/x.png"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    pdf = render_pdf("reports/booklet.html", title="t", booklet=_empty_booklet())
    assert pdf.startswith(b"%PDF")


def _empty_booklet():
    from datetime import time

    from app.reports.context import DayHeader, build_booklet

    day = DayHeader("Editie", "Thema", "Plaats", "Zaal", "", date(2027, 1, 8), time(9, 30), "", ())
    return build_booklet(day, [], [])


def test_reports_cli_builds_every_booklet(runner, demo, tmp_path):
    result = runner.invoke(args=["reports", "build", demo.slug, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = {p.name for p in tmp_path.glob("*.pdf")}
    assert {f"programma-{demo.slug}-{spec['slug']}.pdf" for spec in data.LOCATIONS} <= written


def test_edition_report_compares_evaluation_scores_per_location(app, demo):
    from app.evaluation import services as evaluation
    from app.reports.services import edition_report_context, evaluation_summary

    summary = evaluation_summary(demo)
    assert summary is not None and summary.cities == tuple(day.city for day in demo.location_days)
    assert sum(summary.responses) > 0
    comparison = evaluation.edition_results(evaluation.form_for(demo), list(demo.location_days)).comparison
    mark = next(row for row in comparison.rows if row.kind == "mark")
    reported = next(row for row in summary.rows if row.label == mark.label)
    assert reported.scores == tuple(cell.average for cell in mark.cells) and reported.scale_max == 10
    assert edition_report_context(demo).evaluation == summary


def test_evaluation_report_per_location_holds_the_figures(client, download, auth, make_user, demo):
    from app.evaluation import services as evaluation

    make_user("organiser@example.org")
    auth.login("organiser@example.org")
    amsterdam = _location(demo, "amsterdam")  # a day held in the demo's season, with Bosselaar's introduction
    response = download(f"/beheer/locaties/{amsterdam.id}/evaluatierapport.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(_text(response.data).split())
    results = evaluation.location_results(evaluation.form_for(demo), amsterdam)
    assert f"{round(results.participation.response_rate)}%" in text  # response rate of those present
    mark = next(fig for section in results.sections for fig in section.figures if fig.kind == "mark")
    assert f"Gemiddeld {mark.average:.1f}".replace(".", ",") in text
    speakers = {fig.subject for section in results.sections for fig in section.figures if fig.subject}
    assert any("Bosselaar" in subject for subject in speakers)
    assert "Bosselaar" in text and "Evaluatie Amsterdam" in text
    zutphen_intro = next(s["name"] for s in data.LOCATIONS[0]["speakers"] if s["item"] == "inleiding")
    assert zutphen_intro not in text
