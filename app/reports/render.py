"""HTML to PDF with WeasyPrint, fetching nothing but the app's own report assets.

A report is a `ReportJob`: a template and its plain context. Jobs render in this process
(one download) or side by side in worker processes (`render_all`, for a whole edition),
and every result is kept in the on-disk cache until its data change.
"""

from __future__ import annotations

import gc
import logging
import mimetypes
import multiprocessing
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import Flask, current_app, has_app_context, render_template
from flask_babel import force_locale, format_decimal, format_percent
from markupsafe import Markup
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from app.common.privacy import on_personal_data_removed
from app.extensions import db
from app.reports import charts
from app.reports.cache import DiskCache, cache_key, fingerprint

ASSETS_DIR = (Path(__file__).resolve().parent.parent.parent / "static" / "reports").resolve()
log = logging.getLogger(__name__)


class AssetsOnlyFetcher(URLFetcher):
    """No network, and no file:// outside static/reports: a report can never leak
    a server file or call out, whatever text ends up in it."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if path.is_relative_to(ASSETS_DIR) and path.is_file():
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})
        log.warning("report asset refused: %s", url)
        raise ValueError(f"refused to fetch {url}")


def render_pdf(template: str, *, title: str, language: str = "nl", **context) -> bytes:
    """Render a report template to a tagged PDF in the given language."""
    with force_locale(language):
        html = render_template(template, title=title, language=language, **context)
    document = HTML(string=html, base_url=ASSETS_DIR.as_uri() + "/", url_fetcher=AssetsOnlyFetcher())
    with fewer_collections():
        return document.write_pdf(pdf_tags=True, pdf_variant="pdf/ua-1")  # tagged, PDF/UA-1


_gc_lock = threading.Lock()
_gc_users = 0
_gc_saved: tuple[int, int, int] | None = None


@contextmanager
def fewer_collections(first_generation: int = 50_000):
    """WeasyPrint allocates hundreds of thousands of short-lived objects; with Python's
    default thresholds the cyclic garbage collector then takes a quarter of the time.
    Collect less often while rendering (threads share the setting: the first one in
    raises it, the last one out puts it back)."""
    global _gc_users, _gc_saved
    with _gc_lock:
        if _gc_users == 0:
            _gc_saved = gc.get_threshold()
            gc.set_threshold(max(first_generation, _gc_saved[0]), *_gc_saved[1:])
        _gc_users += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users -= 1
            if _gc_users == 0 and _gc_saved is not None:
                gc.set_threshold(*_gc_saved)


# --- Dutch numbers and charts in report templates --------------------------------------


def number(value: float | int | None) -> str:
    """1.234 in Dutch, 1,234 in English; a dash for nothing."""
    return "–" if value is None else format_decimal(value)


def percent(value: float | None) -> str:
    return "–" if value is None else format_percent(value)


def score(value: float | None) -> str:
    """An average score with one decimal: 4,2."""
    return "–" if value is None else format_decimal(value, format="0.0")


def chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple],
    marker: tuple | None = None,
    as_percent: bool = False,
    maximum: float | None = None,
    as_score: bool = False,
) -> Markup:
    """An <img> with an SVG bar chart and a text alternative that holds every number.
    `series` and `marker` are (label, values, colour) tuples; values are counts of people
    unless `as_percent` (shares) or `as_score` (averages with one decimal)."""
    fmt = percent if as_percent else score if as_score else number
    plotted = [charts.Series(label, tuple(values), colour) for label, values, colour in series]
    drawn_marker = charts.Marker(marker[0], tuple(marker[1]), marker[2]) if marker else None
    svg = charts.bar_chart(
        list(categories), plotted, marker=drawn_marker, fmt=fmt, maximum=maximum, whole=not as_percent
    )
    described = plotted + ([charts.Series(drawn_marker.label, drawn_marker.values, "")] if drawn_marker else [])
    alt = charts.alt_text(title, list(categories), described, fmt)
    return Markup('<img class="chart" src="{}" alt="{}">').format(charts.data_uri(svg), alt)


# --- jobs, the cache and parallel rendering -------------------------------------------


@dataclass(frozen=True)
class ReportJob:
    """One PDF document: its template and plain context, nothing from the database."""

    template: str
    title: str
    filename: str
    language: str = "nl"
    context: tuple[tuple[str, Any], ...] = ()
    weight: int = 1  # expected effort (rows, badges): big jobs start first

    @property
    def material(self) -> str:
        """Everything that decides the bytes (the file name does not)."""
        return repr((self.template, self.title, self.language, self.context))


@dataclass(frozen=True)
class Rendered:
    job: ReportJob
    pdf: bytes
    seconds: float
    cached: bool


def render_job(job: ReportJob) -> bytes:
    return render_pdf(job.template, title=job.title, language=job.language, **dict(job.context))


def report_cache() -> DiskCache | None:
    """The folder REPORT_CACHE_DIR (setting or environment variable; empty: no cache),
    by default instance/report-cache. Tests use no cache unless they set one."""
    directory = current_app.config.get("REPORT_CACHE_DIR", os.environ.get("REPORT_CACHE_DIR"))
    if directory is None:
        if current_app.testing:
            return None
        directory = Path(current_app.instance_path) / "report-cache"
    if not directory:
        return None
    days = current_app.config.get("REPORT_CACHE_MAX_AGE_DAYS", os.environ.get("REPORT_CACHE_MAX_AGE_DAYS", 7))
    return DiskCache(directory, max_age_days=float(days))


def clear_cache_after_erasure() -> None:
    """Personal data were erased or anonymised: no cached document may still show them."""
    if not has_app_context():
        return
    cache = report_cache()
    if cache is not None:
        log.info("report cache cleared after personal data were removed: %s documents", cache.clear())


def install_erasure_purge() -> None:
    on_personal_data_removed(clear_cache_after_erasure)


def render_cached(job: ReportJob) -> Rendered:
    """The cached PDF when the data are unchanged, otherwise rendered and stored."""
    started = perf_counter()
    cache = report_cache()
    key = cache_key(job.material) if cache else ""
    if cache and (pdf := cache.get(key)) is not None:
        return Rendered(job, pdf, perf_counter() - started, cached=True)
    pdf = render_job(job)
    if cache:
        cache.put(key, pdf)
    return Rendered(job, pdf, perf_counter() - started, cached=False)


def render_all(jobs: Sequence[ReportJob], workers: int | None = None) -> list[Rendered]:
    """Every job, in order: cached ones read back, the others rendered side by side by
    `workers` processes (default: one per CPU), this one included, the largest first."""
    started = perf_counter()
    cache = report_cache()
    code = fingerprint()
    keys = [cache_key(job.material, code) for job in jobs]
    results: dict[int, Rendered] = {}
    todo = []
    for index, (job, key) in enumerate(zip(jobs, keys)):
        pdf = cache.get(key) if cache else None
        if pdf is not None:
            results[index] = Rendered(job, pdf, perf_counter() - started, cached=True)
        else:
            todo.append(index)
    todo.sort(key=lambda index: -jobs[index].weight)
    workers = min(workers or os.cpu_count() or 1, len(todo))
    if workers <= 1:
        for index in todo:
            results[index] = _render_here(jobs[index])
    else:
        # The worker processes and this one take jobs from the same list, largest first:
        # a job this process can still cancel in the pool, it renders itself.
        with _pool(workers - 1) as pool:
            futures = [(index, pool.submit(_render_in_worker, jobs[index])) for index in todo]
            for index, future in futures:
                if future.cancel():
                    results[index] = _render_here(jobs[index])
            for index, future in futures:
                if index not in results:
                    pdf, seconds = future.result()
                    results[index] = Rendered(jobs[index], pdf, seconds, cached=False)
    if cache:
        for index in todo:
            cache.put(keys[index], results[index].pdf)
    return [results[index] for index in range(len(jobs))]


def _render_here(job: ReportJob) -> Rendered:
    begun = perf_counter()
    pdf = render_job(job)
    return Rendered(job, pdf, perf_counter() - begun, cached=False)


def _pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes that each create the application (for templates, translations
    and filters; they never touch the database). Forked where the platform allows:
    the inherited database connections are then left alone, as SQLAlchemy advises."""
    settings = {key: value for key, value in current_app.config.items() if _plain(value)}
    context: multiprocessing.context.BaseContext
    if "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        inherited = tuple(db.engines.values())
    else:  # pragma: no cover - Windows and the like
        context = multiprocessing.get_context("spawn")
        inherited = ()
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(settings, inherited))


def _plain(value) -> bool:
    if isinstance(value, str | int | float | bool | type(None)):
        return True
    if isinstance(value, tuple | list | frozenset | set):
        return all(_plain(item) for item in value)
    return False


_worker_app: Flask | None = None  # the application of a worker process (set once at its start)


def _start_worker(settings: dict, inherited_engines: tuple) -> None:
    global _worker_app
    for engine in inherited_engines:
        engine.dispose(close=False)
    from app import create_app  # the factory imports this module: a worker builds its own app

    app = create_app()
    app.config.update(settings)
    _worker_app = app
    gc.freeze()  # what exists now lives as long as the worker: never scan it again


def _render_in_worker(job: ReportJob) -> tuple[bytes, float]:
    begun = perf_counter()
    assert _worker_app is not None, "_start_worker sets it when the worker process starts"
    with _worker_app.app_context():
        pdf = render_job(job)
    return pdf, perf_counter() - begun
