"""Photos are drawn again: no camera data or GPS position survives, they stand upright,
and they are scaled for the web with a thumbnail. Checked by reading the result back."""

import io

import pytest
from archive_samples import GPS_IFD, photo_with_gps, transparent_png
from PIL import Image

from app.archive.images import THUMB_SIZE, WEB_SIZE, PhotoProblem, PhotoRefused, process_photo


def _read(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_exif_and_gps_are_gone_from_both_sizes():
    source = photo_with_gps()
    assert _read(source).getexif().get_ifd(GPS_IFD)  # the upload really carries a position
    processed = process_photo(source)
    for rendition in (processed.web, processed.thumb):
        image = _read(rendition.data)
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info and "icc_profile" not in image.info
        assert b"Camera BV" not in rendition.data and b"2013:10:04" not in rendition.data


def test_large_photos_are_scaled_for_the_web_and_a_thumbnail():
    processed = process_photo(photo_with_gps(size=(4000, 3000)))
    assert (processed.web.width, processed.web.height) == (WEB_SIZE, 1200)
    assert max(processed.thumb.width, processed.thumb.height) == THUMB_SIZE
    assert _read(processed.web.data).size == (processed.web.width, processed.web.height)


def test_orientation_from_the_camera_is_applied():
    # Orientation 6: the camera was turned; the stored pixels are landscape, the photo is portrait.
    processed = process_photo(photo_with_gps(size=(1200, 800), orientation=6))
    image = _read(processed.web.data)
    assert image.width < image.height
    top, bottom = image.getpixel((image.width // 2, 20)), image.getpixel((image.width // 2, image.height - 20))
    assert top[0] > 150 and bottom[2] > 150  # red (the left half) is now on top
    assert dict(image.getexif()) == {}


def test_transparent_png_becomes_a_jpeg_on_white():
    image = _read(process_photo(transparent_png()).web.data)
    assert image.mode == "RGB" and image.getpixel((5, 5)) == (255, 255, 255)


def test_small_photos_are_not_enlarged():
    processed = process_photo(photo_with_gps(size=(400, 300)))
    assert (processed.web.width, processed.web.height) == (400, 300)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"MZ this is a program", PhotoProblem.NOT_AN_IMAGE),
        (b"%PDF-1.4 not a photo", PhotoProblem.NOT_AN_IMAGE),
        (photo_with_gps()[:2000], PhotoProblem.DAMAGED),
    ],
)
def test_what_is_not_a_usable_photo_is_refused(content, problem):
    with pytest.raises(PhotoRefused) as refused:
        process_photo(content)
    assert refused.value.problem == problem


def test_other_image_formats_are_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (50, 50)).save(buffer, "GIF")
    with pytest.raises(PhotoRefused) as refused:
        process_photo(buffer.getvalue())
    assert refused.value.problem == PhotoProblem.FORMAT


def test_a_decompression_bomb_is_refused_before_decoding():
    """A tiny PNG that claims 100,000 x 100,000 pixels: refused from its header."""
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, "PNG")  # 10^8 pixels, compresses to a few kB
    data = buffer.getvalue()
    assert len(data) < 100_000
    with pytest.raises(PhotoRefused) as refused:
        process_photo(data)
    assert refused.value.problem == PhotoProblem.TOO_LARGE


def test_a_cut_off_photo_is_refused_even_where_pillow_accepts_truncated_files(monkeypatch):
    """WeasyPrint, in the same process, tells Pillow to accept truncated images."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(PhotoRefused) as refused:
        process_photo(photo_with_gps()[:3000])
    assert refused.value.problem == PhotoProblem.DAMAGED
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # left as it was
