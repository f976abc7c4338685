"""The demo tells one story: every count an organiser reads about it (registrations pages,
the edition report PDF, the evaluation results, the evaluation status and report PDF, the
workgroup assignment, the workgroup reports) agrees with the others and with the
database, for the two days held and for the three ahead."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from app.archive.models import WorkgroupReport
from app.demo.loader import DEMO_ORGANISER, load_demo
from app.evaluation.models import (
    Channel,
    EvaluationAnswer,
    EvaluationInvitation,
    EvaluationResponse,
    ResponseStatus,
)
from app.evaluation.services import form_for
from app.extensions import db
from app.registration.models import Registration, Source, Status
from app.workgroups.models import WorkgroupAssignment, WorkgroupOffer

MONTHS = "januari februari maart april mei juni juli augustus september oktober november december".split()


@dataclass(frozen=True)
class Truth:
    """One location day's figures, counted straight from the tables."""

    slug: str
    city: str
    date: date
    held: bool
    capacity: int
    confirmed: int
    waiting: int
    cancelled: int
    present: int
    walk_ins: int
    over_capacity: int  # walk-ins let in on a full day: they hold no seat
    invited: int
    online: int
    paper: int

    @property
    def responses(self) -> int:
        return self.online + self.paper

    @property
    def free(self) -> int:
        return self.capacity - (self.confirmed - self.over_capacity)

    @property
    def long_date(self) -> str:
        return f"{self.date.day} {MONTHS[self.date.month - 1]} {self.date.year}"


class _Tables(HTMLParser):
    """The text of every table row's cells, and of every h3 heading."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self.headings: list[str] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "h3":
            self._heading = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag == "h3" and self._heading is not None:
            self.headings.append(" ".join("".join(self._heading).split()))
            self._heading = None

    def handle_data(self, data):
        for part in (self._cell, self._heading):
            if part is not None:
                part.append(data)


def _tables(html: str) -> _Tables:
    parser = _Tables()
    parser.feed(html)
    return parser


def _row(parsed: _Tables, first: str, unique: bool = True) -> list[str]:
    """The row whose first cell is `first` or starts with it and a space (a city, then its
    date); the first of them when the page has several tables."""
    found = [row for row in parsed.rows if row and (row[0] == first or row[0].startswith(first + " "))]
    assert len(found) == 1 if unique else found, (first, found)
    return found[0]


def _pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def _count(*where) -> int:
    return db.session.scalar(select(func.count()).select_from(Registration).where(*where))


def _truth(location, form_id: int) -> Truth:
    here = Registration.location_day_id == location.id
    confirmed = Registration.status == Status.CONFIRMED
    responses = dict(
        db.session.execute(
            select(EvaluationResponse.channel, func.count())
            .where(
                EvaluationResponse.form_id == form_id,
                EvaluationResponse.location_day_id == location.id,
                EvaluationResponse.status == ResponseStatus.SUBMITTED,
            )
            .group_by(EvaluationResponse.channel)
        ).all()
    )
    invited = db.session.scalar(
        select(func.count())
        .select_from(EvaluationInvitation)
        .join(Registration, Registration.id == EvaluationInvitation.registration_id)
        .where(here)
    )
    return Truth(
        slug=location.slug,
        city=location.city,
        date=location.date,
        held=location.date < date.today(),
        capacity=location.capacity,
        confirmed=_count(here, confirmed),
        waiting=_count(here, Registration.status == Status.WAITING),
        cancelled=_count(here, Registration.status == Status.CANCELLED),
        present=_count(here, confirmed, Registration.checked_in_at.is_not(None)),
        walk_ins=_count(here, confirmed, Registration.source == Source.WALK_IN),
        over_capacity=_count(here, confirmed, Registration.over_capacity.is_(True)),
        invited=invited,
        online=responses.get(Channel.ONLINE, 0),
        paper=responses.get(Channel.PAPER, 0),
    )


def _percent(text: str) -> float:
    return float(text.rstrip("%").replace(",", "."))


@pytest.fixture()
def demo(app, client):
    edition = load_demo(date.today()).edition
    db.session.commit()
    email, _name, password = DEMO_ORGANISER
    response = client.post("/beheer/inloggen", data={"email": email, "password": password})
    assert response.headers["Location"] == "/beheer/"
    form = form_for(edition)
    days = sorted(edition.location_days, key=lambda day: day.date)
    return edition, days, {day.slug: _truth(day, form.id) for day in days}


def test_the_season_is_two_days_held_and_three_ahead(demo):
    _edition, days, truth = demo
    assert [truth[day.slug].held for day in days] == [True, True, False, False, False]
    for figures in truth.values():
        if figures.held:
            assert figures.present > 0 and figures.responses > 0 and figures.invited > 0, figures
            assert figures.responses <= figures.present and figures.invited <= figures.present, figures
        else:
            assert figures.present == figures.walk_ins == figures.invited == figures.responses == 0, figures
    assert any(figures.waiting for figures in truth.values() if not figures.held), "a full day has a waiting list"


def test_registrations_pages_agree_with_the_database(client, demo):
    edition, days, truth = demo
    overview = _tables(client.get(f"/beheer/edities/{edition.id}/aanmeldingen").get_data(as_text=True))
    for day in days:
        t = truth[day.slug]
        assert _row(overview, day.city)[1:] == [
            str(value)
            for value in (t.capacity, t.confirmed, t.waiting, t.cancelled, t.free, t.present, t.over_capacity)
        ]
        page = " ".join(client.get(f"/beheer/locaties/{day.id}/aanmeldingen").get_data(as_text=True).split())
        for shown in (
            f"{t.confirmed}</strong> bevestigd",
            f"{t.waiting}</strong> op de wachtlijst",
            f"{t.cancelled}</strong> afgemeld",
            f"{t.free}</strong> plaatsen vrij van {t.capacity}",
            f"{t.present}</strong> aanwezig",
        ):
            assert shown in page, (day.city, shown)


def test_the_edition_report_pdf_agrees_with_the_database(client, download, demo):
    edition, days, truth = demo
    response = download(f"/beheer/edities/{edition.id}/rapport.pdf")
    assert response.status_code == 200
    text = _pdf_text(response.data)
    assert "nog geen dag gehouden" not in text
    held = [t for t in truth.values() if t.held]
    total_present = sum(t.present for t in held)
    assert f"AANWEZIG {total_present}opkomst" in text
    for t in truth.values():
        present = str(t.present) if t.held else "–"
        # Per location: places, confirmed, waiting, present (only for a day held).
        assert f"{t.city} {t.long_date} {t.capacity} {t.confirmed} {t.waiting} {present} " in text, t.city
        # Registrations and attendance: ... cancelled, present, no-shows, walk-ins.
        no_shows = str(t.confirmed - t.present) if t.held else "–"
        expected = f"{t.city} {t.capacity} {t.confirmed} {t.waiting} {t.cancelled} {present} {no_shows} {t.walk_ins} "
        assert expected in text, t.city
    # The evaluation section: forms returned per location, in brackets.
    for t in held:
        assert f"{t.city} ({t.responses})" in text, t.city


def test_the_evaluation_results_agree_with_the_database(client, download, demo):
    edition, days, truth = demo
    results = _tables(client.get(f"/beheer/edities/{edition.id}/evaluatie/resultaten").get_data(as_text=True))
    for day in days:
        t = truth[day.slug]
        row = _row(results, day.city, unique=False)  # the participation table comes first
        assert row[1:7] == [str(v) for v in (t.confirmed, t.present, t.invited, t.responses, t.online, t.paper)]
        if t.present:
            assert abs(_percent(row[7]) - 100 * t.responses / t.present) <= 0.5, day.city
        else:
            assert row[7] == "–", day.city
        # The coordinator's view of the same location's evaluation: only the invited answer online.
        page = _tables(client.get(f"/beheer/locaties/{day.id}/evaluatie").get_data(as_text=True))
        state = {row[0]: row[1] for row in page.rows if len(row) == 2}
        assert state["Aanwezig (ingecheckt)"] == str(t.present)
        assert state["Uitgenodigd"] == str(t.invited)
        assert state["Uitgenodigd en nog geen antwoord"] == str(t.invited - t.online)
        assert state["Antwoorden online"] == str(t.online)
        assert state["Antwoorden op papier"] == str(t.paper)
    total = _row(results, "Totaal", unique=False)
    assert total[2] == str(sum(t.present for t in truth.values()))
    assert total[4] == str(sum(t.responses for t in truth.values()))
    # The evaluation report (PDF) of a day held and of a day ahead.
    for day in (days[1], days[2]):
        t = truth[day.slug]
        text = _pdf_text(download(f"/beheer/locaties/{day.id}/evaluatierapport.pdf").data)
        figures = f"{t.confirmed} {t.present} {t.responses} {t.online} {t.paper}"
        head = f"Bevestigd Aanwezig Formulieren Online Papier Respons {figures} "
        assert head in text, (day.city, text[:300])
        rate = text.split(head, 1)[1].split(" ", 1)[0]
        if t.present:
            assert abs(_percent(rate) - 100 * t.responses / t.present) <= 0.5
        else:
            assert rate == "–"


def test_the_workgroup_assignment_agrees_with_the_database(client, demo):
    _edition, days, truth = demo
    for day in days:
        t = truth[day.slug]
        page = client.get(f"/beheer/locaties/{day.id}/indeling/").get_data(as_text=True)
        headings = _tables(page).headings
        placed = dict(
            db.session.execute(
                select(WorkgroupAssignment.offer_id, func.count())
                .join(Registration, Registration.id == WorkgroupAssignment.registration_id)
                .where(Registration.location_day_id == day.id, Registration.status == Status.CONFIRMED)
                .group_by(WorkgroupAssignment.offer_id)
            ).all()
        )
        for offer in day.workgroup_offers:
            if offer.is_open:
                heading = f"Ronde {offer.round}: {offer.workgroup.title} ({placed.get(offer.id, 0)} / {offer.capacity})"
                assert heading in headings, (day.city, heading, headings)
        if t.held:
            # Everyone who came had a workgroup, and the participants were told it.
            assert sum(placed.values()) == t.confirmed
            assert "Er zijn geen wijzigingen om te publiceren." in page
            told = db.session.scalar(
                select(func.count())
                .select_from(WorkgroupAssignment)
                .join(Registration, Registration.id == WorkgroupAssignment.registration_id)
                .where(
                    Registration.location_day_id == day.id,
                    WorkgroupAssignment.published_offer_id == WorkgroupAssignment.offer_id,
                )
            )
            assert told == t.confirmed
        else:
            assert placed == {} and "Nog niemand ingedeeld." in page
            assert "Resultaat van de laatste indeling" not in page


def test_each_workgroup_report_counts_the_people_who_were_there(demo):
    rows = db.session.execute(
        select(WorkgroupReport.participants, WorkgroupOffer.id).join(
            WorkgroupOffer, WorkgroupOffer.id == WorkgroupReport.offer_id
        )
    ).all()
    assert len(rows) >= 3
    for participants, offer_id in rows:
        present = _count(
            Registration.id.in_(
                select(WorkgroupAssignment.registration_id).where(WorkgroupAssignment.published_offer_id == offer_id)
            ),
            Registration.status == Status.CONFIRMED,
            Registration.checked_in_at.is_not(None),
        )
        assert participants == present > 0


def test_answers_about_a_workgroup_never_outnumber_the_people_who_were_in_it(demo):
    """Per workgroup at a held day, online and on paper: each form is about the writer's own group."""
    _edition, days, truth = demo
    for day in days:
        if not truth[day.slug].held:
            continue
        for offer in (offer for offer in day.workgroup_offers if offer.is_open):
            answers = db.session.scalar(
                select(func.count(func.distinct(EvaluationAnswer.response_id)))
                .join(EvaluationResponse, EvaluationResponse.id == EvaluationAnswer.response_id)
                .where(
                    EvaluationResponse.location_day_id == day.id,
                    EvaluationResponse.status == ResponseStatus.SUBMITTED,
                    EvaluationAnswer.subject_key == f"workgroup:{offer.workgroup_id}",
                )
            )
            present = _count(
                Registration.id.in_(
                    select(WorkgroupAssignment.registration_id).where(
                        WorkgroupAssignment.published_offer_id == offer.id
                    )
                ),
                Registration.checked_in_at.is_not(None),
            )
            assert answers <= present, (day.city, offer.workgroup.title, answers, present)
