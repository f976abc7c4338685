"""The demo's archive: the latest day held has materials, two workgroup reports and three
drawn photos; the day held before it reports the same workgroup and one whose report at the
latest day the demo facilitator still has to write. Without a day held (an edition whose
days all lie ahead), the first day gets the archive, its materials public at once."""

from __future__ import annotations

import io
from datetime import date, timedelta

from PIL import Image
from sqlalchemy import delete, func, select

from app.accounts.models import User
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


def test_the_latest_day_held_has_the_archive_and_the_day_before_two_reports(app, request_context):
    result = load_demo(TODAY)
    db.session.commit()
    first, second, *ahead = sorted(result.edition.location_days, key=lambda location: location.date)
    assert second.date < TODAY <= ahead[0].date
    reports = _reports()
    assert all(report.status == ReportStatus.PUBLISHED for report, _ in reports)
    at_second = [offer for _, offer in reports if offer.location_day_id == second.id]
    at_first = [offer for _, offer in reports if offer.location_day_id == first.id]
    assert len(at_second) == 2 and len(at_first) == 2 and len(reports) == 4
    assert at_first[0].workgroup_id == at_second[0].workgroup_id  # side by side
    assert at_first[1].workgroup_id not in {offer.workgroup_id for offer in at_second}
    materials = db.session.scalars(select(Material)).all()
    assert sorted(m.file_type or "link" for m in materials) == ["docx", "link", "pdf"]
    assert {m.location_day_id for m in materials} == {second.id}
    assert {m.visibility for m in materials} == {Visibility.AFTER_DAY}
    photos = db.session.scalars(select(Photo)).all()
    assert len(photos) == 3 and all(photo.published and len(photo.alt_text) > 20 for photo in photos)
    assert {photo.location_day_id for photo in photos} == {second.id}
    for photo in photos:
        image = Image.open(io.BytesIO(get_storage().read(photo.web_key)))
        assert image.format == "JPEG" and dict(image.getexif()) == {}
    assert db.session.scalar(select(LookBack)).published
    assert ("facilitator", DEMO_FACILITATOR[0], DEMO_FACILITATOR[2]) in result.logins
    # The facilitator: the latest day's report still to write, of the workgroup that already
    # reported the day before, and the same workgroup at the next day ahead.
    facilitator = db.session.scalar(select(User).where(User.email == DEMO_FACILITATOR[0]))
    mine = sorted(facilitator.offers, key=lambda offer: offer.location_day.date)
    assert [offer.location_day_id for offer in mine] == [second.id, ahead[0].id]
    assert {offer.workgroup_id for offer in mine} == {at_first[1].workgroup_id}


def test_loading_again_adds_nothing(app, request_context):
    load_demo(TODAY)
    db.session.commit()
    counts = _archive_counts()
    load_demo(TODAY + timedelta(days=2))
    db.session.commit()
    assert _archive_counts() == counts


def _archive_counts() -> list[int]:
    return [db.session.scalar(select(func.count()).select_from(m)) for m in (Material, Photo, WorkgroupReport)]


def test_without_a_day_held_the_first_day_gets_the_archive_public_at_once(app, request_context):
    edition = load_demo(TODAY).edition
    for model in (Material, Photo, WorkgroupReport, LookBack):
        db.session.execute(delete(model))
    db.session.flush()
    before_the_season = min(location.date for location in edition.location_days) - timedelta(days=30)
    load_demo_archive(edition, before_the_season)
    db.session.commit()
    first = min(edition.location_days, key=lambda location: location.date)
    assert {offer.location_day_id for _, offer in _reports()} == {first.id}
    assert {m.location_day_id for m in db.session.scalars(select(Material))} == {first.id}
    assert {m.visibility for m in db.session.scalars(select(Material))} == {Visibility.NOW}


def test_the_demo_facilitator_can_sign_in(client, app):
    load_demo(TODAY)
    db.session.commit()
    email, _name, password = DEMO_FACILITATOR
    response = client.post("/beheer/inloggen", data={"email": email, "password": password}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Mijn werkgroepen" in page and "Verslag" in page
    assert db.session.scalar(select(func.count()).select_from(LocationDay)) == 5
