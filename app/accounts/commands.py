"""`flask users ...`: accounts for organisers and coordinators."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.accounts.models import Role, User
from app.accounts.services import AccountError, create_user
from app.extensions import db
from app.programme.cli import find_location
from app.workgroups.models import WorkgroupOffer

users_cli = AppGroup("users", help="Manage organiser and coordinator accounts.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.ORGANISER.value)
@click.option("--location", "locations", multiple=True, help="Location slug or id (coordinators).")
@click.option("--offer", "offers", multiple=True, type=int, help="Workgroup offer id (facilitators).")
@click.password_option()
def create(email, name, role, locations, offers, password):
    """Create an account."""
    days = [find_location(ref) for ref in locations]
    if role == Role.COORDINATOR and not days:
        raise click.UsageError("A coordinator needs at least one --location.")
    workgroups = [db.session.get(WorkgroupOffer, offer_id) for offer_id in offers]
    if None in workgroups:
        raise click.BadParameter("No workgroup offer with that id.")
    if role == Role.FACILITATOR and not workgroups:
        raise click.UsageError("A facilitator needs at least one --offer.")
    try:
        user = create_user(email, name, password, Role(role), days)
        user.offers = workgroups
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {user.role.value} {user.email}")


@users_cli.command("list")
def list_users():
    for user in db.session.scalars(select(User).order_by(User.email)):
        places = ", ".join(day.slug for day in user.locations)
        state = "deactivated" if not user.active else "invited" if user.is_invited else "active"
        click.echo(f"{user.email}\t{user.role.value}\t{state}\t{places}")
