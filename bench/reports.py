"""Benchmark the PDF reports of a whole edition.

Run from the repository root:  .venv/bin/python bench/reports.py [--people 400] [--out DIR]

Builds its own SQLite database in a temporary folder: the 2013 demo edition (5 locations,
their workgroups), then per location PEOPLE confirmed participants plus a waiting list and
cancellations, ranked workgroup choices, assignments by the real allocator, and check-ins
(the days lie in the past). Then it times

1. every document on its own, rendered in this process without the cache;
2. all documents together as `flask reports build` makes them: worker processes, cold cache;
3. the same again with a warm cache (nothing changed);
4. steps 1 and 2 at half the participants, for the growth ratio.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import sys
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import perf_counter, process_time

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pypdf import PdfReader  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from app import create_app  # noqa: E402
from app.demo import data as demo_data  # noqa: E402
from app.demo.loader import _create_edition as create_demo_edition  # noqa: E402
from app.extensions import db  # noqa: E402
from app.programme.models import Edition  # noqa: E402
from app.registration.models import OrganisationKind, Registration, WorkgroupPreference  # noqa: E402
from app.registration.services import seed_organisation_kinds  # noqa: E402
from app.reports import services  # noqa: E402
from app.reports.render import render_all, render_job  # noqa: E402
from app.workgroups import allocation  # noqa: E402
from app.workgroups.models import WorkgroupAssignment  # noqa: E402
from config import Config  # noqa: E402

FIRST_NAMES = (
    "Anna Bram Carla Daan Esther Fatima Gerrit Hanneke Ibrahim Joke Karel Lieke Mohamed Noor Oscar Petra "
    "Quinten Rachid Sanne Thijs Ursula Vera Willem Yara Zeynep Émile Ilse Jan-Willem Marieke Sjoerd"
).split()
PARTICLES = ("", "", "", "", "van", "de", "van der", "van den", "ter", "de la")
SURNAMES = (
    "Bakker Jansen Visser Smit Meijer Mulder Bos Vos Peters Hendriks Dekker Brouwer Dijk Berg Boer Graaf "
    "Koster Wit Haan Leeuw Willems Öztürk El Amrani Çelik Yılmaz Kramer Maas Verhoeven Post Schouten Hoek"
).split()
ORGANISATIONS = (
    "Cliëntenraad Zutphen",
    "Cliëntenraad Werk en Inkomen Rotterdam",
    "Stichting Armoedebestrijding Drenthe",
    "FNV Uitkeringsgerechtigden",
    "Pauluskerk Rotterdam",
    "Mantelzorgcentrum Roermond",
    "Gidsnetwerk",
    "Voedselbank Amsterdam",
    "Sociale coöperatie De Kracht",
    "Stichting Wit",
    "Landelijke Cliëntenraad",
    "Werkgroep Arme Kant van Nederland/EVA",
    "GGz-cliëntenraad Noord-Nederland",
    "Diaconie Beilen",
    "Humanitas Midden-Limburg",
    "Schuldhulpmaatje Zutphen",
    "Platform Participatiewet Amsterdam",
    "Vakbond CNV Jongeren",
    "Buurtteam Oost",
    "",
)


class BenchConfig(Config):
    TESTING = False
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False


def make_app(folder: Path):
    BenchConfig.SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder / 'bench.db'}"
    BenchConfig.REPORT_CACHE_DIR = str(folder / "report-cache")
    BenchConfig.MAIL_OUTBOX_DIR = str(folder / "outbox")
    return create_app(BenchConfig)


def seed(people: int, seed_value: int = 2013) -> Edition:
    """The demo edition on its 2013 dates, with `people` confirmed participants per location."""
    rng = random.Random(seed_value)
    db.create_all()
    # The demo's edition, locations and workgroups only (load_demo would add its own
    # participants); on the 2013 dates, so the days have taken place.
    edition = create_demo_edition(demo_data, date(2013, 9, 1))
    seed_organisation_kinds(edition)
    db.session.flush()
    kinds = db.session.scalars(select(OrganisationKind.id).where(OrganisationKind.edition_id == edition.id)).all()
    next_id = (db.session.scalar(select(func.max(Registration.id))) or 0) + 1
    for location in edition.location_days:
        offers = [offer for offer in location.workgroup_offers if offer.round == 1]
        total = sum(offer.capacity for offer in offers)
        for offer in offers:  # scale the rooms to the number of people, 5% to spare
            offer.capacity = max(5, round(offer.capacity * people * 1.05 / total))
        location.capacity = people
        waiting, cancelled = people // 20, people // 30
        created = datetime.combine(location.date - timedelta(days=40), time(9))
        rows, preferences = [], []
        popularity = [1 / (rank + 1) for rank in range(len(offers))]
        for number in range(people + waiting + cancelled):
            status = "confirmed" if number < people else ("waiting" if number < people + waiting else "cancelled")
            name = " ".join(
                part for part in (rng.choice(FIRST_NAMES), rng.choice(PARTICLES), rng.choice(SURNAMES)) if part
            )
            moment = created + timedelta(minutes=number * 7)
            walk_in = status == "confirmed" and rng.random() < 0.03
            present = status == "confirmed" and (walk_in or rng.random() < 0.86)
            rows.append(
                dict(
                    id=next_id,
                    location_day_id=location.id,
                    name=name,
                    email=f"deelnemer{next_id}@example.org",
                    email_normalised=f"deelnemer{next_id}@example.org",
                    organisation=rng.choice(ORGANISATIONS),
                    organisation_kind_id=rng.choice([*kinds, None]),
                    municipality="",
                    needs="",
                    language="nl",
                    status=status,
                    source="walk_in" if walk_in else rng.choice(["online"] * 9 + ["manual"]),
                    link_nonce=f"{next_id:032d}",
                    created_at=moment,
                    waiting_since=moment,
                    checked_in_at=datetime.combine(location.date, time(9, 45)) if present else None,
                    revision=0,
                    updated_at=moment,
                )
            )
            ranked = _weighted_sample(rng, offers, popularity, 3)
            for rank, offer in enumerate(ranked, start=1):
                preferences.append(dict(registration_id=next_id, round=1, rank=rank, workgroup_id=offer.workgroup_id))
            next_id += 1
        db.session.execute(Registration.__table__.insert(), rows)
        db.session.execute(WorkgroupPreference.__table__.insert(), preferences)
        _assign(location, rows, preferences, offers)
    db.session.commit()
    return edition


def _assign(location, rows, preferences, offers) -> None:
    """Workgroups by the real allocator; published to participants (as after 'Publiceren')."""
    choices: dict[int, list[int]] = {}
    for preference in sorted(preferences, key=lambda p: p["rank"]):
        choices.setdefault(preference["registration_id"], []).append(preference["workgroup_id"])
    participants = [
        allocation.Participant(row["id"], row["created_at"], {1: tuple(choices[row["id"]])})
        for row in rows
        if row["status"] == "confirmed"
    ]
    plain = [allocation.Offer(o.id, o.round, o.workgroup_id, o.capacity) for o in offers]
    result = allocation.allocate(participants, plain, allocation.AllocationSettings(seed=7))
    db.session.execute(
        WorkgroupAssignment.__table__.insert(),
        [
            dict(registration_id=a.participant_id, round=a.round, offer_id=a.offer_id, published_offer_id=a.offer_id)
            for a in result.assignments
        ],
    )


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the worker processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _weighted_sample(rng, items, weights, count):
    items, weights, chosen = list(items), list(weights), []
    for _ in range(min(count, len(items))):
        index = rng.choices(range(len(items)), weights)[0]
        chosen.append(items.pop(index))
        weights.pop(index)
    return chosen


def measure(people: int, workers: int | None, out: Path | None, verbose: bool = True) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as folder:
        app = make_app(Path(folder))
        with app.app_context():
            started = perf_counter()
            edition = seed(people)
            seeded = perf_counter() - started
            if verbose:
                print(f"\n{people} participants per location ({5 * people} in all); seeded in {seeded:.1f} s")
            # 1. Every document on its own: building the context (queries) and rendering.
            begun = perf_counter()
            jobs = services.edition_jobs(edition)
            contexts = perf_counter() - begun
            single = []
            for job in jobs:
                begun, cpu = perf_counter(), process_time()
                pdf = render_job(job)
                single.append((job, perf_counter() - begun, pdf, process_time() - cpu))
            if verbose:
                print(f"  contexts of all {len(jobs)} documents: {contexts:.2f} s")
                print(f"  {'document':58} {'pages':>5} {'KB':>5} {'seconds':>8} {'CPU s':>6}")
                for job, seconds, pdf, cpu in single:
                    pages = len(PdfReader(io.BytesIO(pdf)).pages)
                    print(f"  {job.filename:58} {pages:5} {len(pdf) // 1024:5} {seconds:8.2f} {cpu:6.2f}")
            # 2. All together as `flask reports build` does it, cold cache.
            begun, cpu = perf_counter(), _cpu()
            cold = render_all(services.edition_jobs(edition), workers)
            together, together_cpu = perf_counter() - begun, _cpu() - cpu
            # 3. Again: nothing changed, so everything comes from the cache.
            begun = perf_counter()
            warm = render_all(services.edition_jobs(edition), workers)
            cached = perf_counter() - begun
            assert all(result.cached for result in warm)
            assert [r.pdf for r in warm] == [r.pdf for r in cold]
            if out is not None:
                out.mkdir(parents=True, exist_ok=True)
                for result in cold:
                    (out / result.job.filename).write_bytes(result.pdf)
            db.engine.dispose()
    slowest = max(single, key=lambda item: item[1])
    return {
        "people": people,
        "sequential": sum(item[1] for item in single),
        "sequential_cpu": sum(item[3] for item in single),
        "slowest": (slowest[0].filename, slowest[1], slowest[3]),
        "together": together,
        "together_cpu": together_cpu,
        "cached": cached,
        "documents": len(single),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=400, help="confirmed participants per location")
    parser.add_argument("--workers", type=int, default=None, help="processes (default: one per CPU)")
    parser.add_argument("--out", type=Path, default=None, help="also write the PDFs here")
    args = parser.parse_args()
    workers = args.workers or os.cpu_count()
    print(f"PDF reports benchmark: {os.cpu_count()} CPUs, {workers} worker processes")
    print(f"load average before: {os.getloadavg()[0]:.1f} (other work on the machine slows the wall-clock times)")
    full = measure(args.people, workers, args.out)
    half = measure(args.people // 2, workers, None, verbose=False)
    print()
    print(
        f"  slowest document:           {full['slowest'][0]} {full['slowest'][1]:.2f} s "
        f"(CPU {full['slowest'][2]:.2f} s; target < 3 s)"
    )
    print(
        f"  all {full['documents']} one after another: {full['sequential']:.2f} s (CPU {full['sequential_cpu']:.2f} s)"
    )
    print(
        f"  all together, {workers} processes: {full['together']:.2f} s "
        f"(CPU {full['together_cpu']:.2f} s in all processes; target < 10 s)"
    )
    print(f"  all together, cached:       {full['cached']:.2f} s")
    print(
        f"  growth {half['people']} -> {full['people']} per location: "
        f"one after another x{full['sequential'] / half['sequential']:.2f} "
        f"(CPU x{full['sequential_cpu'] / half['sequential_cpu']:.2f}), "
        f"together x{full['together'] / half['together']:.2f}  (linear: x2.00)"
    )


if __name__ == "__main__":
    main()
