"""Coordinators upload photos; what is stored has no camera data; a photo is public only
once described and published; withdrawn consent takes it offline until checked again."""

from __future__ import annotations

import io

from archive_samples import EXECUTABLE, GPS_IFD, photo_with_gps
from PIL import Image
from sqlalchemy import select

from app.archive.models import Photo
from app.extensions import db
from app.registration.models import Source
from app.registration.photo_consent import set_photo_consent
from app.registration.services import check_in, erase_registration, register_participant
from app.storage import get_storage


def _upload(client, world, *files):
    data = {"photos": [(io.BytesIO(content), name) for name, content in files]}
    return client.post(f"/beheer/locaties/{world.held.id}/fotos", data=data, content_type="multipart/form-data")


def _photo() -> Photo:
    return db.session.scalar(select(Photo).order_by(Photo.id.desc()))


def _post(client, photo, action, alt="", caption=""):
    data = {f"photo-{photo.id}-alt_text": alt, f"photo-{photo.id}-caption": caption, "action": action}
    return client.post(f"/beheer/fotos/{photo.id}", data=data)


def test_an_uploaded_photo_is_stored_without_exif_or_gps(client, auth, world):
    auth.login("coordinator@example.org")
    source = photo_with_gps(size=(3000, 2000), orientation=6)
    assert Image.open(io.BytesIO(source)).getexif().get_ifd(GPS_IFD)
    assert _upload(client, world, ("IMG_2013.jpg", source)).status_code == 302
    photo = _photo()
    for key in (photo.web_key, photo.thumb_key):
        stored = get_storage().read(key)
        image = Image.open(io.BytesIO(stored))
        assert image.format == "JPEG" and dict(image.getexif()) == {}
        assert b"Camera BV" not in stored
    assert (photo.width, photo.height) == (1067, 1600)  # turned upright, scaled for the web
    served = client.get(f"/archief/foto/{photo.id}/web.jpg")
    assert served.status_code == 200 and served.headers["Content-Type"] == "image/jpeg"
    assert dict(Image.open(io.BytesIO(served.data)).getexif()) == {}


def test_several_photos_at_once_and_a_refused_one_named(client, auth, world):
    auth.login("coordinator@example.org")
    files = (("a.jpg", photo_with_gps()), ("b.png", photo_with_gps(fmt="PNG")), ("c.jpg", EXECUTABLE))
    response = _upload(client, world, *files)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 foto&#39;s toegevoegd" in page
    assert "c.jpg: Dit is geen foto die wij kunnen plaatsen." in page
    assert len(db.session.scalars(select(Photo)).all()) == 2


def test_publishing_needs_an_alt_text(client, auth, world):
    auth.login("coordinator@example.org")
    _upload(client, world, ("zaal.jpg", photo_with_gps()))
    photo = _photo()
    response = _post(client, photo, "publish", alt="")
    assert response.status_code == 200
    assert "Beschrijf eerst wat er op de foto te zien is" in response.get_data(as_text=True)
    db.session.refresh(photo)
    assert not photo.published
    assert _post(client, photo, "publish", alt="Stoelen in een kring in de werkgroepzaal").status_code == 302
    db.session.refresh(photo)
    assert photo.published and photo.alt_text == "Stoelen in een kring in de werkgroepzaal"


def test_only_published_photos_are_public(client, auth, world):
    auth.login("coordinator@example.org")
    _upload(client, world, ("zaal.jpg", photo_with_gps()))
    photo = _photo()
    auth.logout()
    assert client.get(f"/archief/foto/{photo.id}/web.jpg").status_code == 404
    assert "Foto&#39;s" not in client.get(f"/{world.edition.slug}/zutphen/").get_data(as_text=True)
    auth.login("coordinator@example.org")
    _post(client, photo, "publish", alt="De zaal met stoelen")
    auth.logout()
    assert client.get(f"/archief/foto/{photo.id}/thumb.jpg").status_code == 200
    page = client.get(f"/{world.edition.slug}/zutphen/").get_data(as_text=True)
    assert 'alt="De zaal met stoelen"' in page


def test_withdrawn_consent_takes_published_photos_offline_until_checked(client, auth, world, request_context):
    # Registration is closed for a held day: an organiser added her by hand.
    result = register_participant(
        world.held, name="Ans Jansen", email="ans@example.org", source=Source.MANUAL, photo_consent=True
    )
    check_in(result.registration)
    db.session.commit()
    auth.login("coordinator@example.org")
    _upload(client, world, ("zaal.jpg", photo_with_gps()))
    photo = _photo()
    _post(client, photo, "publish", alt="De zaal met mensen")
    assert client.get(f"/archief/foto/{photo.id}/web.jpg").status_code == 200
    set_photo_consent(result.registration, False)
    db.session.commit()
    auth.logout()
    assert client.get(f"/archief/foto/{photo.id}/web.jpg").status_code == 404  # offline at once
    auth.login("coordinator@example.org")
    page = client.get(f"/beheer/locaties/{world.held.id}/fotos").get_data(as_text=True)
    assert "Tijdelijk niet op de website: controleren" in page and "trok 1 deelnemer de toestemming in" in page
    assert "Ans Jansen" in page  # among those without consent
    assert _post(client, photo, "checked", alt="De zaal met mensen").status_code == 302
    auth.logout()
    assert client.get(f"/archief/foto/{photo.id}/web.jpg").status_code == 200


def test_erasing_a_consenting_registration_also_counts_as_withdrawal(client, auth, world, request_context):
    result = register_participant(
        world.held, name="Bert", email="bert@example.org", source=Source.MANUAL, photo_consent=True
    )
    db.session.commit()
    auth.login("coordinator@example.org")
    _upload(client, world, ("zaal.jpg", photo_with_gps()))
    photo = _photo()
    _post(client, photo, "publish", alt="De zaal met mensen")
    erase_registration(result.registration)
    db.session.commit()
    page = client.get(f"/beheer/locaties/{world.held.id}/fotos").get_data(as_text=True)
    assert "trok 1 deelnemer de toestemming in" in page  # nobody named: the registration is gone


def test_deleting_a_photo_removes_both_files(client, auth, world):
    auth.login("coordinator@example.org")
    _upload(client, world, ("zaal.jpg", photo_with_gps()))
    photo = _photo()
    keys = (photo.web_key, photo.thumb_key)
    assert client.post(f"/beheer/fotos/{photo.id}/verwijderen").status_code == 302
    assert not any(get_storage().exists(key) for key in keys)


def test_photo_pages_are_for_the_locations_own_coordinator(client, auth, world):
    auth.login("rotterdam@example.org")
    assert client.get(f"/beheer/locaties/{world.held.id}/fotos").status_code == 403
    assert _upload(client, world, ("zaal.jpg", photo_with_gps())).status_code == 403
