"""The on-disk report cache and `flask reports build`."""

import time

import pytest

from app.extensions import db
from app.registration.services import check_in
from app.reports import services
from app.reports.cache import DiskCache
from app.reports.render import render_cached
from tests.reports.conftest import pdf_text


@pytest.fixture()
def cache_dir(app, tmp_path, monkeypatch):
    folder = tmp_path / "report-cache"
    monkeypatch.setitem(app.config, "REPORT_CACHE_DIR", str(folder))
    return folder


def test_an_unchanged_document_comes_from_the_cache_and_a_data_change_renders_it_again(app, day, cache_dir):
    rotterdam = day["rotterdam"]
    first = render_cached(services.day_sheet_job(rotterdam))
    second = render_cached(services.day_sheet_job(rotterdam))
    assert not first.cached and second.cached
    assert second.pdf == first.pdf and second.seconds < first.seconds / 5
    assert len(DiskCache(cache_dir).entries()) == 1

    report = render_cached(services.edition_report_job(day["edition"]))
    check_in(day["registrations"]["sanne de Boer"])  # attendance changes, the names do not
    db.session.commit()
    assert render_cached(services.day_sheet_job(rotterdam)).cached
    again = render_cached(services.edition_report_job(day["edition"]))
    assert not again.cached and again.pdf != report.pdf

    day["registrations"]["Bert Zwart"].name = "Bert Zwart-Hoek"
    db.session.commit()
    changed = render_cached(services.day_sheet_job(rotterdam))
    assert not changed.cached and "Bert Zwart-Hoek" in pdf_text(changed.pdf)


def test_old_cache_entries_are_removed(tmp_path):
    cache = DiskCache(tmp_path, max_age_days=7, max_files=2)
    for key in ("aa1", "bb2", "cc3"):
        cache.put(key, b"%PDF-1.7 " + key.encode())
        time.sleep(0.01)
    assert cache.get("aa1") is None and cache.get("cc3") == b"%PDF-1.7 cc3"  # at most two kept, oldest gone
    assert cache.prune(now=time.time() + 8 * 24 * 3600) == 2 and cache.entries() == []
    assert cache.get("missing") is None


def test_build_writes_every_document_side_by_side_and_reuses_the_cache(runner, day, cache_dir, tmp_path):
    slug = day["edition"].slug
    out = tmp_path / "out"
    result = runner.invoke(args=["reports", "build", slug, "--out", str(out), "--workers", "2"])
    assert result.exit_code == 0, result.output
    expected = {f"editierapport-{slug}.pdf"} | {
        f"{kind}-{slug}-{city}.pdf"
        for city in ("rotterdam", "zutphen")
        for kind in ("programma", "presentielijst", "presentielijsten-werkgroepen", "naambadges")
    }
    assert {path.name for path in out.glob("*.pdf")} == expected
    assert "9 documents" in result.output
    before = {path.name: path.read_bytes() for path in out.glob("*.pdf")}
    assert all(body.startswith(b"%PDF") for body in before.values())
    assert "Zoë Zutphen" in pdf_text(before[f"naambadges-{slug}-zutphen.pdf"])

    again = runner.invoke(args=["reports", "build", slug, "--out", str(out)])
    assert again.exit_code == 0 and again.output.count("cached") == 9
    assert {path.name: path.read_bytes() for path in out.glob("*.pdf")} == before

    cleared = runner.invoke(args=["reports", "clear-cache"])
    assert "9 cached documents removed" in cleared.output


def test_build_refuses_an_unknown_edition(runner, tmp_path):
    result = runner.invoke(args=["reports", "build", "bestaat-niet", "--out", str(tmp_path)])
    assert result.exit_code != 0 and "No edition" in result.output
