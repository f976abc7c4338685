"""The archive as plain values: what the pages, the PDFs and the Word document show.

Nothing here imports Flask or SQLAlchemy; app/archive/gather.py turns stored rows into
these dataclasses, so the document builders are pure functions of plain data (and can
run as background jobs later).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class MaterialEntry:
    id: int
    title: str
    kind: str  # "file" or "link"
    file_label: str  # "PDF", "PowerPoint", ...; "" for a link
    size: int  # bytes; 0 for a link
    href: str  # absolute: the download, or the link itself
    host: str = ""  # a link's site, shown beside it


@dataclass(frozen=True)
class ContributionEntry:
    """A speaker's slot at one location, with what they left behind."""

    item: str
    speaker: str
    organisation: str
    title: str
    materials: tuple[MaterialEntry, ...] = ()


@dataclass(frozen=True)
class ItemMaterials:
    """Material for a programme item as a whole (not one speaker's)."""

    item: str
    materials: tuple[MaterialEntry, ...]


@dataclass(frozen=True)
class ReportEntry:
    id: int
    workgroup_id: int
    workgroup: str
    location_id: int
    city: str
    date: date
    round: int
    several_rounds: bool
    facilitator: str
    participants: int | None
    summary: str
    points: tuple[str, ...]
    recommendations: tuple[str, ...]


@dataclass(frozen=True)
class PhotoEntry:
    id: int
    alt: str
    caption: str
    width: int
    height: int
    thumb_width: int
    thumb_height: int
    image: bytes = b""  # the thumbnail's JPEG, for documents only


@dataclass(frozen=True)
class LocationArchive:
    id: int
    city: str
    slug: str
    date: date
    venue: str
    held: bool
    contributions: tuple[ContributionEntry, ...]
    general: tuple[ItemMaterials, ...]
    reports: tuple[ReportEntry, ...]
    photos: tuple[PhotoEntry, ...]

    @property
    def materials(self) -> int:
        return sum(len(c.materials) for c in self.contributions) + sum(len(g.materials) for g in self.general)

    @property
    def has_content(self) -> bool:
        return bool(self.materials or self.reports or self.photos)


@dataclass(frozen=True)
class WorkgroupComparison:
    """One catalogue workgroup: its published report from every location side by side."""

    workgroup_id: int
    title: str
    description: str
    reports: tuple[ReportEntry, ...]  # in the order of the days
    pending: tuple[str, ...]  # cities where it ran but no report is published yet


@dataclass(frozen=True)
class Recommendation:
    number: int
    workgroup_id: int
    workgroup: str
    location_id: int
    city: str
    date: date
    text: str
    report_id: int


@dataclass(frozen=True)
class EditionInfo:
    name: str
    theme: str
    slug: str
    organising_alliance: str
    partners: tuple[str, ...] = ()
    funders: tuple[str, ...] = ()
    first_day: date | None = None
    last_day: date | None = None


@dataclass(frozen=True)
class LookBackBook:
    """The whole look-back: the organiser's text, then per location what is in the archive."""

    edition: EditionInfo
    text_markdown: str
    text_html: str  # sanitised
    locations: tuple[LocationArchive, ...]
    workgroups: tuple[WorkgroupComparison, ...]
    made_on: date

    @property
    def recommendations(self) -> tuple[Recommendation, ...]:
        return number_recommendations(report for w in self.workgroups for report in w.reports)


@dataclass(frozen=True)
class WorkgroupReportsBook:
    """The PDF "Werkgroepverslagen": every workgroup, its reports side by side."""

    edition: EditionInfo
    workgroups: tuple[WorkgroupComparison, ...]
    recommendations: tuple[Recommendation, ...]
    made_on: date

    @property
    def recommendations_by_workgroup(self) -> tuple[tuple[str, tuple[Recommendation, ...]], ...]:
        groups: dict[int, list[Recommendation]] = {}
        for item in self.recommendations:
            groups.setdefault(item.workgroup_id, []).append(item)
        return tuple((items[0].workgroup, tuple(items)) for items in groups.values())


# --- builders ---------------------------------------------------------------------------

BULLET = re.compile(r"^\s*(?:[-*•–·]|\d{1,3}[.)])\s+")


def split_items(text: str) -> tuple[str, ...]:
    """'- one\\n- two' (or one per line, numbered, bulleted) -> ('one', 'two')."""
    items = []
    for line in (text or "").splitlines():
        cleaned = BULLET.sub("", line).strip()
        if cleaned:
            items.append(" ".join(cleaned.split()))
    return tuple(items)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum() or ch == " ")


@dataclass(frozen=True)
class WorkgroupInfo:
    id: int
    title: str
    description: str


@dataclass(frozen=True)
class OfferRef:
    """A workgroup that ran (or runs) at a location: where a report can come from."""

    workgroup_id: int
    city: str
    date: date
    held: bool


def build_comparisons(
    workgroups: Sequence[WorkgroupInfo], offers: Iterable[OfferRef], reports: Iterable[ReportEntry]
) -> tuple[WorkgroupComparison, ...]:
    """Per catalogue workgroup that ran anywhere, its reports in the order of the days and
    the held locations still without one."""
    reports = sorted(reports, key=lambda r: (r.date, fold(r.city), r.round))
    offers = list(offers)
    comparisons = []
    for workgroup in sorted(workgroups, key=lambda w: fold(w.title)):
        mine = tuple(report for report in reports if report.workgroup_id == workgroup.id)
        ran = [offer for offer in offers if offer.workgroup_id == workgroup.id]
        if not mine and not ran:
            continue
        reported = {report.city for report in mine}
        pending = tuple(
            dict.fromkeys(
                offer.city for offer in sorted(ran, key=lambda o: o.date) if offer.held and offer.city not in reported
            )
        )
        comparisons.append(WorkgroupComparison(workgroup.id, workgroup.title, workgroup.description, mine, pending))
    return tuple(comparisons)


def number_recommendations(reports: Iterable[ReportEntry]) -> tuple[Recommendation, ...]:
    """Every recommendation of every report in one numbered list: by workgroup, then by day."""
    ordered = sorted(reports, key=lambda r: (fold(r.workgroup), r.date, fold(r.city), r.round))
    rows: list[Recommendation] = []
    for report in ordered:
        for text in report.recommendations:
            rows.append(
                Recommendation(
                    len(rows) + 1,
                    report.workgroup_id,
                    report.workgroup,
                    report.location_id,
                    report.city,
                    report.date,
                    text,
                    report.id,
                )
            )
    return tuple(rows)
