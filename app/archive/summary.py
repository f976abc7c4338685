"""What the workgroups concluded, in the shape the edition report takes
(app/reports/edition_report.WorkgroupConclusions): its own module so that app/reports can import
it without importing the archive's documents (which use app/reports' renderer)."""

from __future__ import annotations

from datetime import date

from app.archive import gather
from app.programme.models import Edition
from app.reports.edition_report import WorkgroupConclusion, WorkgroupConclusions


def workgroup_conclusions(edition: Edition, today: date | None = None) -> WorkgroupConclusions | None:
    """None while no workgroup has run anywhere (the section is then left out)."""
    found = gather.comparisons(edition, today=today)
    if not any(w.reports or w.pending for w in found):
        return None
    return WorkgroupConclusions(
        tuple(
            WorkgroupConclusion(
                title=w.title,
                cities=tuple(report.city for report in w.reports),
                pending=w.pending,
                recommendations=tuple((report.city, text) for report in w.reports for text in report.recommendations),
            )
            for w in found
            if w.reports or w.pending
        )
    )
