"""`flask demo load`: the demo edition and its demo accounts."""

from datetime import date

import click
from flask.cli import AppGroup

from app.demo.loader import load_demo
from app.extensions import db

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("load")
def load():
    """Load the demo edition (does nothing when it is already there)."""
    result = load_demo(today=date.today())
    db.session.commit()
    state = "loaded" if result.created else "already present, unchanged"
    click.echo(f"Demo edition '{result.edition.name}': {state}.")
    for role, email, password in result.logins:
        click.echo(f"  {role:<12} login: {email}  password: {password}")
