"""What every feature's command line shares: finding the location day a command is about."""

from __future__ import annotations

import click
from sqlalchemy import select

from app.extensions import db
from app.programme.models import Edition, LocationDay


def find_location(ref: str, edition_slug: str | None = None) -> LocationDay:
    """The location day with this id or slug (of the given edition, when slugs repeat
    across editions); a clear message when there is none or several."""
    query = select(LocationDay).join(Edition)
    query = (
        query.where(LocationDay.id == int(ref))
        if ref.isascii() and ref.isdigit()
        else query.where(LocationDay.slug == ref)
    )
    if edition_slug:
        query = query.where(Edition.slug == edition_slug)
    found = db.session.scalars(query.order_by(Edition.year.desc(), Edition.id.desc())).all()
    if not found:
        raise click.ClickException(f"No location '{ref}'.")
    if len(found) > 1 and not edition_slug:
        editions = ", ".join(day.edition.slug for day in found)
        raise click.ClickException(f"'{ref}' exists in several editions ({editions}); add --edition.")
    return found[0]
