"""`flask reports build <edition> --out DIR`: every PDF document of an edition, rendered
side by side in worker processes and kept in the report cache until the data change."""

from pathlib import Path
from time import perf_counter

import click
from flask.cli import AppGroup

from app.programme.services import edition_by_slug
from app.reports import services
from app.reports.render import render_all, report_cache

reports_cli = AppGroup("reports", help="PDF reports.")


@reports_cli.command("build")
@click.argument("edition_slug")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl")
@click.option("--workers", type=click.IntRange(min=1), default=None, help="Processes (default: one per CPU).")
def build(edition_slug: str, out_dir: Path, lang: str, workers: int | None):
    """Write the PDF documents of an edition into OUT."""
    edition = edition_by_slug(edition_slug)
    if edition is None:
        raise click.ClickException(f"No edition {edition_slug!r}.")
    started = perf_counter()
    jobs = services.edition_jobs(edition, lang)
    out_dir.mkdir(parents=True, exist_ok=True)
    for result in render_all(jobs, workers):
        path = out_dir / result.job.filename
        path.write_bytes(result.pdf)
        how = "cached" if result.cached else f"{result.seconds:.1f} s"
        click.echo(f"{path}  ({len(result.pdf) // 1024} KB, {how})")
    click.echo(f"{len(jobs)} documents in {perf_counter() - started:.1f} s")


@reports_cli.command("clear-cache")
def clear_cache():
    """Remove every cached PDF (they are rebuilt on the next download)."""
    cache = report_cache()
    removed = cache.clear() if cache else 0
    click.echo(f"{removed} cached documents removed")
