"""Registrations as CSV and XLSX that open correctly in Excel with Dutch settings.

CSV: UTF-8 with a byte-order mark (so Excel reads the accents), semicolon separator (the
Dutch list separator), and every text that Excel would take for a formula (starting with
=, +, -, @, tab or carriage return) prefixed with an apostrophe, so it opens as text.
XLSX: text cells are written as text (never as formulas), and the control characters that
Excel refuses are stripped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from app.formatting import local_moment

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

STATUS_LABELS = {"confirmed": "bevestigd", "waiting": "wachtlijst", "cancelled": "afgemeld"}
SOURCE_LABELS = {"online": "online", "manual": "handmatig", "walk_in": "binnenloper"}


def header(rounds: Sequence[int]) -> list[str]:
    columns = [
        "Nummer",
        "Naam",
        "E-mail",
        "Organisatie",
        "Soort organisatie",
        "Woonplaats",
        "Wat nodig",
        "Status",
        "Plaats wachtlijst",
        "Bron",
        "Aangemeld op",
        "Aanwezig om",
    ]
    for round_ in rounds:
        columns += [f"Ronde {round_} keuze {rank}" for rank in (1, 2, 3)]
    return columns


def rows(registrations, positions: dict[int, int], rounds: Sequence[int]) -> list[list]:
    result = []
    for registration in registrations:
        status = registration.status.value
        row = [
            registration.id,
            registration.name,
            registration.email or "",
            registration.organisation,
            registration.organisation_kind.name if registration.organisation_kind else "",
            registration.municipality,
            registration.needs,
            STATUS_LABELS.get(status, status),
            positions.get(registration.id, ""),
            SOURCE_LABELS.get(registration.source.value, registration.source.value),
            local_moment(registration.created_at),
            local_moment(registration.checked_in_at),
        ]
        chosen = {(p.round, p.rank): p.workgroup.title for p in registration.preferences}
        for round_ in rounds:
            row += [chosen.get((round_, rank), "") for rank in (1, 2, 3)]
        result.append(row)
    return result


def csv_safe(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def to_csv(table: list[list], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(columns)
    for row in table:
        writer.writerow([csv_safe(value) for value in row])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def xlsx_safe(value):
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def to_xlsx(table: list[list], columns: list[str], title: str = "Aanmeldingen") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(columns)
    for row in table:
        sheet.append([xlsx_safe(value) for value in row])
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if cell.data_type == "f":  # a text that looks like a formula stays text
                cell.data_type = "s"
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 50)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
