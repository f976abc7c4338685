"""`flask privacy anonymise <edition-slug>`: personal data out, counts kept."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from app.extensions import db
from app.programme.services import edition_by_slug
from app.registration import services

privacy_cli = AppGroup("privacy", help="Privacy tasks.")


@privacy_cli.command("anonymise")
@click.argument("edition_slug")
@click.option("--force", is_flag=True, help="Also when the edition has days still to come.")
def anonymise(edition_slug: str, force: bool):
    """Replace the personal data of a finished edition; keep what reports count."""
    edition = edition_by_slug(edition_slug)
    if edition is None:
        raise click.ClickException(f"No edition with slug '{edition_slug}'.")
    if not force and not services.edition_is_finished(edition, date.today()):
        raise click.ClickException(
            f"Edition '{edition_slug}' is not finished yet (a day is today or later). Use --force to anonymise anyway."
        )
    changed = services.anonymise_edition(edition)
    db.session.commit()
    click.echo(f"Anonymised {changed} registration(s) of '{edition.name}'. Counts, statuses and check-ins are kept.")
