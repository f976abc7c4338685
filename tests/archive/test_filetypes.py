"""Uploads are judged by what is inside them, never by their name."""

import io

import pytest
from archive_samples import (
    EXECUTABLE,
    OLD_POWERPOINT,
    PDF,
    PPTM_MAIN,
    docx,
    exe_in_zip,
    odp,
    plain_zip,
    pptx,
)

from app.storage import filetypes
from app.storage.filetypes import FileRefused, Refusal, identify_document


@pytest.mark.parametrize(
    ("content", "code", "mimetype"),
    [
        (PDF, "pdf", "application/pdf"),
        (pptx(), "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        (docx(), "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (odp(), "odp", "application/vnd.oasis.opendocument.presentation"),
    ],
)
def test_each_accepted_type_is_recognised_by_content(content, code, mimetype):
    kind = identify_document(io.BytesIO(content))
    assert (kind.code, kind.mimetype) == (code, mimetype)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (EXECUTABLE, Refusal.EXECUTABLE),  # a program renamed to slides.pdf
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 40, Refusal.EXECUTABLE),
        (b"#!/bin/sh\nrm -rf /\n", Refusal.EXECUTABLE),
        (exe_in_zip(), Refusal.EXECUTABLE),
        (pptx(main=PPTM_MAIN), Refusal.MACROS),
        (pptx(extra=(("ppt/vbaProject.bin", b"macro"),)), Refusal.MACROS),
        (OLD_POWERPOINT, Refusal.OLD_OFFICE),
        (b"PK\x03\x04this is not really a zip", Refusal.DAMAGED),
        (plain_zip(), Refusal.UNKNOWN),
        (b"<html><script>alert(1)</script></html>", Refusal.UNKNOWN),
        (b"", Refusal.EMPTY),
    ],
)
def test_what_is_refused_and_why(content, reason):
    with pytest.raises(FileRefused) as refused:
        identify_document(io.BytesIO(content))
    assert refused.value.reason == reason


def test_a_zip_that_claims_to_unpack_to_more_than_a_gigabyte_is_refused(monkeypatch):
    monkeypatch.setattr(filetypes, "MAX_UNPACKED", 100)
    with pytest.raises(FileRefused) as refused:
        identify_document(io.BytesIO(pptx()))
    assert refused.value.reason == Refusal.DAMAGED


def test_the_stream_is_left_at_its_start_for_storing():
    stream = io.BytesIO(pptx())
    identify_document(stream)
    assert stream.tell() == 0
