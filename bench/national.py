"""Benchmark the national edition: every page, PDF and export at two sizes.

Run from the repository root (PostgreSQL; the machine is shared, so under nice):

    nice .venv/bin/python bench/national.py                          # 50 locations, 200 and 2,000 each
    nice .venv/bin/python bench/national.py --locations 5 --sizes 20,200   # a quick check

For every size it creates a scratch database beside BENCH_DATABASE_URL (default
postgresql://postgres@127.0.0.1:5432/postgres), named `<name>_national_<size>_<random>`,
and runs one child process in it that

1. builds the national edition with bulk inserts (COPY): the demo's programme and
   workgroups on LOCATIONS location days (the five demo days repeated), per location SIZE
   confirmed registrations plus a waiting list and cancellations, ranked workgroup
   choices, published workgroup assignments, check-ins (86% present), evaluation
   invitations and responses (58% of those present, online, plus paper forms);
2. asks every GET page of the URL map once after a warm-up (public pages as an anonymous
   visitor, organiser pages signed in as an organiser), with its CPU time and SQL
   statements; a PDF download without a cached file answers with its build's status page,
   so its figures are those of the cache check;
3. builds every kind of PDF document (one location's, one workgroup's, the edition's):
   the job's data (queries) and the rendering, each with its CPU time; then stores it as
   a worker does and times a download's cache hit, decided from the quick data key
   (app/reports/data_version.py) before any of the document's data are read;
4. runs the workgroup assignment and publishes it at one location;
5. reports the process's peak memory (ru_maxrss): pages and jobs ran in one process,
   so this is an upper bound for a web or a job worker.

The parent prints one table with both sizes side by side and the growth ratio, and drops
the scratch databases also after an error or Ctrl+C.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import resource
import secrets
import subprocess
import sys
import tempfile
import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import perf_counter, process_time

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
TARGET_PAGE_CPU = 0.3
PRESENT, RESPONDING = 0.86, 0.58


# --- the parent: scratch databases, one child per size, the table ---------------------------


def _admin(url: str):
    import psycopg

    return psycopg.connect(re.sub(r"^postgresql\+psycopg://", "postgresql://", url), autocommit=True)


def _scratch_url(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


def run_size(url: str, locations: int, size: int, keep: bool) -> dict:
    base = url.rsplit("/", 1)[1] or "postgres"
    name = f"{base}_national_{size}_{secrets.token_hex(3)}"
    with _admin(url) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        command = [sys.executable, __file__, "--child", str(size), "--locations", str(locations)]
        command += ["--database-url", _scratch_url(url, name)]
        done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
        if done.returncode:
            raise SystemExit(f"the {size}-person run failed (exit {done.returncode})")
        return json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        if not keep:
            with _admin(url) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            print(f"kept {name}", file=sys.stderr)


def _ratio(small: float, large: float) -> str:
    if small <= 0:
        return "-"
    return f"x{large / small:.1f}"


def print_table(results: list[dict]) -> None:
    small, large = results[0], results[-1]
    a, b = small["size"], large["size"]
    print(f"\nNational edition: {small['locations']} locations, {a} and {b} confirmed per location")
    for result in results:
        print(
            f"  {result['size']:>5} per location: {result['registrations']} registrations, "
            f"{result['responses']} evaluation responses, {result['answers']} answers; "
            f"built in {result['seed_seconds']:.0f} s; peak memory {result['maxrss_mb']:.0f} MB"
        )
    for section, title in (("pages", "page"), ("documents", "document / job"), ("other", "action")):
        print(f"\n{title:52} {'CPU s':>7} {'SQL':>5} | {'CPU s':>7} {'SQL':>5} | {'CPU':>6} {'SQL':>6}")
        print(f"{'':52} {f'@{a}':>13} | {f'@{b}':>13} | growth")
        for key in large[section]:
            one = small[section].get(key)
            two = large[section][key]
            if one is None:
                continue
            flag = ""
            if section == "pages" and two["kind"] == "html" and two["cpu"] >= TARGET_PAGE_CPU:
                flag = "  > 0.3 s"
            print(
                f"{key[:52]:52} {one['cpu']:7.3f} {one['queries']:5} | {two['cpu']:7.3f} {two['queries']:5} | "
                f"{_ratio(one['cpu'], two['cpu']):>6} {_ratio(one['queries'], two['queries']):>6}{flag}"
            )
    html = [(k, v) for k, v in large["pages"].items() if v["kind"] == "html"]
    slow = [k for k, v in html if v["cpu"] >= TARGET_PAGE_CPU]
    growing = [k for k, v in html if k in small["pages"] and v["queries"] > small["pages"][k]["queries"] + 2]
    print(f"\nHTML pages at {b}: {len(html)}; over {TARGET_PAGE_CPU} s CPU: {len(slow)} {slow}")
    print(f"HTML pages whose SQL count grows with N: {len(growing)} {growing}")
    memory = ", ".join(f"{r['size']}: {r['maxrss_mb']:.0f} MB" for r in results)
    print(f"peak memory: {memory} (target < 500 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locations", type=int, default=50)
    parser.add_argument("--sizes", default="200,2000", help="confirmed registrations per location, comma separated")
    parser.add_argument("--database-url", default=DEFAULT_URL, help="a PostgreSQL server (scratch databases beside it)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.database_url, args.locations, args.child)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"national benchmark: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}", file=sys.stderr)
    results = [run_size(args.database_url, args.locations, size, args.keep) for size in sizes]
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    print_table(results)


# --- the child: build, then measure -----------------------------------------------------------


def child(url: str, locations: int, size: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="bench-national-"))
    from app import create_app
    from config import Config, _database_url_from

    class BenchConfig(Config):
        TESTING = False
        WTF_CSRF_ENABLED = False
        RATELIMIT_ENABLED = False
        SQLALCHEMY_DATABASE_URI = _database_url_from("X_UNSET_X", url)
        REPORT_CACHE_DIR = str(folder / "report-cache")
        DOCUMENT_DIR = str(folder / "documents")
        MAIL_OUTBOX_DIR = str(folder / "outbox")
        STORAGE_LOCAL_DIR = str(folder / "uploads")
        JOB_QUEUE_URL = "memory://"
        SERVER_NAME = None

    app = create_app(BenchConfig)
    with app.app_context():
        from app.extensions import db

        started = perf_counter()
        world = build(locations, size)
        seeded = perf_counter() - started
        log(f"{size}: built in {seeded:.0f} s")
        counter = QueryCounter(db.engine)
        pages = measure_pages(app, world, counter)
        documents = measure_documents(world, counter)
        other = measure_assignment(world, counter)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return {
            "size": size,
            "locations": locations,
            "seed_seconds": seeded,
            "registrations": world["registrations"],
            "responses": world["responses"],
            "answers": world["answers"],
            "pages": pages,
            "documents": documents,
            "other": other,
            "maxrss_mb": usage.ru_maxrss / 1024,
        }


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


class QueryCounter:
    def __init__(self, engine) -> None:
        from sqlalchemy import event

        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *args) -> None:
        self.count += 1


def timed(counter: QueryCounter, action):
    before, cpu = counter.count, process_time()
    result = action()
    return result, {"cpu": process_time() - cpu, "queries": counter.count - before}


# --- building the edition ----------------------------------------------------------------------


def copy_rows(table, rows: list[dict]) -> None:
    """Bulk insert: COPY on PostgreSQL (psycopg 3), executemany elsewhere."""
    if not rows:
        return
    from app.extensions import db

    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        connection.execute(table.insert(), rows)
        return
    columns = list(rows[0])
    defaults = {}  # COPY skips SQLAlchemy's own column defaults: fill them in here
    for column in table.columns:
        if column.name not in rows[0] and column.default is not None and not column.primary_key:
            default = column.default
            defaults[column.name] = default.arg if default.is_scalar else default.arg(None)
    if defaults:
        rows = [{**row, **defaults} for row in rows]
        columns += list(defaults)
    raw = connection.connection.driver_connection
    with raw.cursor() as cursor:
        names = ", ".join(f'"{c}"' for c in columns)
        with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([json.dumps(v) if isinstance(v, list) else v for v in (row[c] for c in columns)])


def build(locations: int, size: int) -> dict:
    from sqlalchemy import func, select, text

    from app.accounts.models import Role
    from app.accounts.services import create_user
    from app.demo import data as demo_data
    from app.demo import loader
    from app.demo.season import Season
    from app.evaluation import services as evaluation
    from app.evaluation.models import (
        Channel,
        EvaluationAnswer,
        EvaluationInvitation,
        EvaluationParticipation,
        EvaluationResponse,
        ResponseStatus,
    )
    from app.extensions import db
    from app.programme.models import Edition
    from app.registration.models import OrganisationKind, Registration, WorkgroupPreference
    from app.registration.services import seed_organisation_kinds
    from app.workgroups.models import WorkgroupAssignment

    rng = random.Random(2013)
    db.create_all()
    today = date(2013, 9, 1)
    spec = demo_data.EDITION
    edition = Edition(
        slug="landelijk",
        name="Alliantiedagen landelijk",
        theme=spec["theme"],
        year=today.year,  # the demo sets the year from its dates; this edition is 2013's
        organising_alliance=spec["organising_alliance"],
        partner_organisations="\n".join(spec["partner_organisations"]),
        funding_organisations="\n".join(spec["funding_organisations"]),
        description=spec["description"],
    )
    db.session.add(edition)
    items = loader._create_programme(edition, demo_data.PROGRAMME)
    workgroups = loader._create_workgroups(edition, demo_data.WORKGROUPS)
    days = []
    for number in range(locations):
        base = demo_data.LOCATIONS[number % len(demo_data.LOCATIONS)]
        copy = dict(base, slug=f"{base['slug']}-{number + 1}", city=f"{base['city']} {number + 1}")
        day = date(2013, 9, 2) + timedelta(days=number)
        plan = Season(today=today, dates={copy["slug"]: day}, held=(), upcoming=(copy["slug"],))
        days.append(loader._create_location(edition, copy, plan, items, workgroups))
    db.session.flush()
    seed_organisation_kinds(edition)
    create_user("organisator@example.org", "Organisator", "bench-national-2013", Role.ORGANISER)
    db.session.flush()
    kinds = db.session.scalars(select(OrganisationKind.id).where(OrganisationKind.edition_id == edition.id)).all()
    form = evaluation.ensure_form(edition)
    form.published = True
    db.session.flush()
    next_id = (db.session.scalar(select(func.max(Registration.id))) or 0) + 1
    from app.demo import participants as people_demo
    from app.evaluation import demo as evaluation_demo

    totals = {"registrations": 0, "responses": 0, "answers": 0}
    speaker_quality: dict[int, float] = {}
    workgroup_quality: dict[int, float] = {}
    for location in days:
        offers = [offer for offer in location.workgroup_offers if offer.round == 1]
        capacity = sum(offer.capacity for offer in offers)
        for offer in offers:  # rooms scaled to the number of people, 5% to spare
            offer.capacity = max(5, round(offer.capacity * size * 1.05 / capacity))
        location.capacity = size
        db.session.flush()
        waiting, cancelled = size // 20, size // 30
        created = datetime.combine(location.date - timedelta(days=40), time(9))
        rows, preferences, assignments, invitations = [], [], [], []
        room = {offer.id: offer.capacity for offer in offers}
        popularity = [1 / (rank + 1) for rank in range(len(offers))]
        present_ids = []
        assigned_workgroup = {}
        for number in range(size + waiting + cancelled):
            status = "confirmed" if number < size else ("waiting" if number < size + waiting else "cancelled")
            moment = created + timedelta(minutes=number * 3)
            present = status == "confirmed" and rng.random() < PRESENT
            rows.append(
                dict(
                    id=next_id,
                    location_day_id=location.id,
                    name=f"{rng.choice(people_demo.FIRST_NAMES)} {rng.choice(people_demo.LAST_NAMES)}",
                    email=f"deelnemer{next_id}@example.org",
                    email_normalised=f"deelnemer{next_id}@example.org",
                    organisation=rng.choice(people_demo.ORGANISATIONS),
                    organisation_kind_id=rng.choice([*kinds, None]),
                    municipality="",
                    needs="",
                    language="nl",
                    status=status,
                    source="online",
                    link_nonce=f"{next_id:032d}",
                    created_at=moment,
                    waiting_since=moment,
                    consent_at=moment,
                    checked_in_at=datetime.combine(location.date, time(9, 45)) if present else None,
                    revision=0,
                    updated_at=moment,
                )
            )
            ranked = _weighted_sample(rng, offers, popularity, 3)
            for rank, offer in enumerate(ranked, start=1):
                preferences.append(dict(registration_id=next_id, round=1, rank=rank, workgroup_id=offer.workgroup_id))
            if status == "confirmed" and offers:
                offer = next((o for o in ranked if room[o.id] > 0), None) or max(offers, key=lambda o: room[o.id])
                room[offer.id] -= 1
                assigned_workgroup[next_id] = offer.workgroup_id
                assignments.append(
                    dict(
                        registration_id=next_id,
                        round=1,
                        offer_id=offer.id,
                        published_offer_id=offer.id,
                        locked=False,
                        manual=False,
                        revision=0,
                        updated_at=moment,
                    )
                )
            if present:
                present_ids.append(next_id)
                invitations.append(
                    dict(
                        form_id=form.id,
                        registration_id=next_id,
                        invited_at=datetime.combine(location.date + timedelta(days=1), time(10)),
                        reminders=0,
                    )
                )
            next_id += 1
        copy_rows(Registration.__table__, rows)
        copy_rows(WorkgroupPreference.__table__, preferences)
        copy_rows(WorkgroupAssignment.__table__, assignments)
        copy_rows(EvaluationInvitation.__table__, invitations)
        # Evaluation responses: anonymous, so the response holds no registration.
        asked = evaluation.asked_questions(form, location, None)
        mood = 3.4 + rng.random()
        responses, answers, participations = [], [], []
        respondents = [rid for rid in present_ids if rng.random() < RESPONDING]
        for registration_id in respondents + [None] * max(1, size // 100):  # None: a paper form
            mine = [
                item
                for item in asked
                if item.subject is None
                or item.subject.workgroup_id is None
                or item.subject.workgroup_id == assigned_workgroup.get(registration_id, item.subject.workgroup_id)
            ]
            values = evaluation_demo._values(mine, rng, mood, speaker_quality, workgroup_quality)
            response_id = uuid.UUID(int=rng.getrandbits(128)).hex
            responses.append(
                dict(
                    id=response_id,
                    form_id=form.id,
                    location_day_id=location.id,
                    registration_id=None,
                    channel=Channel.ONLINE.value if registration_id else Channel.PAPER.value,
                    status=ResponseStatus.SUBMITTED.value,
                    submitted_at=datetime.combine(location.date + timedelta(days=2), time(12)),
                    paper_number=None if registration_id else len(responses) + 1,
                )
            )
            if registration_id:
                participations.append(dict(form_id=form.id, registration_id=registration_id))
            for item in mine:
                if item.key not in values:
                    continue
                value, subject = values[item.key], item.subject
                answers.append(
                    dict(
                        response_id=response_id,
                        question_id=item.question.id,
                        subject_key=subject.key if subject else "",
                        subject_label=(subject.label if subject else "")[:400],
                        speaker_id=subject.speaker_id if subject else None,
                        workgroup_id=subject.workgroup_id if subject else None,
                        number=value if isinstance(value, int) else None,
                        text=value if isinstance(value, str) else "",
                        choices=list(value) if isinstance(value, list) else [],
                    )
                )
        copy_rows(EvaluationResponse.__table__, responses)
        copy_rows(EvaluationParticipation.__table__, participations)
        copy_rows(EvaluationAnswer.__table__, answers)
        totals["registrations"] += len(rows)
        totals["responses"] += len(responses)
        totals["answers"] += len(answers)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    return {"edition_id": edition.id, "location_ids": [d.id for d in days], **totals}


def _weighted_sample(rng, items, weights, count):
    items, weights, chosen = list(items), list(weights), []
    for _ in range(min(count, len(items))):
        index = rng.choices(range(len(items)), weights)[0]
        chosen.append(items.pop(index))
        weights.pop(index)
    return chosen


# --- measuring ------------------------------------------------------------------------------------

SKIPPED = {"static", "accounts.logout", "programme.set_language", "accounts.login"}


def route_values(world: dict) -> dict:
    from sqlalchemy import select

    from app.evaluation.models import EvaluationForm, EvaluationQuestion, EvaluationResponse
    from app.extensions import db
    from app.programme.models import Contribution, Edition, LocationDay, ProgrammeItem
    from app.registration.links import evaluation_token_for, token_for
    from app.registration.models import OrganisationKind, Registration
    from app.workgroups.models import WorkgroupAssignment, WorkgroupOffer

    edition = db.session.get(Edition, world["edition_id"])
    location = db.session.get(LocationDay, world["location_ids"][0])
    registration = db.session.scalars(
        select(Registration)
        .where(Registration.location_day_id == location.id, Registration.status == "confirmed")
        .order_by(Registration.id)
    ).first()
    offer = db.session.scalars(select(WorkgroupOffer).where(WorkgroupOffer.location_day_id == location.id)).first()
    contribution = db.session.scalars(select(Contribution).where(Contribution.location_day_id == location.id)).first()
    first = lambda statement: db.session.scalars(statement).first()  # noqa: E731
    values = {
        "edition_id": edition.id,
        "slug": edition.slug,
        "location_id": location.id,
        "location_slug": location.slug,
        "item_id": first(select(ProgrammeItem.id).where(ProgrammeItem.edition_id == edition.id)),
        "offer_id": offer.id if offer else None,
        "workgroup_id": offer.workgroup_id if offer else None,
        "speaker_id": contribution.speaker_id if contribution else None,
        "contribution_id": contribution.id if contribution else None,
        "registration_id": registration.id,
        "kind_id": first(select(OrganisationKind.id).where(OrganisationKind.edition_id == edition.id)),
        "assignment_id": first(
            select(WorkgroupAssignment.id).where(WorkgroupAssignment.registration_id == registration.id)
        ),
        "question_id": first(
            select(EvaluationQuestion.id).join(EvaluationForm).where(EvaluationForm.edition_id == edition.id)
        ),
        "response_id": first(
            select(EvaluationResponse.id).where(
                EvaluationResponse.location_day_id == location.id, EvaluationResponse.channel == "paper"
            )
        ),
        "token": token_for(registration),
        "evaluation_token": evaluation_token_for(registration),
        "kind": "csv",
    }
    return {k: v for k, v in values.items() if v is not None}


def fill(rule, values: dict) -> str | None:
    if rule.endpoint in {"evaluation.answer_only", "evaluation.thanks_only"}:
        values = dict(values, token=values.get("evaluation_token"))
    missing = [name for name in rule.arguments if name not in values]
    if missing:
        return None
    return re.sub(r"<(?:[a-z]+(?:\([^)]*\))?:)?(\w+)>", lambda m: str(values[m.group(1)]), rule.rule)


def _kind(response) -> str:
    mimetype = response.mimetype or ""
    if response.status_code in (301, 302, 303):
        return "redirect"
    if mimetype == "text/html":
        return "html"
    return mimetype.split("/")[-1][:12] or "?"


def measure_pages(app, world: dict, counter: QueryCounter) -> dict:
    values = route_values(world)
    public, organiser = app.test_client(), app.test_client()
    answer = organiser.post(
        "/beheer/inloggen", data={"email": "organisator@example.org", "password": "bench-national-2013"}
    )
    assert answer.status_code == 302, answer.status_code
    manage = {
        "manage", "workgroups_manage", "reports", "registration_manage", "assignment", "evaluation_manage",
        "facilitator", "archive_manage", "mail_log", "report_writer", "messages",
    }  # fmt: skip
    for url in ("/", f"/beheer/edities/{values['edition_id']}"):  # warm-up: templates, translations
        public.get(url)
        organiser.get(url)
    results = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if "GET" not in rule.methods or rule.endpoint in SKIPPED:
            continue
        url = fill(rule, values)
        if url is None:
            continue
        is_manage = rule.endpoint.split(".")[0] in manage
        client = organiser if is_manage else public
        response, figures = timed(counter, lambda: client.get(url))  # noqa: B023
        kind = _kind(response)
        results[f"{'org' if is_manage else 'pub'} {rule.endpoint}"] = {
            **figures,
            "status": response.status_code,
            "kind": kind,
            "bytes": len(response.data),
        }
        log(f"  {rule.endpoint:48} {response.status_code} {kind:8} {figures['cpu']:.3f} s {figures['queries']} q")
    return results


def measure_documents(world: dict, counter: QueryCounter) -> dict:
    from pypdf import PdfReader

    from app.extensions import db
    from app.programme.models import Edition, LocationDay
    from app.reports.cache import cache_key
    from app.reports.documents import DOCUMENTS, _quick_key, result_store
    from app.reports.render import render_job
    from app.workgroups.models import WorkgroupOffer

    location = db.session.get(LocationDay, world["location_ids"][0])
    subjects = {
        Edition: db.session.get(Edition, world["edition_id"]),
        LocationDay: location,
        WorkgroupOffer: location.workgroup_offers[0] if location.workgroup_offers else None,
    }
    results = {}
    for name, document in DOCUMENTS.items():
        subject = subjects.get(document.model)
        if subject is None:
            continue
        db.session.expire_all()
        quick = _quick_key(name, subject.id, "nl")
        job, data = timed(counter, lambda: document.make_job(subject, "nl"))  # noqa: B023
        if job is None:
            continue
        pdf, rendered = timed(counter, lambda: render_job(job))  # noqa: B023
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        # As the worker leaves it: the PDF in the shared store under its full key, and the
        # quick key (read before the data) linked to it; then a download's cache hit.
        store, key = result_store(), cache_key(job.material)
        store.put(key, pdf)
        store.link(quick, key, job.filename)
        db.session.expire_all()
        hit, cached = timed(counter, lambda: store.get_linked(_quick_key(name, subject.id, "nl")))  # noqa: B023
        assert hit is not None and hit[1] == pdf, f"{name}: no cache hit for unchanged data"
        results[f"{name}: data (full key)"] = data
        results[f"{name}: render"] = {**rendered, "pages": pages}
        results[f"{name}: cache hit (quick key)"] = cached
        log(f"  {name:30} data {data['cpu']:.2f} s {data['queries']} q, render {rendered['cpu']:.2f} s")
    return results


def measure_assignment(world: dict, counter: QueryCounter) -> dict:
    from sqlalchemy import select, update

    from app.extensions import db
    from app.programme.models import LocationDay
    from app.registration.models import Registration
    from app.workgroups import assignment_services
    from app.workgroups.models import WorkgroupAssignment

    location = db.session.get(LocationDay, world["location_ids"][0])
    # As before the first publication: nobody has been told a workgroup yet.
    db.session.execute(
        update(WorkgroupAssignment)
        .where(
            WorkgroupAssignment.registration_id.in_(
                select(Registration.id).where(Registration.location_day_id == location.id)
            )
        )
        .values(published_offer_id=None)
    )
    db.session.commit()
    _, run = timed(
        counter, lambda: assignment_services.run_allocation(location, seed=7, full_rerun=True, created_by="bench")
    )
    db.session.commit()
    _, published = timed(counter, lambda: assignment_services.publish(location))
    db.session.commit()
    return {"assignment run (one location, full)": run, "assignment publish (one location)": published}


if __name__ == "__main__":
    main()
