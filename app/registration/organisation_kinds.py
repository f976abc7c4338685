"""The organisation kinds a participant chooses from: stored per edition, in Dutch,
edited by the organiser.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import bindparam, select, update

from app.common.text import optional_text
from app.extensions import db
from app.programme.models import Edition
from app.registration.checks import RegistrationError
from app.registration.models import OrganisationKind, Registration

# Stored as data, in Dutch; the organiser edits the list per edition.
DEFAULT_ORGANISATION_KINDS = (
    "Cliëntenraad",
    "Armoedeorganisatie",
    "Vakbond",
    "Kerk of geloofsgemeenschap",
    "Mantelzorg",
    "Organisatie voor psychische gezondheid (ggz)",
    "Anders",
)


def seed_organisation_kinds(edition: Edition) -> list[OrganisationKind]:
    """The seven default kinds, in Dutch; does nothing when the edition has any."""
    if organisation_kinds(edition):
        return []
    kinds = [
        OrganisationKind(edition=edition, name=name, position=position)
        for position, name in enumerate(DEFAULT_ORGANISATION_KINDS, start=1)
    ]
    db.session.add_all(kinds)
    db.session.flush()
    return kinds


_KINDS = (
    select(OrganisationKind)
    .where(OrganisationKind.edition_id == bindparam("edition_id"))
    .order_by(OrganisationKind.position, OrganisationKind.name)
)


def organisation_kinds(edition: Edition) -> list[OrganisationKind]:
    return list(db.session.scalars(_KINDS, {"edition_id": edition.id}))


def add_organisation_kind(edition: Edition, name: str, name_en: str | None = None) -> OrganisationKind:
    name = (name or "").strip()
    if not name:
        raise RegistrationError(_("Vul een naam in."), field="name")
    existing = organisation_kinds(edition)
    if any(kind.name.lower() == name.lower() for kind in existing):
        raise RegistrationError(_("Deze soort staat al in de lijst."), field="name")
    kind = OrganisationKind(
        edition=edition,
        name=name,
        name_en=optional_text(name_en),
        position=1 + max((k.position for k in existing), default=0),
    )
    db.session.add(kind)
    db.session.flush()
    return kind


def rename_organisation_kind(kind: OrganisationKind, name: str) -> OrganisationKind:
    name = (name or "").strip()
    if not name:
        raise RegistrationError(_("Vul een naam in."), field="name")
    if any(k is not kind and k.name.lower() == name.lower() for k in organisation_kinds(kind.edition)):
        raise RegistrationError(_("Deze soort staat al in de lijst."), field="name")
    kind.name = name
    db.session.flush()
    return kind


def delete_organisation_kind(kind: OrganisationKind) -> None:
    """Registrations that chose it keep their registration, without a kind."""
    db.session.execute(
        update(Registration).where(Registration.organisation_kind_id == kind.id).values(organisation_kind_id=None)
    )
    db.session.delete(kind)
    db.session.flush()
