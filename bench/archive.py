"""Benchmark the archive's heavy steps: photos re-encoded, and the look-back documents.

Run from the repository root:  .venv/bin/python bench/archive.py [--photos 10] [--reports 6]

1. Photos: `process_photo` on camera-sized JPEGs (12 and 24 megapixels, with EXIF and GPS):
   seconds per photo and the bytes stored (web size plus thumbnail) against the upload.
2. Documents, from plain data (no database): a look-back of 5 locations, each with REPORTS
   workgroup reports and 4 photos; the PDF (WeasyPrint, this process, no cache) and the
   Word document (python-docx), and the PDF "Werkgroepverslagen". Also at twice the
   reports, for the growth ratio.
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import date, timedelta
from pathlib import Path
from statistics import median
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image  # noqa: E402

from app import create_app  # noqa: E402
from app.archive import context  # noqa: E402
from app.archive.documents import docx_labels  # noqa: E402
from app.archive.docx import build_look_back_docx  # noqa: E402
from app.archive.images import process_photo  # noqa: E402
from app.archive.markdown import to_html  # noqa: E402
from app.reports.render import render_pdf  # noqa: E402
from config import TestConfig  # noqa: E402

CITIES = ("Zutphen", "Rotterdam", "Amsterdam", "Beilen", "Roermond")
TEXT = "# Groeien in kracht\n\nVijf dagen, **één thema**.\n\n- Vrijwilligers\n- Gemeenten\n"


def camera_photo(megapixels: int) -> bytes:
    width = int((megapixels * 1_000_000 * 4 / 3) ** 0.5)
    height = width * 3 // 4
    image = Image.radial_gradient("L").resize((width, height)).convert("RGB")
    exif = Image.Exif()
    exif[0x010F] = "Camera"
    exif[0x8825] = {1: "N", 2: (52.0, 8.0, 30.0), 3: "E", 4: (6.0, 12.0, 10.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif.tobytes())
    return buffer.getvalue()


def time_photos(count: int) -> None:
    for megapixels in (12, 24):
        source = camera_photo(megapixels)
        timings, stored = [], 0
        for _ in range(count):
            started = perf_counter()
            processed = process_photo(source)
            timings.append(perf_counter() - started)
            stored = len(processed.web.data) + len(processed.thumb.data)
        print(
            f"photo {megapixels} MP ({len(source) / 1e6:.1f} MB upload): median {median(timings):.2f} s, "
            f"stored {stored / 1e3:.0f} kB (web + thumbnail, {stored / len(source):.1%} of the upload)"
        )


def book(reports_per_location: int, thumbnail: bytes) -> context.LookBackBook:
    start = date(2013, 10, 4)
    locations, all_reports = [], []
    for number, city in enumerate(CITIES):
        day = start + timedelta(weeks=number)
        reports = tuple(
            context.ReportEntry(
                id=number * 100 + index,
                workgroup_id=index,
                workgroup=f"Werkgroep {index}",
                location_id=number,
                city=city,
                date=day,
                round=1,
                several_rounds=False,
                facilitator="Begeleider",
                participants=15,
                summary="Een gesprek over wat lokaal werkt. " * 8,
                points=("Eerste punt", "Tweede punt", "Derde punt"),
                recommendations=("Een aanbeveling voor de gemeente", "Een aanbeveling voor het rijk"),
            )  # fmt: skip
            for index in range(reports_per_location)
        )
        all_reports += reports
        photos = tuple(
            context.PhotoEntry(i, "Een zaal met stoelen", "Onderschrift", 1600, 1067, 480, 320, thumbnail)
            for i in range(4)
        )
        contributions = tuple(
            context.ContributionEntry("Inleiding", f"Spreker {i}", "Organisatie", "Titel") for i in range(6)
        )
        locations.append(
            context.LocationArchive(number, city, city.lower(), day, "Zaal", True, contributions, (), reports, photos)
        )
    workgroups = context.build_comparisons(
        [context.WorkgroupInfo(i, f"Werkgroep {i}", "") for i in range(reports_per_location)], [], all_reports
    )
    edition = context.EditionInfo("Alliantiedagen 2013", "Groeien in kracht", "demo", "Sociale Alliantie")
    return context.LookBackBook(edition, TEXT, to_html(TEXT), tuple(locations), workgroups, date(2013, 11, 8))


def timed(label: str, make) -> float:
    started = perf_counter()
    size = len(make())
    seconds = perf_counter() - started
    print(f"{label}: {seconds:.2f} s, {size / 1e3:.0f} kB")
    return seconds


def time_documents(reports: int, thumbnail: bytes) -> dict[str, float]:
    found = book(reports, thumbnail)
    print(f"-- 5 locations x {reports} reports, 4 photos each --")
    wr = context.WorkgroupReportsBook(found.edition, found.workgroups, found.recommendations, found.made_on)
    return {
        "pdf": timed("look-back PDF", lambda: render_pdf("archive/pdf/look_back.html", title="Terugblik", book=found)),
        "docx": timed("look-back Word", lambda: build_look_back_docx(found, docx_labels(found, "nl"))),
        "reports": timed(
            "Werkgroepverslagen PDF",
            lambda: render_pdf("archive/pdf/workgroup_reports.html", title="Werkgroepverslagen", book=wr),
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=5, help="photos per size")
    parser.add_argument("--reports", type=int, default=6, help="workgroup reports per location")
    arguments = parser.parse_args()
    time_photos(arguments.photos)
    thumbnail = process_photo(camera_photo(12)).thumb.data
    app = create_app(TestConfig)
    with app.test_request_context():
        time_documents(1, thumbnail)  # warm-up: fonts and templates load once
        small = time_documents(arguments.reports, thumbnail)
        large = time_documents(arguments.reports * 2, thumbnail)
    for name in small:
        print(f"growth {name} for twice the reports: x{large[name] / small[name]:.2f}")


if __name__ == "__main__":
    main()
