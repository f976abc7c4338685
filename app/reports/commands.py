"""`flask reports build <edition> --out DIR`: every PDF document of an edition."""

from pathlib import Path

import click
from flask.cli import AppGroup

from app.programme.services import edition_by_slug
from app.reports import services

reports_cli = AppGroup("reports", help="PDF reports.")


@reports_cli.command("build")
@click.argument("edition_slug")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl")
def build(edition_slug: str, out_dir: Path, lang: str):
    """Write the PDF documents of an edition into OUT."""
    edition = edition_by_slug(edition_slug)
    if edition is None:
        raise click.ClickException(f"No edition {edition_slug!r}.")
    out_dir.mkdir(parents=True, exist_ok=True)
    for location in edition.location_days:
        path = out_dir / services.booklet_filename(location)
        path.write_bytes(services.booklet_pdf(location, lang))
        click.echo(f"{path}  ({path.stat().st_size // 1024} KB)")
