"""A cached document is found from a cheap key (counts, latest changes, the small tables)
read before the document's data: a hit builds nothing and sends few statements; any change
to what a document can show is a miss."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.jobs import run_pending
from app.registration.services import check_in
from app.reports import documents
from app.reports.data_version import data_version
from app.reports.models import DocumentBuild
from tests.reports.conftest import pdf_text


@pytest.fixture()
def cold(app, tmp_path):
    saved = app.config["DOCUMENT_DIR"]
    app.config["DOCUMENT_DIR"] = str(tmp_path / "documents")
    yield tmp_path / "documents"
    app.config["DOCUMENT_DIR"] = saved


def _built(client, url: str) -> bytes:
    """Ask, let the worker build, ask again: the PDF."""
    first = client.get(url)
    assert first.status_code == 302
    assert run_pending() >= 1
    done = client.get(url)
    assert done.status_code == 200 and done.mimetype == "application/pdf"
    return done.data


def test_a_cache_hit_reads_no_document_data(client, auth, day, cold, monkeypatch, count_queries):
    auth.login("organiser@example.org")
    url = f"/beheer/locaties/{day['rotterdam'].id}/naambadges.pdf"
    pdf = _built(client, url)

    def no_data(*args, **kwargs):
        raise AssertionError("the document's data were read for a cache hit")

    monkeypatch.setitem(documents.DOCUMENTS, "badges", documents.Document(documents.LocationDay, no_data))
    with count_queries() as statements:
        again = client.get(url)
    assert again.status_code == 200 and again.data == pdf
    assert "naambadges" in again.headers["Content-Disposition"]
    assert not any("FROM registration" in s and "JOIN" in s for s in statements)  # no people list read
    assert len(statements) <= 30, len(statements)


def test_every_kind_of_change_is_a_miss(client, auth, day, cold):
    auth.login("organiser@example.org")
    url = f"/beheer/locaties/{day['rotterdam'].id}/presentielijst.pdf"
    _built(client, url)
    before = data_version()

    person = day["registrations"]["Jan de Vries"]
    check_in(person)  # a row of a big table changes in place: the key changes
    db.session.commit()
    assert data_version() != before
    person.name = "Jan de Vries-Bos"  # ... and what the sheet shows
    db.session.commit()
    assert client.get(url).status_code == 302  # built again
    run_pending()
    assert "Jan de Vries-Bos" in pdf_text(client.get(url).data)

    after_rename = data_version()
    day["offers"]["armoede"].room = "Kelder"  # a small table without updated_at
    db.session.commit()
    assert data_version() != after_rename
    day["edition"].name = "Alliantiedagen Nieuw"  # shown in the sheet's heading
    db.session.commit()
    assert client.get(url).status_code == 302
    run_pending()
    assert "Alliantiedagen Nieuw" in pdf_text(client.get(url).data)


def test_building_and_mailing_leave_the_key_alone(client, auth, day, cold):
    """Rows written by builds themselves (and by mail) are no document data."""
    auth.login("organiser@example.org")
    before = data_version()
    client.get(f"/beheer/locaties/{day['rotterdam'].id}/naambadges.pdf")
    run_pending()
    assert db.session.scalar(select(DocumentBuild.status)) == "done"
    assert data_version() == before
