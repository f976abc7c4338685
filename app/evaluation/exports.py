"""Evaluation results as CSV and XLSX for Dutch Excel.

CSV: one long table (UTF-8 with BOM, semicolons, decimal commas). XLSX: a sheet each for
participation, the locations side by side, every figure, speakers, workgroups and the
open answers; numbers stay numbers. Every cell, column headers (which hold city names)
included, goes through app.common.spreadsheet, so text that looks like a formula stays
text whoever typed it.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.common import spreadsheet
from app.evaluation import results

KIND_NAMES = {
    "rating": "waardering 1-5",
    "mark": "rapportcijfer 1-10",
    "single": "één keuze",
    "multiple": "meer keuzes",
    "text": "open vraag",
}

FIGURE_COLUMNS = ["Locatie", "Vraag", "Onderwerp", "Soort vraag", "Antwoord", "Aantal", "Percentage", "Gemiddelde"]


def _round(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)


def figure_rows(where: str, fig: results.Figure) -> list[list]:
    """One summary line per figure (count, average), then a line per value or open answer."""
    kind = KIND_NAMES.get(fig.kind, fig.kind)
    rows = [[where, fig.question, fig.subject, kind, "", fig.count, None, _round(fig.average)]]
    for bar in fig.distribution:
        rows.append([where, fig.question, fig.subject, kind, bar.label, bar.count, _round(bar.percent, 1), None])
    for text in fig.open_answers:
        rows.append([where, fig.question, fig.subject, kind, text, None, None, None])
    return rows


def all_figure_rows(edition: results.EditionResults, per_location: Sequence[results.LocationResults]) -> list[list]:
    rows: list[list] = []
    for location in per_location:
        for section in location.sections:
            for fig in section.figures:
                rows += figure_rows(location.location.city, fig)
    if len(per_location) > 1:
        for section in edition.sections:
            for fig in section.figures:
                rows += figure_rows("Alle locaties", fig)
    return rows


def _dutch_number(value):
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(",.").replace(".", ",") if value != int(value) else str(int(value))
    return value


def to_csv(edition: results.EditionResults, per_location: Sequence[results.LocationResults]) -> bytes:
    table = [[_dutch_number(value) for value in row] for row in all_figure_rows(edition, per_location)]
    return spreadsheet.to_csv(FIGURE_COLUMNS, table)


# --- XLSX -----------------------------------------------------------------------------


def participation_sheet(edition: results.EditionResults) -> tuple[list[str], list[list]]:
    columns = [
        "Locatie",
        "Bevestigd",
        "Aanwezig",
        "Uitgenodigd",
        "Antwoorden",
        "Online",
        "Papier",
        "Respons (% van aanwezigen)",
    ]
    rows = [
        [p.city, p.registered, p.present, p.invited, p.responses, p.online, p.paper, _round(p.response_rate, 1)]
        for p in (*edition.participation, edition.total)
    ]
    return columns, rows


def comparison_sheet(comparison: results.EditionComparison) -> tuple[list[str], list[list]]:
    columns = ["Vraag", "Keuze"]
    for location in comparison.locations:
        columns += [f"{location.city}", f"{location.city} (aantal)"]
    columns += ["Totaal", "Totaal (aantal)"]
    rows = []
    for row in comparison.rows:
        line: list[str | float | int | None] = [row.label, row.option]
        for cell in (*row.cells, row.overall):
            value = cell.average if row.kind in results.NUMERIC else cell.percent
            line += [_round(value, 2 if row.kind in results.NUMERIC else 1), cell.count]
        rows.append(line)
    return columns, rows


def subject_sheet(subjects: Sequence[results.SubjectResults], label: str) -> tuple[list[str], list[list]]:
    columns = [label, "Vraag", "Locatie", "Aantal", "Gemiddelde", *[f"{value}" for value in range(1, 11)]]
    rows = []
    for subject in subjects:
        for block in subject.questions:
            figures = [("Alle locaties", block.overall)] + [(row.city, row.figure) for row in block.per_location]
            for where, fig in figures:
                if fig.kind not in results.NUMERIC:
                    continue
                counts = [bar.count for bar in fig.distribution]
                rows.append([subject.name, fig.question, where, fig.count, _round(fig.average), *counts])
    return columns, rows


def open_answers_sheet(per_location: Sequence[results.LocationResults]) -> tuple[list[str], list[list]]:
    rows = []
    for location in per_location:
        for section in location.sections:
            for fig in section.figures:
                rows += [[location.location.city, fig.question, fig.subject, text] for text in fig.open_answers]
    return ["Locatie", "Vraag", "Onderwerp", "Antwoord"], rows


def to_xlsx(edition: results.EditionResults, per_location: Sequence[results.LocationResults]) -> bytes:
    workbook = spreadsheet.new_workbook()
    sheets = [
        ("Deelname", participation_sheet(edition)),
        ("Vergelijking", comparison_sheet(edition.comparison)),
        ("Alle cijfers", (FIGURE_COLUMNS, all_figure_rows(edition, per_location))),
        ("Sprekers", subject_sheet(edition.speakers, "Spreker")),
        ("Werkgroepen", subject_sheet(edition.workgroups, "Werkgroep")),
        ("Open antwoorden", open_answers_sheet(per_location)),
    ]
    for title, (columns, rows) in sheets:
        spreadsheet.add_sheet(workbook, title, columns, rows, max_width=60, bold_header=True)
    return spreadsheet.to_bytes(workbook)
