"""The edition report as plain values: figures per location and in total, kinds of
organisation, workgroup demand and fill, and the evaluation and workgroup conclusions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from app.names import fold
from app.reports.context import OfferInfo, Person


@dataclass(frozen=True)
class EditionHeader:
    name: str
    theme: str
    organising_alliance: str
    partners: tuple[str, ...] = ()
    funders: tuple[str, ...] = ()


@dataclass(frozen=True)
class LocationInfo:
    id: int
    city: str
    venue: str
    date: date
    capacity: int


@dataclass(frozen=True)
class LocationFigures:
    """Registrations, attendance and capacity use at one location (or in total)."""

    city: str
    date: date | None
    capacity: int
    confirmed: int
    waiting: int
    cancelled: int
    present: int
    walk_ins: int
    organisations: int  # different organisations among the confirmed
    held: bool  # the day has taken place (for the total: at least one day has)
    confirmed_on_held_days: int
    capacity_use: float | None  # confirmed / capacity
    # present / confirmed, over held days that used check-in (someone was checked in);
    # None where no such day: 0 people checked in means check-in was not used, not 0% turnout.
    attendance: float | None
    check_in_used: bool = False  # held, and someone was checked in (for the total: on some day)
    confirmed_on_checked_days: int = 0  # confirmed on held days that used check-in

    @property
    def registered(self) -> int:
        return self.confirmed + self.waiting

    @property
    def present_if_held(self) -> int | None:
        return self.present if self.check_in_used else None

    @property
    def no_shows(self) -> int | None:
        return self.confirmed_on_checked_days - self.present if self.check_in_used else None


@dataclass(frozen=True)
class KindRow:
    kind: str  # "" for participants who gave none
    counts: tuple[int, ...]  # per location, in the report's order
    total: int
    share: float | None


@dataclass(frozen=True)
class WorkgroupDemand:
    """One workgroup across the edition: wanted (first choices) against offered and filled."""

    title: str
    first_choices: int
    places: int  # seats in the offers that ran
    assigned: int
    offers: int  # offers that ran
    dropped: int  # offers that did not run
    fill: float | None  # assigned / places


@dataclass(frozen=True)
class OfferFigures:
    city: str
    round: int
    title: str
    room: str
    capacity: int | None
    first_choices: int
    assigned: int
    is_open: bool
    fill: float | None


@dataclass(frozen=True)
class EvaluationRow:
    label: str  # a question, programme item, speaker or workgroup
    scores: tuple[float | None, ...]  # average per location, in EvaluationSummary.cities order
    overall: float | None = None
    group: str = ""  # e.g. "Programma", "Werkgroepen": rows with the same group are shown together
    scale_max: int = 5  # 5 for a rating, 10 for a mark


@dataclass(frozen=True)
class EvaluationSummary:
    """Evaluation results side by side per location, for the edition report.

    The hook for the evaluation feature: build one from its comparison of locations
    (cities and forms returned per location; per numeric question its average per location
    and overall) and pass it to services.edition_report_job(..., evaluation=...). The
    report then shows it as its own section, with a chart of the overall averages.
    """

    cities: tuple[str, ...]
    responses: tuple[int, ...]  # forms returned per location
    rows: tuple[EvaluationRow, ...]


@dataclass(frozen=True)
class WorkgroupConclusion:
    """One workgroup across the edition: where its report is published, and what it recommends."""

    title: str
    cities: tuple[str, ...]  # locations with a published report, in the order of the days
    pending: tuple[str, ...]  # held locations where it ran without a published report yet
    recommendations: tuple[tuple[str, str], ...]  # (city, recommendation)


@dataclass(frozen=True)
class WorkgroupConclusions:
    """What the workgroups concluded, from the published reports (app/archive); shown as a
    section of the edition report when passed to services.edition_report_job(..., conclusions=...)."""

    workgroups: tuple[WorkgroupConclusion, ...]

    @property
    def reports(self) -> int:
        return sum(len(workgroup.cities) for workgroup in self.workgroups)

    @property
    def recommendations(self) -> int:
        return sum(len(workgroup.recommendations) for workgroup in self.workgroups)


@dataclass(frozen=True)
class EditionReport:
    edition: EditionHeader
    today: date
    first_day: date | None
    last_day: date | None
    locations: tuple[LocationFigures, ...]
    totals: LocationFigures
    organisations: int  # different organisations across the edition
    kinds: tuple[KindRow, ...]
    workgroups: tuple[WorkgroupDemand, ...]
    offers: tuple[OfferFigures, ...]
    assigned: int  # workgroup places filled (participant x round)
    first_choice_share: float | None  # of those, the share in their first choice
    evaluation: EvaluationSummary | None = None
    conclusions: WorkgroupConclusions | None = None

    @property
    def cities(self) -> tuple[str, ...]:
        return tuple(location.city for location in self.locations)

    @property
    def any_held(self) -> bool:
        return self.totals.held


def ratio(part: int | float, whole: int | float) -> float | None:
    return part / whole if whole else None


def _organisation_key(name: str) -> str:
    return fold(name)


def _figures(
    city: str, day: date | None, capacity: int, people: Sequence[Person], held_ids: set[int]
) -> LocationFigures:
    confirmed = [p for p in people if p.is_confirmed]
    confirmed_held = [p for p in confirmed if p.location_id in held_ids]
    checked_days = {p.location_id for p in confirmed_held if p.checked_in}
    confirmed_checked = [p for p in confirmed_held if p.location_id in checked_days]
    return LocationFigures(
        city=city,
        date=day,
        capacity=capacity,
        confirmed=len(confirmed),
        waiting=sum(1 for p in people if p.status == "waiting"),
        cancelled=sum(1 for p in people if p.status == "cancelled"),
        present=sum(1 for p in confirmed if p.checked_in),
        walk_ins=sum(1 for p in confirmed if p.source == "walk_in"),
        organisations=len({_organisation_key(p.organisation) for p in confirmed if p.organisation.strip()}),
        held=bool(confirmed_held) or bool(held_ids and day is None),
        confirmed_on_held_days=len(confirmed_held),
        capacity_use=ratio(len(confirmed), capacity),
        attendance=ratio(sum(1 for p in confirmed_checked if p.checked_in), len(confirmed_checked)),
        check_in_used=bool(checked_days),
        confirmed_on_checked_days=len(confirmed_checked),
    )


def build_edition_report(
    edition: EditionHeader,
    locations: Sequence[LocationInfo],
    people: Sequence[Person],
    offers: Sequence[OfferInfo],
    kinds: Sequence[str],
    today: date,
    evaluation: EvaluationSummary | None = None,
    conclusions: WorkgroupConclusions | None = None,
) -> EditionReport:
    """Every figure of the edition report, from plain rows. A day counts as held from its
    date on; attendance is only reported for held days."""
    ordered = sorted(locations, key=lambda loc: (loc.date, fold(loc.city)))
    held_ids = {loc.id for loc in ordered if loc.date <= today}
    by_location: dict[int, list[Person]] = {loc.id: [] for loc in ordered}
    for person in people:
        by_location.setdefault(person.location_id, []).append(person)

    figures = [
        replace(_figures(loc.city, loc.date, loc.capacity, by_location[loc.id], held_ids), held=loc.id in held_ids)
        for loc in ordered
    ]
    everyone = [p for loc in ordered for p in by_location[loc.id]]
    totals = replace(_figures("", None, sum(loc.capacity for loc in ordered), everyone, held_ids), held=bool(held_ids))

    confirmed = [p for p in everyone if p.is_confirmed]
    kind_names = list(dict.fromkeys([*kinds, *sorted({p.kind for p in confirmed if p.kind}, key=fold)]))
    if any(not p.kind for p in confirmed):
        kind_names.append("")
    kind_rows = []
    for kind in kind_names:
        counts = tuple(sum(1 for p in by_location[loc.id] if p.is_confirmed and p.kind == kind) for loc in ordered)
        kind_rows.append(KindRow(kind, counts, sum(counts), ratio(sum(counts), len(confirmed))))

    offer_by_id = {offer.id: offer for offer in offers}
    city_of = {loc.id: loc.city for loc in ordered}
    first_choices: dict[tuple[int, int, int], int] = {}  # (location, round, workgroup)
    assigned_to: dict[int, int] = {}  # offer id -> participants
    met = judged = 0
    for person in confirmed:
        wanted = dict(person.first_choices)
        for round_, workgroup_id in person.first_choices:
            key = (person.location_id, round_, workgroup_id)
            first_choices[key] = first_choices.get(key, 0) + 1
        for round_, offer_id in person.assignments:
            assigned_to[offer_id] = assigned_to.get(offer_id, 0) + 1
            offer = offer_by_id.get(offer_id)
            if offer is not None and round_ in wanted:
                judged += 1
                met += offer.workgroup_id == wanted[round_]

    offer_rows = []
    for offer in sorted(
        (o for o in offers if o.location_id in city_of),
        key=lambda o: ([loc.id for loc in ordered].index(o.location_id), o.round, fold(o.title)),
    ):
        filled = assigned_to.get(offer.id, 0)
        offer_rows.append(
            OfferFigures(
                city=city_of[offer.location_id],
                round=offer.round,
                title=offer.title,
                room=offer.room,
                capacity=offer.capacity,
                first_choices=first_choices.get((offer.location_id, offer.round, offer.workgroup_id), 0),
                assigned=filled,
                is_open=offer.is_open,
                fill=ratio(filled, offer.capacity or 0) if offer.is_open else None,
            )
        )

    demand_rows = []
    titles = sorted({(o.workgroup_id, o.title) for o in offers if o.location_id in city_of}, key=lambda t: fold(t[1]))
    for workgroup_id, title in titles:
        mine = [o for o in offers if o.workgroup_id == workgroup_id and o.location_id in city_of]
        running = [o for o in mine if o.is_open]
        places = sum(o.capacity or 0 for o in running)
        assigned = sum(assigned_to.get(o.id, 0) for o in mine)
        first_choice_count = sum(n for (_, _, wid), n in first_choices.items() if wid == workgroup_id)
        demand_rows.append(
            WorkgroupDemand(
                title,
                first_choice_count,
                places,
                assigned,
                len(running),
                len(mine) - len(running),
                ratio(assigned, places),
            )
        )

    return EditionReport(
        edition=edition,
        today=today,
        first_day=ordered[0].date if ordered else None,
        last_day=ordered[-1].date if ordered else None,
        locations=tuple(figures),
        totals=totals,
        organisations=len({_organisation_key(p.organisation) for p in confirmed if p.organisation.strip()}),
        kinds=tuple(kind_rows),
        workgroups=tuple(demand_rows),
        offers=tuple(offer_rows),
        assigned=sum(assigned_to.values()),
        first_choice_share=ratio(met, judged),
        evaluation=evaluation,
        conclusions=conclusions,
    )
