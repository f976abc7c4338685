"""Spreadsheets for Dutch Excel: one neutraliser for every cell of every export.

Anyone who can type a name, a city or an answer can type a formula ("=HYPERLINK(...)",
"=cmd|' /C calc'!A0"). Excel runs such text when it opens a CSV, and openpyxl stores it
as a live formula in XLSX. So every value, column headers included, goes through here:

- CSV: text that starts (after spaces) with = + - @ tab, CR or LF gets an apostrophe in
  front, so Excel shows it as text; UTF-8 with a byte-order mark, semicolons (the Dutch
  list separator).
- XLSX: text is always written as a text cell; formula-looking text is marked with
  Excel's quote prefix (shown as typed, stays text when edited); characters that XML
  cannot hold are removed; sheet titles lose Excel's forbidden characters, keep to 31
  characters and stay unique.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

# The full-width forms too: some spreadsheet programs read them as their ASCII twins.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
SHEET_TITLE_MAX = 31


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS)


def csv_cell(value: object) -> str:
    """One CSV value: numbers as they are, formula-looking text behind an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return "'" + text if looks_like_formula(text) else text


def to_csv(columns: Sequence[object], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([csv_cell(value) for value in columns])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def xlsx_value(value: object) -> object:
    """A value openpyxl can store: text without the characters XML refuses."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def sheet_title(text: object, taken: Iterable[str] = (), fallback: str = "Blad") -> str:
    """A valid, unique sheet title: no [ ] : * ? / \\, no apostrophe at either end, at most
    31 characters, not empty, not already used (Excel compares without case)."""
    title = SHEET_TITLE_FORBIDDEN.sub(" ", str(text or ""))
    title = " ".join(title.split()).strip("'").strip()[:SHEET_TITLE_MAX].strip().strip("'") or fallback
    used = {name.casefold() for name in taken}
    candidate, number = title, 2
    while candidate.casefold() in used or candidate.casefold() == "history":
        suffix = f" ({number})"
        candidate = title[: SHEET_TITLE_MAX - len(suffix)].rstrip() + suffix
        number += 1
    return candidate


def append_row(sheet: Worksheet, values: Sequence[object], bold: bool = False) -> None:
    """Add a row where every text is a text cell, never a formula. The cells are made
    before they are appended: looking the row up afterwards (`sheet[sheet.max_row]`)
    scans every cell of the sheet, which made a sheet of N rows cost N² steps."""
    cells = []
    for number, value in enumerate(values, start=1):
        content: Any = xlsx_value(value)  # whatever an export holds: text, numbers, dates, None
        cell = Cell(sheet, 1, number)  # append() gives it its real row
        cell.value = content
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if looks_like_formula(cell.value):
                cell.quotePrefix = True
        if bold:
            cell.font = Font(bold=True)
        cells.append(cell)
    sheet.append(cells)


def add_sheet(
    workbook: Workbook,
    title: object,
    columns: Sequence[object],
    rows: Iterable[Sequence[object]],
    max_width: int = 50,
    bold_header: bool = False,
) -> Worksheet:
    """A sheet with a header row (frozen) and the rows, all through the neutraliser."""
    sheet = workbook.create_sheet(sheet_title(title, workbook.sheetnames))
    append_row(sheet, columns, bold=bold_header)
    for row in rows:
        append_row(sheet, row)
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), max_width)
    sheet.freeze_panes = "A2"
    return sheet


def new_workbook() -> Workbook:
    workbook = Workbook()
    default_sheet = workbook.active
    if default_sheet is not None:
        workbook.remove(default_sheet)
    return workbook


def to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
