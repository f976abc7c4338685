"""All recommendations as CSV and XLSX for Dutch Excel, with the project's export helpers:
a byte-order mark, semicolons, and text that looks like a formula kept as text."""

from __future__ import annotations

from collections.abc import Sequence

from app.archive.context import Recommendation
from app.registration.exports import to_csv as _to_csv
from app.registration.exports import to_xlsx as _to_xlsx

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = ["Nummer", "Werkgroep", "Locatie", "Datum", "Aanbeveling"]


def rows(recommendations: Sequence[Recommendation]) -> list[list]:
    return [[r.number, r.workgroup, r.city, r.date.strftime("%d-%m-%Y"), r.text] for r in recommendations]


def to_csv(recommendations: Sequence[Recommendation]) -> bytes:
    return _to_csv(rows(recommendations), COLUMNS)


def to_xlsx(recommendations: Sequence[Recommendation]) -> bytes:
    return _to_xlsx(rows(recommendations), COLUMNS, title="Aanbevelingen")
