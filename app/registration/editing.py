"""Form handling shared by the participant's own change page and the organiser's edit page."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from wtforms import SelectChoice

from app.common.forms import attach_error
from app.common.language import choice_label, in_language
from app.extensions import db
from app.programme.models import LocationDay
from app.registration import services
from app.registration.forms import needs_from, preferences_from
from app.registration.models import OrganisationKind, Registration


def kind_choices(location: LocationDay, kinds: list[OrganisationKind] | None = None) -> list:
    if kinds is None:
        kinds = services.organisation_kinds(location.edition)
    return [SelectChoice(None, _("— kies —"))] + [
        SelectChoice(kind.id, **choice_label(in_language(kind, "name"))) for kind in kinds
    ]


class LazyKindChoices:
    """The edition's organisation kinds as a field's choices (a callable: the field reads
    it only to check a chosen kind or to show the page). The kinds it read stay here, so
    `chosen_kind` finds the pick in the session without a second query."""

    def __init__(self, location: LocationDay):
        self.location = location
        self.kinds: list[OrganisationKind] = []

    def __call__(self) -> list:
        self.kinds = services.organisation_kinds(self.location.edition)
        return kind_choices(self.location, self.kinds)


def chosen_kind(location: LocationDay, kind_id: int | None) -> OrganisationKind | None:
    if not kind_id:
        return None
    kind = db.session.get(OrganisationKind, kind_id)
    if kind is None or kind.edition_id != location.edition_id:
        raise services.RegistrationError(_("Kies een soort organisatie uit de lijst."), field="organisation_kind_id")
    return kind


def duplicate_email_error() -> services.RegistrationError:
    return services.RegistrationError(_("Met dit e-mailadres is al iemand aangemeld voor deze dag."), field="email")


def save_changes(registration: Registration, form: FlaskForm, offers: dict, by_organiser: bool = False) -> bool:
    """Apply an edit form and commit; on a broken rule map it onto the form, change nothing."""
    location = registration.location_day
    try:
        services.update_registration(
            registration,
            name=form.name.data,
            email=form.email.data,
            organisation=form.organisation.data,
            organisation_kind=chosen_kind(location, form.organisation_kind_id.data),
            municipality=form.municipality.data,
            **needs_from(form),
            preferences=preferences_from(form, offers),
            by_organiser=by_organiser,
        )
        db.session.commit()
    except services.RegistrationError as error:
        db.session.rollback()
        attach_error(form, error)
        return False
    except IntegrityError:  # the same address registered meanwhile by another request
        db.session.rollback()
        attach_error(form, duplicate_email_error())
        return False
    return True
