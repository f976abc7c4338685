"""Files as people upload them: documents of every accepted type, a renamed program,
and photos with camera data (EXIF with a GPS position, an orientation)."""

from __future__ import annotations

import io
import zipfile

from PIL import Image

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot"
OLD_POWERPOINT = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/{part}" ContentType="{main}"/></Types>'
)
PPTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
PPTM_MAIN = "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"


def _zip(entries: list[tuple[str, bytes]], first_stored: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries):
            kind = zipfile.ZIP_STORED if first_stored and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=kind)
    return buffer.getvalue()


def pptx(main: str = PPTX_MAIN, extra: tuple = ()) -> bytes:
    return _zip(
        [
            ("[Content_Types].xml", CONTENT_TYPES.format(part="ppt/presentation.xml", main=main).encode()),
            ("ppt/presentation.xml", b"<p:presentation/>"),
            *extra,
        ]
    )


def docx() -> bytes:
    """A real Word document, made by python-docx."""
    from docx import Document

    document = Document()
    document.add_paragraph("Hand-out")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odp() -> bytes:
    return _zip(
        [
            ("mimetype", b"application/vnd.oasis.opendocument.presentation"),
            ("content.xml", b"<office:document-content/>"),
            ("META-INF/manifest.xml", b"<manifest/>"),
        ],
        first_stored=True,
    )


def plain_zip() -> bytes:
    return _zip([("notes.txt", b"hello")])


def exe_in_zip() -> bytes:
    return _zip([("setup.exe", EXECUTABLE)])


GPS_IFD = 0x8825
ORIENTATION = 0x0112


def photo_with_gps(size=(1200, 800), orientation: int | None = None, fmt: str = "JPEG") -> bytes:
    """A camera-like photo: EXIF with make, time, a GPS position and maybe an orientation.
    Its left half is red and its right half blue, so turning it can be checked."""
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((30, 30, 200), (size[0] // 2, 0, size[0], size[1]))
    exif = Image.Exif()
    exif[0x010F] = "Camera BV"  # Make
    exif[0x0132] = "2013:10:04 14:12:00"  # DateTime
    exif[GPS_IFD] = {1: "N", 2: (52.0, 8.0, 30.0), 3: "E", 4: (6.0, 12.0, 10.0)}
    if orientation:
        exif[ORIENTATION] = orientation
    buffer = io.BytesIO()
    image.save(buffer, fmt, exif=exif.tobytes(), quality=90)
    return buffer.getvalue()


def transparent_png(size=(300, 200)) -> bytes:
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def upload(client, url: str, data: dict, filename: str, content: bytes, field: str = "file"):
    """A multipart form post with one file, as a browser sends it."""
    return client.post(url, data={**data, field: (io.BytesIO(content), filename)}, content_type="multipart/form-data")
