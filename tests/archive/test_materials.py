"""Coordinators attach the speakers' slides, hand-outs and links; the public sees them
after the day; anything that is not a document, too large, or private stays out."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from archive_samples import EXECUTABLE, OLD_POWERPOINT, PDF, PPTM_MAIN, docx, odp, pptx, upload
from markupsafe import escape
from sqlalchemy import func, select

from app.archive.models import Material
from app.extensions import db
from app.storage import get_storage

PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _add(client, world, content: bytes, filename: str, location=None, **fields):
    location = location or world.held
    data = {"target": f"contribution-{world.contribution.id}", "title": "", "visibility": "after_day", **fields}
    return upload(client, f"/beheer/locaties/{location.id}/materiaal/bestand", data, filename, content)


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Material))


@pytest.mark.parametrize(
    ("content", "filename", "served_type", "download"),
    [
        (PDF, "Dia's inleiding.pdf", "application/pdf", "Dias inleiding.pdf"),
        (pptx(), "presentatie.pptx", PPTX_TYPE, "presentatie.pptx"),
        (docx(), "hand-out.DOCX", DOCX_TYPE, "hand-out.docx"),
        (odp(), "dia's.odp", "application/vnd.oasis.opendocument.presentation", "dias.odp"),
        (PDF, "renamed-slides.pptx", "application/pdf", "renamed-slides.pdf"),  # the content decides
    ],
)
def test_each_accepted_type_is_uploaded_stored_and_served(
    client, auth, world, content, filename, served_type, download
):
    auth.login("coordinator@example.org")
    response = _add(client, world, content, filename)
    assert response.status_code == 302
    material = db.session.scalar(select(Material))
    assert get_storage().read(material.storage_key) == content
    page = client.get(f"/beheer/locaties/{world.held.id}/materiaal").get_data(as_text=True)
    assert str(escape(material.title)) in page
    auth.logout()
    served = client.get(f"/archief/materiaal/{material.id}/{material.filename}")
    assert served.status_code == 200 and served.data == content
    assert served.headers["Content-Type"] == served_type
    assert f'filename="{download}"' in served.headers["Content-Disposition"]
    assert served.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (EXECUTABLE, "slides.pdf", "Dit bestand is een programma, geen document."),
        (EXECUTABLE, "virus.exe", "Dit bestand is een programma, geen document."),
        (pptx(main=PPTM_MAIN), "presentatie.pptx", "Dit bestand bevat macro&#39;s."),
        (OLD_POWERPOINT, "oud.ppt", "Dit is een oud Office-bestand (.ppt of .doc)."),
        (b"<svg onload=alert(1)>", "plaatje.pdf", "Dit soort bestand kan niet."),
        (b"", "leeg.pdf", "Dit bestand is leeg."),
    ],
)
def test_refused_files_get_a_clear_message_and_nothing_is_stored(client, auth, world, content, filename, message):
    auth.login("coordinator@example.org")
    response = _add(client, world, content, filename)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page and 'aria-invalid="true"' in page
    assert _count() == 0
    folder = get_storage().root / "materials"
    assert not folder.exists() or not any(path.is_file() for path in folder.rglob("*"))


def test_a_file_over_the_limit_is_refused_with_the_limit_in_the_message(app, client, auth, world):
    app.config["UPLOAD_MAX_BYTES"] = 1024 * 1024
    try:
        auth.login("coordinator@example.org")
        # Within the request's room for the other fields, over the file limit: the form says so.
        response = _add(client, world, PDF + b"0" * (1024 * 1024), "groot.pdf")
        assert response.status_code == 200
        assert "Dit bestand is te groot. Een bestand mag hoogstens 1 MB zijn." in response.get_data(as_text=True)
        # Far over it: refused before it is read, with the same message on the page.
        response = _add(client, world, PDF + b"0" * (3 * 1024 * 1024), "heel-groot.pdf")
        assert response.status_code == 413
        assert "Dit bestand is te groot. Een bestand mag hoogstens 1 MB zijn." in response.get_data(as_text=True)
        assert _count() == 0
    finally:
        app.config["UPLOAD_MAX_BYTES"] = 50 * 1024 * 1024


def test_uploads_keep_their_own_limit_when_the_site_has_a_small_global_one(app, client, auth, world):
    """MAX_CONTENT_LENGTH protects every other form; the upload routes raise it for themselves."""
    saved = app.config["MAX_CONTENT_LENGTH"]
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    try:
        auth.login("coordinator@example.org")
        assert _add(client, world, PDF + b"0" * (512 * 1024), "dias.pdf").status_code == 302
        other_form = client.post(f"/beheer/locaties/{world.held.id}/materiaal/link", data={"title": "x" * 100_000})
        assert other_form.status_code == 413
    finally:
        app.config["MAX_CONTENT_LENGTH"] = saved


def test_a_link_is_added_and_a_script_link_refused(client, auth, world):
    auth.login("coordinator@example.org")
    base = {"target": f"item-{world.contribution.programme_item_id}", "visibility": "after_day", "title": "Video"}
    url = f"/beheer/locaties/{world.held.id}/materiaal/link"
    response = client.post(url, data={**base, "url": "javascript:alert(1)"})
    assert "Vul een volledig webadres in dat begint met https://." in response.get_data(as_text=True)
    response = client.post(
        f"/beheer/locaties/{world.held.id}/materiaal/link", data={**base, "url": "https://example.org/video"}
    )
    assert response.status_code == 302
    auth.logout()
    page = client.get(f"/{world.edition.slug}/zutphen/").get_data(as_text=True)
    assert 'href="https://example.org/video"' in page and "link naar example.org" in page


def test_material_of_a_day_still_to_come_is_private_until_the_day(client, auth, world, make_user):
    auth.login("rotterdam@example.org")
    data = {"target": f"item-{world.contribution.programme_item_id}", "title": "Hand-out", "visibility": "after_day"}
    response = upload(client, f"/beheer/locaties/{world.coming.id}/materiaal/bestand", data, "h.pdf", PDF)
    assert response.status_code == 302
    material = db.session.scalar(select(Material))
    url = f"/archief/materiaal/{material.id}/h.pdf"
    assert client.get(url).status_code == 200  # its coordinator
    auth.logout()
    assert client.get(url).status_code == 404  # the public: not before the day
    world.coming.date = date.today()
    db.session.commit()
    assert client.get(url).status_code == 200  # from the day itself on


def test_organisers_only_material_is_never_public(client, auth, world):
    auth.login("coordinator@example.org")
    assert _add(client, world, PDF, "intern.pdf", visibility="organisers").status_code == 302
    material = db.session.scalar(select(Material))
    auth.logout()
    assert client.get(f"/archief/materiaal/{material.id}/intern.pdf").status_code == 404
    assert "intern" not in client.get(f"/{world.edition.slug}/zutphen/").get_data(as_text=True)


def test_coordinators_manage_only_their_own_locations_materials(client, auth, world):
    auth.login("rotterdam@example.org")
    assert client.get(f"/beheer/locaties/{world.held.id}/materiaal").status_code == 403
    assert _add(client, world, PDF, "x.pdf").status_code == 403
    assert _count() == 0


def test_facilitators_and_anonymous_visitors_cannot_reach_the_material_pages(client, auth, world):
    url = f"/beheer/locaties/{world.held.id}/materiaal"
    assert client.get(url).status_code == 302  # to the login
    auth.login("begeleider@example.org")
    assert client.get(url).status_code == 403
    assert _add(client, world, PDF, "x.pdf").status_code == 403


def test_deleting_removes_the_stored_file_after_the_commit(client, auth, world):
    auth.login("coordinator@example.org")
    _add(client, world, PDF, "dias.pdf")
    material = db.session.scalar(select(Material))
    key = material.storage_key
    assert get_storage().exists(key)
    assert client.post(f"/beheer/materiaal/{material.id}/verwijderen").status_code == 302
    assert not get_storage().exists(key) and _count() == 0


def test_a_rolled_back_upload_leaves_no_file_behind(app, world, request_context):
    import io

    from app.archive import services

    target = services.Target(world.contribution.programme_item, world.contribution)
    material = services.add_material_file(
        world.held, target, title="x", upload=io.BytesIO(PDF), filename="x.pdf", visibility=services.Visibility.NOW,
        max_bytes=10**6,
    )  # fmt: skip
    key = material.storage_key
    assert get_storage().exists(key)
    db.session.rollback()
    assert not get_storage().exists(key)


def test_the_public_location_page_shows_materials_after_the_day(client, auth, world):
    auth.login("coordinator@example.org")
    _add(client, world, PDF, "dias.pdf", title="Dia's van de inleiding")
    auth.logout()
    page = client.get(f"/{world.edition.slug}/zutphen/").get_data(as_text=True)
    assert "Terugblik op deze dag" in page and "Dia&#39;s van de inleiding" in page and "Thomas Kampen" in page
    assert (date.today() - timedelta(days=1)) == world.held.date
