"""`flask evaluation invite|remind|discard-drafts <location>`: evaluation mail from the command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.evaluation import services
from app.extensions import db
from app.programme.cli import find_location

evaluation_cli = AppGroup("evaluation", help="Evaluation forms: invitations and reminders.")


_edition_option = click.option(
    "--edition", "edition_slug", default=None, help="Edition slug, when several have this location."
)


@evaluation_cli.command("invite")
@click.argument("location")
@_edition_option
@click.option("--all-registered", is_flag=True, help="Also confirmed registrations that were not checked in.")
def invite(location: str, edition_slug: str | None, all_registered: bool):
    """Mail the evaluation link to LOCATION's participants who have not been invited yet."""
    day = find_location(location, edition_slug)
    try:
        people = services.invite(day, all_registered=all_registered)
    except services.EvaluationError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Invited {len(people)} participant(s) of {day.city} to the evaluation.")


@evaluation_cli.command("remind")
@click.argument("location")
@_edition_option
def remind(location: str, edition_slug: str | None):
    """Remind everyone invited at LOCATION who has not answered yet."""
    day = find_location(location, edition_slug)
    try:
        people = services.remind(day)
    except services.EvaluationError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Reminded {len(people)} participant(s) of {day.city}.")


@evaluation_cli.command("discard-drafts")
@click.argument("location")
@_edition_option
def discard_drafts(location: str, edition_slug: str | None):
    """Remove answers that were saved but never sent, once LOCATION's form has closed."""
    day = find_location(location, edition_slug)
    form = services.form_for(day.edition)
    if form is None:
        raise click.ClickException("This edition has no evaluation form.")
    if services.window(form, day) != "closed":
        raise click.ClickException(f"The evaluation form of {day.city} has not closed yet.")
    count = services.discard_drafts(form, day)
    db.session.commit()
    click.echo(f"Removed {count} unsent draft(s) of {day.city}.")
