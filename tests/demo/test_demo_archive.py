"""The demo's archive: one location day with materials, two workgroup reports and three
drawn photos, whichever day is held; a second held day reports the same workgroup."""

from __future__ import annotations

import io
from datetime import date, timedelta

from PIL import Image
from sqlalchemy import delete, func, select

from app.archive.demo import DEMO_FACILITATOR, load_demo_archive
from app.archive.models import LookBack, Material, Photo, ReportStatus, Visibility, WorkgroupReport
from app.demo.loader import load_demo
from app.extensions import db
from app.programme.models import LocationDay
from app.storage import get_storage
from app.workgroups.models import WorkgroupOffer

TODAY = date(2026, 11, 23)


def _reports():
    return db.session.execute(
        select(WorkgroupReport, WorkgroupOffer)
        .join(WorkgroupOffer, WorkgroupOffer.id == WorkgroupReport.offer_id)
        .order_by(WorkgroupReport.id)
    ).all()


def test_the_demo_has_an_archive_for_one_day(app, request_context):
    result = load_demo(TODAY)
    db.session.commit()
    reports = _reports()
    assert len(reports) == 2 and all(report.status == ReportStatus.PUBLISHED for report, _ in reports)
    location_ids = {offer.location_day_id for _, offer in reports}
    assert len(location_ids) == 1
    materials = db.session.scalars(select(Material)).all()
    assert sorted(m.file_type or "link" for m in materials) == ["docx", "link", "pdf"]
    assert {m.location_day_id for m in materials} == location_ids
    # All days lie ahead: the demo's archive does not wait for the date.
    assert {m.visibility for m in materials} == {Visibility.NOW}
    photos = db.session.scalars(select(Photo)).all()
    assert len(photos) == 3 and all(photo.published and len(photo.alt_text) > 20 for photo in photos)
    for photo in photos:
        image = Image.open(io.BytesIO(get_storage().read(photo.web_key)))
        assert image.format == "JPEG" and dict(image.getexif()) == {}
    assert db.session.scalar(select(LookBack)).published
    assert ("facilitator", DEMO_FACILITATOR[0], DEMO_FACILITATOR[2]) in result.logins


def test_loading_again_adds_nothing(app, request_context):
    load_demo(TODAY)
    db.session.commit()
    counts = _archive_counts()
    load_demo(TODAY + timedelta(days=2))
    db.session.commit()
    assert _archive_counts() == counts


def _archive_counts() -> list[int]:
    return [db.session.scalar(select(func.count()).select_from(m)) for m in (Material, Photo, WorkgroupReport)]


def test_with_two_days_held_the_latest_gets_the_archive_and_the_other_the_same_workgroup(app, request_context):
    result = load_demo(TODAY)
    edition = result.edition
    for model in (Material, Photo, WorkgroupReport, LookBack):
        db.session.execute(delete(model))
    first, second, *_ = sorted(edition.location_days, key=lambda location: location.date)
    first.date, second.date = TODAY - timedelta(days=14), TODAY - timedelta(days=7)
    db.session.flush()
    load_demo_archive(edition, TODAY)
    db.session.commit()
    reports = _reports()
    at_second = [offer for _, offer in reports if offer.location_day_id == second.id]
    at_first = [offer for _, offer in reports if offer.location_day_id == first.id]
    assert len(at_second) == 2 and len(at_first) == 1
    assert at_first[0].workgroup_id == at_second[0].workgroup_id
    assert {m.location_day_id for m in db.session.scalars(select(Material))} == {second.id}
    assert {m.visibility for m in db.session.scalars(select(Material))} == {Visibility.AFTER_DAY}


def test_the_demo_facilitator_can_sign_in(client, app):
    load_demo(TODAY)
    db.session.commit()
    email, _name, password = DEMO_FACILITATOR
    response = client.post("/beheer/inloggen", data={"email": email, "password": password}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Mijn werkgroepen" in page and "Verslag" in page
    assert db.session.scalar(select(func.count()).select_from(LocationDay)) == 5
