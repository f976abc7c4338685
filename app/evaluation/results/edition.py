"""The results of one location, and of the edition over the given locations."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from app.evaluation.results.comparison import edition_comparison
from app.evaluation.results.figures import participation, sections
from app.evaluation.results.records import (
    Answer,
    EditionResults,
    Location,
    LocationResults,
    Question,
    Response,
)
from app.evaluation.results.subjects import speaker_results, workgroup_results

# --- per location ---------------------------------------------------------------------


def location_results(
    questions: Sequence[Question],
    answers: Sequence[Answer],
    responses: Sequence[Response],
    location: Location,
) -> LocationResults:
    counted = {r.id for r in responses if r.location_id == location.id}
    mine = [a for a in answers if a.location_id == location.id and a.response_id in counted]
    return LocationResults(
        location=location,
        participation=participation(location, responses),
        sections=sections(questions, mine),
    )


# --- the edition ----------------------------------------------------------------------


def edition_results(
    questions: Sequence[Question],
    answers: Sequence[Answer],
    responses: Sequence[Response],
    locations: Sequence[Location],
    speaker_names: Mapping[int, str] | None = None,
    workgroup_names: Mapping[int, str] | None = None,
    total_label: str = "Totaal",
) -> EditionResults:
    """Everything over the given locations (a coordinator passes only their own)."""
    comparison = edition_comparison(questions, answers, responses, locations, total_label)
    location_ids = {loc.id for loc in locations}
    counted = {r.id for r in responses if r.location_id in location_ids}
    answers = [a for a in answers if a.response_id in counted]
    return EditionResults(
        participation=comparison.participation,
        total=comparison.total,
        sections=sections(questions, answers),
        comparison=comparison,
        speakers=speaker_results(questions, answers, locations, speaker_names),
        workgroups=workgroup_results(questions, answers, locations, workgroup_names),
    )
