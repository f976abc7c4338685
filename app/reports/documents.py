"""PDF documents as jobs: a download that is not in the report cache is built by a worker.

The request reads the document's data (a handful of queries) to know its cache key. When
the report cache holds that PDF, it is sent at once. Otherwise a `DocumentBuild` row is
written (or the one already under way for the same document is reused) and a worker is
woken with its id; the organiser lands on a status page that follows it and offers the
file when it is done. The file itself lives in the report cache folder (shared by every
process, see app/reports/cache.py), so any web process can hand it out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from flask import Response, abort, current_app, redirect, url_for
from sqlalchemy import or_, select, update

from app import jobs
from app.archive import documents as archive_documents
from app.common.language import current_language
from app.extensions import db, rows_matched
from app.programme.models import Edition, LocationDay
from app.reports import services
from app.reports.cache import DiskCache, cache_key
from app.reports.data_version import quick_key
from app.reports.models import DocumentBuild
from app.reports.render import ReportJob, render_job, report_cache
from app.timeutil import to_local
from app.workgroups.models import WorkgroupOffer

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Document:
    model: type
    make_job: Callable[..., ReportJob | None]

    def subject(self, subject_id: int):
        return db.session.get(self.model, subject_id)


DOCUMENTS = {
    "booklet": Document(LocationDay, services.booklet_job),
    "day_sheet": Document(LocationDay, services.day_sheet_job),
    "workgroup_sheets": Document(LocationDay, services.workgroup_sheets_job),
    "badges": Document(LocationDay, services.badges_job),
    "evaluation_report": Document(LocationDay, services.evaluation_report_job),
    "offer_sheet": Document(WorkgroupOffer, services.offer_sheet_job),
    "edition_report": Document(Edition, services.edition_report_job),
    # The archive's public documents (app/archive/views.py): no status page, the same URL.
    "look_back": Document(Edition, archive_documents.look_back_job),
    "workgroup_reports": Document(Edition, archive_documents.workgroup_reports_job),
}


def result_store() -> DiskCache:
    """The report cache; with the cache switched off, a folder of its own for results."""
    cache = report_cache()
    if cache is not None:
        return cache
    folder = current_app.config.get("DOCUMENT_DIR") or Path(current_app.instance_path) / "documents"
    return DiskCache(folder, max_age_days=1)


# --- the request ----------------------------------------------------------------------


def serve(document: str, subject):
    """The download of a document in the visitor's language: the PDF from the cache at
    once, or the status page of the build that makes it."""
    return serve_or_build(document, subject, current_language(), pdf_download)


@dataclass(frozen=True)
class PublicDocument:
    """A public download: the PDF when the cache has it, else the build that makes it."""

    filename: str
    pdf: bytes | None = None
    build: DocumentBuild | None = None


def public_document(document: str, subject, language: str) -> PublicDocument:
    """For visitors without an account (no status page of theirs to follow): the PDF from
    the cache, or a build started (or the one under way) while the same URL says it is
    being made; once the worker is done, that URL gives the file."""
    store, quick = result_store(), _quick_key(document, subject.id, language)
    if (named := store.get_linked(quick)) is not None:
        return PublicDocument(named[0], pdf=named[1])
    job = DOCUMENTS[document].make_job(subject, language)
    if job is None:
        abort(404)
    key = cache_key(job.material)
    pdf = store.get(key)
    if pdf is not None:
        store.link(quick, key, job.filename)
        return PublicDocument(job.filename, pdf=pdf)
    build = _build_under_way(document, subject.id, language) or _new_build(document, subject, language, job)
    db.session.commit()
    return PublicDocument(job.filename, build=build)


def pdf_download(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


def serve_or_build(document: str, subject, language: str, send: Callable[[bytes, str], object]):
    """The PDF from the cache via `send(pdf, filename)`, or a redirect to the status page
    of the build that makes it. Unchanged data are recognised from a cheap key (a few
    aggregate statements, app/reports/data_version.py) before the document's data are read."""
    store, quick = result_store(), _quick_key(document, subject.id, language)
    if (named := store.get_linked(quick)) is not None:
        return send(named[1], named[0])
    job = DOCUMENTS[document].make_job(subject, language)
    if job is None:
        abort(404)  # e.g. an evaluation report without an evaluation form
    key = cache_key(job.material)
    pdf = store.get(key)
    if pdf is not None:
        store.link(quick, key, job.filename)
        return send(pdf, job.filename)
    build = _build_under_way(document, subject.id, language) or _new_build(document, subject, language, job)
    db.session.commit()
    return redirect(url_for("reports.document_status", build_id=build.id))


def _quick_key(document: str, subject_id: int, language: str) -> str:
    return quick_key(document, subject_id, language, to_local(jobs.now()).date())


def _build_under_way(document: str, subject_id: int, language: str) -> DocumentBuild | None:
    return db.session.scalar(
        select(DocumentBuild)
        .where(
            DocumentBuild.document == document,
            DocumentBuild.subject_id == subject_id,
            DocumentBuild.language == language,
            DocumentBuild.status.in_(("queued", "running")),
        )
        .order_by(DocumentBuild.id.desc())
    )


def _new_build(document: str, subject, language: str, job: ReportJob) -> DocumentBuild:
    location_id = subject.id if isinstance(subject, LocationDay) else getattr(subject, "location_day_id", None)
    build = DocumentBuild(
        document=document,
        subject_id=subject.id,
        language=language,
        location_day_id=location_id,
        edition_id=subject.id if isinstance(subject, Edition) else None,
        status="queued",
        filename=job.filename,
        expected_seconds=_expected_seconds(document, subject.id, job),
        requested_at=jobs.now(),
    )
    db.session.add(build)
    db.session.flush()
    jobs.enqueue(build_document, build.id)
    return build


def _expected_seconds(document: str, subject_id: int, job: ReportJob) -> float:
    """How long the last build of the same document took, or a guess from its size."""
    last = db.session.execute(
        select(DocumentBuild.started_at, DocumentBuild.finished_at)
        .where(
            DocumentBuild.document == document,
            DocumentBuild.subject_id == subject_id,
            DocumentBuild.status == "done",
            DocumentBuild.started_at.is_not(None),
        )
        .order_by(DocumentBuild.id.desc())
        .limit(1)
    ).first()
    if last and last.finished_at:
        return max((last.finished_at - last.started_at).total_seconds(), 0.5)
    return 1.0 + 0.002 * job.weight


# --- the worker -----------------------------------------------------------------------


@jobs.job()
def build_document(build_id: int) -> None:
    """Claim the build (so two workers never render it together), render, keep the file."""
    if not _claim(build_id):
        return
    build = db.session.get(DocumentBuild, build_id)
    if build is None:  # removed after it was claimed
        return
    try:
        kind = DOCUMENTS[build.document]
        quick = _quick_key(build.document, build.subject_id, build.language)  # before the data are read
        subject = kind.subject(build.subject_id)
        job = kind.make_job(subject, build.language) if subject is not None else None
        if job is None:
            raise LookupError(f"{build.document} {build.subject_id} no longer exists")
        key = cache_key(job.material)
        store = result_store()
        if store.get(key) is None:
            store.put(key, render_job(job))
        store.link(quick, key, job.filename)
    except Exception as error:  # noqa: BLE001 - recorded for the status page, retried
        log.exception("document build %s failed", build_id)
        db.session.rollback()
        _failed(build_id, error)
        return
    build.cache_key = key
    build.filename = job.filename
    build.status = "done"
    build.finished_at = jobs.now()
    build.lease_until = None
    db.session.commit()


def _claim(build_id: int) -> bool:
    now = jobs.now()
    lease = timedelta(seconds=float(current_app.config.get("DOCUMENT_LEASE_SECONDS", 900)))
    claimed = rows_matched(
        update(DocumentBuild)
        .where(
            DocumentBuild.id == build_id,
            or_(
                DocumentBuild.status == "queued",
                (DocumentBuild.status == "running") & (DocumentBuild.lease_until < now),
            ),
        )
        .values(status="running", started_at=now, lease_until=now + lease, attempts=DocumentBuild.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return bool(claimed)


def _failed(build_id: int, error: Exception) -> None:
    build = db.session.get(DocumentBuild, build_id)
    if build is None:
        return
    build.error = f"{type(error).__name__}: {error}"[:2000]
    build.lease_until = None
    if build.attempts >= MAX_ATTEMPTS or isinstance(error, LookupError):
        build.status = "failed"
        build.finished_at = jobs.now()
    else:
        build.status = "queued"
        jobs.enqueue_at(jobs.now() + timedelta(seconds=10 * build.attempts), build_document, build_id)
    db.session.commit()


@jobs.periodic(minute="*")
def sweep_documents() -> int:
    """Builds whose wake-up was lost, or whose worker died (lease ran out), go again."""
    now = jobs.now()
    stuck = db.session.scalars(
        select(DocumentBuild.id).where(
            or_(
                (DocumentBuild.status == "queued") & (DocumentBuild.requested_at < now - timedelta(seconds=30)),
                (DocumentBuild.status == "running") & (DocumentBuild.lease_until < now),
            )
        )
    ).all()
    for build_id in stuck:
        jobs.enqueue_now(build_document, build_id)
    return len(stuck)


# --- the status page ------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    status: str  # queued / running / done / failed
    percent: int | None  # an estimate while running; None while queued
    seconds_left: int | None


def progress(build: DocumentBuild, now: datetime | None = None) -> Progress:
    now = now or jobs.now()
    if build.status == "running" and build.started_at:
        elapsed = (now - build.started_at).total_seconds()
        share = min(elapsed / max(build.expected_seconds, 0.5), 0.95)
        return Progress("running", int(share * 100), max(int(build.expected_seconds - elapsed), 1))
    if build.status == "done":
        return Progress("done", 100, 0)
    return Progress(build.status, None, None)


def file_of(build: DocumentBuild) -> bytes | None:
    """The finished PDF, while the cache still keeps it."""
    if build.status != "done" or not build.cache_key:
        return None
    return result_store().get(build.cache_key)
