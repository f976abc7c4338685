"""One test module, both storage backends: the local folder (the embedded default) and an
S3-compatible object store (moto's server mode on a loopback port, spoken to by boto3
over HTTP exactly as a real store would be). Every test runs against each."""

from __future__ import annotations

import io
import uuid

import boto3
import pytest
from archive_samples import PDF, photo_with_gps, upload
from moto.server import ThreadedMotoServer
from sqlalchemy import select

from app.archive.models import Material, Photo
from app.extensions import db
from app.storage import ObjectNotFound, build_storage
from app.storage.local import LocalStorage
from app.storage.s3 import S3Storage


@pytest.fixture(scope="session")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def _s3_settings(endpoint: str) -> dict:
    bucket = f"archive-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="eu-west-1", aws_access_key_id="test", aws_secret_access_key="test"
    )
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    return {
        "STORAGE_BACKEND": "s3",
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": "eu-west-1",
        "S3_ACCESS_KEY_ID": "test",
        "S3_SECRET_ACCESS_KEY": "test",
        "S3_PREFIX": "alliantiedagen",
    }


@pytest.fixture(params=["local", "s3"])
def settings(request, tmp_path) -> dict:
    if request.param == "local":
        return {"STORAGE_BACKEND": "local", "STORAGE_LOCAL_DIR": str(tmp_path / "uploads")}
    return _s3_settings(request.getfixturevalue("s3_server"))


@pytest.fixture()
def storage(settings):
    return build_storage(settings)


@pytest.fixture()
def app_on_backend(app, settings):
    """The application itself storing its uploads in the backend under test."""
    saved = {key: app.config.get(key) for key in settings}
    app.config.update(settings)
    yield app
    app.config.update(saved)


def test_the_backend_is_the_one_configured(storage, settings):
    assert isinstance(storage, LocalStorage if settings["STORAGE_BACKEND"] == "local" else S3Storage)


def test_put_read_size_exists_delete(storage):
    key = "materials/1/slides.pdf"
    assert not storage.exists(key)
    assert storage.put(key, PDF, "application/pdf") == len(PDF)
    assert storage.exists(key)
    assert storage.read(key) == PDF
    assert storage.size(key) == len(PDF)
    storage.delete(key)
    assert not storage.exists(key)
    storage.delete(key)  # deleting what is gone is no error


def test_a_file_object_streams_in_and_out_in_chunks(storage):
    big = bytes(range(256)) * (9 * 4096 + 17)  # 9.4 MB: several chunks, and S3 multipart (8 MB parts)
    assert storage.put("photos/2/big-web.jpg", io.BytesIO(big), "image/jpeg") == len(big)
    chunks = list(storage.stream("photos/2/big-web.jpg"))
    assert len(chunks) > 1 and b"".join(chunks) == big


def test_writing_again_replaces(storage):
    storage.put("photos/3/a-web.jpg", b"first", "image/jpeg")
    storage.put("photos/3/a-web.jpg", b"second", "image/jpeg")
    assert storage.read("photos/3/a-web.jpg") == b"second"


def test_a_missing_object_is_reported_as_missing(storage):
    for call in (storage.read, storage.size, storage.stream):
        with pytest.raises(ObjectNotFound):
            call("materials/9/nothing.pdf")


@pytest.mark.parametrize(
    "key", ["../etc/passwd", "materials/../../x", "/abs/path", "Materials/1/x.pdf", "a//b", "a/b\x00c", "", "a/ b"]
)
def test_unsafe_keys_are_refused(storage, key):
    with pytest.raises(ValueError):
        storage.put(key, b"x", "text/plain")
    with pytest.raises(ValueError):
        storage.read(key)


# --- the application on each backend ---------------------------------------------------


def test_an_upload_is_stored_in_the_backend_and_served_with_safe_headers(app_on_backend, client, auth, world):
    auth.login("coordinator@example.org")
    target = f"contribution-{world.contribution.id}"
    response = upload(
        client,
        f"/beheer/locaties/{world.held.id}/materiaal/bestand",
        {"target": target, "title": "Dia's", "visibility": "after_day"},
        "dias.pdf",
        PDF,
    )
    assert response.status_code == 302
    material = db.session.scalar(select(Material))
    assert build_storage(app_on_backend.config).read(material.storage_key) == PDF
    auth.logout()
    served = client.get(f"/archief/materiaal/{material.id}/dias.pdf")
    assert served.status_code == 200 and served.data == PDF
    assert served.headers["Content-Type"] == "application/pdf"
    assert served.headers["Content-Disposition"].startswith('attachment; filename="dias.pdf"')
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served.headers["Content-Security-Policy"]
    again = client.get(f"/archief/materiaal/{material.id}/dias.pdf", headers={"If-None-Match": served.headers["ETag"]})
    assert again.status_code == 304


def test_an_unpublished_photo_in_the_backend_is_refused_to_anonymous_visitors(app_on_backend, client, auth, world):
    auth.login("coordinator@example.org")
    response = upload(client, f"/beheer/locaties/{world.held.id}/fotos", {}, "zaal.jpg", photo_with_gps(), "photos")
    assert response.status_code == 302
    photo = db.session.scalar(select(Photo))
    assert client.get(f"/archief/foto/{photo.id}/web.jpg").status_code == 200  # the coordinator sees it
    auth.logout()
    assert client.get(f"/archief/foto/{photo.id}/web.jpg").status_code == 404
    assert client.get(f"/archief/foto/{photo.id}/thumb.jpg").status_code == 404
