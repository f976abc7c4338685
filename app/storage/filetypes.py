"""What a file really is, judged by its content: never by its name or the browser's word.

Documents: PDF (its header), and the zip-based office formats, told apart by what is
inside the zip: PowerPoint (.pptx), Word (.docx) and OpenDocument presentations (.odp).
Macro-enabled variants, old binary Office files and programs are refused with their own
reason, so the message can say what to do instead.
"""

from __future__ import annotations

import enum
import zipfile
from dataclasses import dataclass
from typing import BinaryIO


class Refusal(enum.StrEnum):
    EMPTY = "empty"
    EXECUTABLE = "executable"
    MACROS = "macros"
    OLD_OFFICE = "old_office"
    DAMAGED = "damaged"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class FileType:
    code: str  # pdf / pptx / docx / odp
    label: str  # shown to people: "PDF", "PowerPoint"
    extension: str
    mimetype: str


PDF = FileType("pdf", "PDF", "pdf", "application/pdf")
PPTX = FileType(
    "pptx", "PowerPoint", "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"
)
DOCX = FileType("docx", "Word", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
ODP = FileType("odp", "OpenDocument", "odp", "application/vnd.oasis.opendocument.presentation")
DOCUMENT_TYPES = {kind.code: kind for kind in (PDF, PPTX, DOCX, ODP)}


class FileRefused(ValueError):
    def __init__(self, reason: Refusal):
        super().__init__(reason.value)
        self.reason = reason


# Programs and scripts, by their first bytes: Windows (MZ), Linux (ELF), macOS (Mach-O,
# fat binaries), Java classes (shares CAFEBABE with fat binaries), shell scripts.
EXECUTABLE_MAGIC = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .ppt, .doc, .xls (and .msi)
ZIP_MAGIC = b"PK\x03\x04"

# Zip bombs: limits on what the zip says it holds (reads are held to these sizes).
MAX_ZIP_ENTRIES = 20_000
MAX_UNPACKED = 1024 * 1024 * 1024
MAX_XML_READ = 2 * 1024 * 1024

OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": PPTX,
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml": PPTX,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": DOCX,
}
OOXML_MACRO_MAIN = (
    "application/vnd.ms-powerpoint.presentation.macroenabled.main+xml",
    "application/vnd.ms-powerpoint.slideshow.macroenabled.main+xml",
    "application/vnd.ms-word.document.macroenabled.main+xml",
)
ODP_MIMETYPE = b"application/vnd.oasis.opendocument.presentation"


def identify_document(stream: BinaryIO) -> FileType:
    """The document type of an uploaded file, or FileRefused with the reason."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if not head:
        raise FileRefused(Refusal.EMPTY)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(ZIP_MAGIC):
        return _identify_zip(stream)
    if head.startswith(OLE2_MAGIC):
        raise FileRefused(Refusal.OLD_OFFICE)
    if head.startswith(EXECUTABLE_MAGIC):
        raise FileRefused(Refusal.EXECUTABLE)
    raise FileRefused(Refusal.UNKNOWN)


def _identify_zip(stream: BinaryIO) -> FileType:
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES or sum(entry.file_size for entry in entries) > MAX_UNPACKED:
                raise FileRefused(Refusal.DAMAGED)
            names = {entry.filename for entry in entries}
            if any(name.lower().endswith((".exe", ".dll", ".bat", ".cmd", ".scr", ".com")) for name in names):
                raise FileRefused(Refusal.EXECUTABLE)
            if "[Content_Types].xml" in names:
                return _identify_ooxml(archive, names)
            if entries and entries[0].filename == "mimetype":
                return _identify_odf(archive, names)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, KeyError, ValueError) as error:
        if isinstance(error, FileRefused):
            raise
        raise FileRefused(Refusal.DAMAGED) from error
    finally:
        stream.seek(0)
    raise FileRefused(Refusal.UNKNOWN)


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as member:
        return member.read(MAX_XML_READ)


def _identify_ooxml(archive: zipfile.ZipFile, names: set[str]) -> FileType:
    types = _read_small(archive, "[Content_Types].xml").decode("utf-8", "replace").lower()
    if any(macro in types for macro in OOXML_MACRO_MAIN) or any(n.lower().endswith("vbaproject.bin") for n in names):
        raise FileRefused(Refusal.MACROS)
    for main, kind in OOXML_MAIN.items():
        if main in types:
            required = "ppt/presentation.xml" if kind is PPTX else "word/document.xml"
            if required not in names:
                raise FileRefused(Refusal.DAMAGED)
            return kind
    raise FileRefused(Refusal.UNKNOWN)


def _identify_odf(archive: zipfile.ZipFile, names: set[str]) -> FileType:
    if _read_small(archive, "mimetype").strip() != ODP_MIMETYPE:
        raise FileRefused(Refusal.UNKNOWN)
    if "content.xml" not in names:
        raise FileRefused(Refusal.DAMAGED)
    if any(name.startswith(("Basic/", "Scripts/")) for name in names):
        raise FileRefused(Refusal.MACROS)
    return ODP
