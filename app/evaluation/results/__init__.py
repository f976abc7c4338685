"""Evaluation figures from plain rows: a pure package (no Flask, no SQLAlchemy).

The service layer turns stored questions, answers and counts into the plain records
(records.py); these functions compute response rates, averages, distributions, open
answers (figures.py), the locations side by side (comparison.py), per-speaker and
per-workgroup figures across locations (subjects.py), and a location's or the whole
edition's results (edition.py). The organiser pages, the XLSX/CSV exports and the PDF
report all read the same results.

Only submitted responses belong in the input; drafts are never counted.

    results.location_results(questions, answers, responses, location)
    results.edition_results(questions, answers, responses, locations, speaker_names, workgroup_names)
    results.edition_comparison(questions, answers, responses, locations)
    results.speaker_results(...), results.workgroup_results(...), results.overview(subjects)

Callers use the names below through `from app.evaluation import results`.
"""

from app.evaluation.results.comparison import edition_comparison
from app.evaluation.results.edition import edition_results, location_results
from app.evaluation.results.records import (
    NUMERIC,
    Answer,
    EditionComparison,
    EditionResults,
    Figure,
    Location,
    LocationResults,
    Question,
    Response,
    SubjectResults,
)
from app.evaluation.results.subjects import overview, speaker_results, workgroup_results

__all__ = [
    "NUMERIC",
    "Answer",
    "EditionComparison",
    "EditionResults",
    "Figure",
    "Location",
    "LocationResults",
    "Question",
    "Response",
    "SubjectResults",
    "edition_comparison",
    "edition_results",
    "location_results",
    "overview",
    "speaker_results",
    "workgroup_results",
]
