"""`flask archive ...`: reminders to facilitators, and the look-back as files."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from app.archive import documents, notify
from app.archive.services import local_today
from app.extensions import db
from app.programme import services as programme
from app.reports.render import render_cached

archive_cli = AppGroup("archive", help="After the day: workgroup reports, the look-back.")


def _edition(slug: str | None):
    edition = programme.edition_by_slug(slug) if slug else programme.latest_edition()
    if edition is None:
        raise click.BadParameter(f"No edition {slug!r}." if slug else "There is no edition yet.")
    return edition


@archive_cli.command("remind-facilitators")
@click.option("--edition", "slug", help="Edition slug (default: the latest edition).")
@click.option("--min-days", default=3.0, show_default=True, help="Skip who was reminded less than this many days ago.")
def remind_facilitators(slug, min_days):
    """Mail facilitators whose workgroup took place and whose report was not sent."""
    edition = _edition(slug)
    sent = notify.send_reminders(edition, local_today(), min_days=min_days)
    db.session.commit()  # the mail goes out after this commit
    click.echo(f"{sent} facilitator(s) reminded for {edition.name}.")


@archive_cli.command("look-back")
@click.option("--edition", "slug", help="Edition slug (default: the latest edition).")
@click.option("--out", "folder", default=".", type=click.Path(file_okay=False), show_default=True)
@click.option("--lang", "language", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
def look_back(slug, folder, language):
    """Write the look-back (PDF and Word) and the workgroup reports (PDF) to a folder."""
    edition = _edition(slug)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for job in (documents.look_back_job(edition, language), documents.workgroup_reports_job(edition, language)):
        (out / job.filename).write_bytes(render_cached(job).pdf)
        click.echo(out / job.filename)
    body, filename = documents.look_back_docx(edition, language)
    (out / filename).write_bytes(body)
    click.echo(out / filename)
