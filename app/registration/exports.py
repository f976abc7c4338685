"""Registrations as CSV and XLSX that open correctly in Excel with Dutch settings.

Every cell, the header row and the sheet title go through app.common.spreadsheet: UTF-8
with a byte-order mark and semicolons for CSV, formula-looking text kept as text (an
apostrophe in CSV, a text cell with Excel's quote prefix in XLSX), characters Excel
refuses removed, and a sheet title Excel accepts whatever the location's city is.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.common import spreadsheet
from app.formatting import local_moment

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


def needs_text(registration) -> str:
    """The needs in one cell: the ticked ones first, then the diet, then the free text."""
    parts = []
    if registration.needs_step_free:
        parts.append("zonder trappen")
    if registration.needs_hearing_loop:
        parts.append("ringleiding")
    if registration.diet:
        parts.append(f"dieet: {registration.diet}")
    if registration.needs:
        parts.append(registration.needs)
    return "; ".join(parts)


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
            needs_text(registration),
            STATUS_LABELS.get(status, status),
            positions.get(registration.id, ""),
            SOURCE_LABELS.get(registration.source.value, registration.source.value)
            + (" (boven capaciteit)" if registration.over_capacity else ""),
            local_moment(registration.created_at),
            local_moment(registration.checked_in_at),
        ]
        chosen = {(p.round, p.rank): p.workgroup.title for p in registration.preferences}
        for round_ in rounds:
            row += [chosen.get((round_, rank), "") for rank in (1, 2, 3)]
        result.append(row)
    return result


def to_csv(table: list[list], columns: list[str]) -> bytes:
    return spreadsheet.to_csv(columns, table)


def to_xlsx(table: list[list], columns: list[str], title: str = "Aanmeldingen") -> bytes:
    """One sheet named after the location (made a valid sheet title)."""
    workbook = spreadsheet.new_workbook()
    spreadsheet.add_sheet(workbook, title, columns, table, max_width=50)
    return spreadsheet.to_bytes(workbook)
