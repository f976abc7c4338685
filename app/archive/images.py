"""Photos made fit for the website: a pure core (bytes in, bytes out), no Flask.

Every upload is decoded and drawn again as a new JPEG: turned upright by its EXIF
orientation, converted to sRGB, scaled down for the web plus a thumbnail, and saved
without any metadata. So no camera data, time stamps or GPS position ever reach the
site, and whatever else the file carried is gone too.
"""

from __future__ import annotations

import enum
import io
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}  # MPO: JPEGs from some cameras and phones
MAX_PIXELS = 60_000_000  # 60 megapixels: far beyond any camera; stops decompression bombs
WEB_SIZE = 1600
THUMB_SIZE = 480
WEB_QUALITY = 82
THUMB_QUALITY = 78


class PhotoProblem(enum.StrEnum):
    NOT_AN_IMAGE = "not_an_image"
    FORMAT = "format"
    TOO_LARGE = "too_large"
    DAMAGED = "damaged"


class PhotoRefused(ValueError):
    def __init__(self, problem: PhotoProblem, detail: str = ""):
        super().__init__(problem.value + (f": {detail}" if detail else ""))
        self.problem = problem


@dataclass(frozen=True)
class Rendition:
    data: bytes
    width: int
    height: int


@dataclass(frozen=True)
class ProcessedPhoto:
    web: Rendition
    thumb: Rendition
    source_format: str


def process_photo(source: IO[bytes] | bytes) -> ProcessedPhoto:
    """The web version (at most WEB_SIZE px on its longest side) and a thumbnail."""
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    image = _open(stream)
    try:
        fmt = image.format or ""
        upright = _upright_rgb(image)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise PhotoRefused(PhotoProblem.DAMAGED, str(error)) from error
    finally:
        image.close()
    web = _scaled(upright, WEB_SIZE, WEB_QUALITY)
    thumb = _scaled(upright, THUMB_SIZE, THUMB_QUALITY)
    return ProcessedPhoto(web=web, thumb=thumb, source_format=fmt)


def _open(stream: IO[bytes]) -> Image.Image:
    stream.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its pixel limit and twice that: refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(stream)
    except UnidentifiedImageError as error:
        raise PhotoRefused(PhotoProblem.NOT_AN_IMAGE) from error
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise PhotoRefused(PhotoProblem.TOO_LARGE) from error
    except (OSError, ValueError, SyntaxError) as error:
        raise PhotoRefused(PhotoProblem.DAMAGED, str(error)) from error
    if image.format not in ACCEPTED_FORMATS:
        image.close()
        raise PhotoRefused(PhotoProblem.FORMAT, image.format or "")
    if image.width * image.height > MAX_PIXELS:
        image.close()
        raise PhotoRefused(PhotoProblem.TOO_LARGE)
    return image


_strict_lock = threading.Lock()


@contextmanager
def _strict_decoding():
    """WeasyPrint switches Pillow to accept truncated images, for the whole process; a
    photo cut off halfway must be refused here, not filled up with grey."""
    with _strict_lock:
        saved = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = saved


def _upright_rgb(image: Image.Image) -> Image.Image:
    """Decoded in full (truncated files fail here), turned as the camera meant it, and
    converted to sRGB on a white background where it had transparency."""
    with _strict_decoding():
        image.load()
    profile = image.info.get("icc_profile")
    upright = ImageOps.exif_transpose(image) or image
    if upright.mode in ("RGBA", "LA") or (upright.mode == "P" and "transparency" in upright.info):
        rgba = upright.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        upright = background
    elif upright.mode != "RGB":
        upright = upright.convert("RGB")
    if profile:
        upright = _to_srgb(upright, profile)
    return upright


def _to_srgb(image: Image.Image, profile: bytes) -> Image.Image:
    """Phones often tag photos with Display P3; browsers without the tag assume sRGB."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
        return converted if converted is not None else image  # None only when converting in place
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # an unreadable profile: keep the pixels as they are


def _scaled(image: Image.Image, longest: int, quality: int) -> Rendition:
    copy = image.copy()
    copy.thumbnail((longest, longest), Image.Resampling.LANCZOS, reducing_gap=3.0)
    buffer = io.BytesIO()
    # No exif=, no icc_profile=: Pillow then writes no metadata at all.
    copy.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return Rendition(buffer.getvalue(), copy.width, copy.height)
