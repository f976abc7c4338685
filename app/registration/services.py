"""The registration's business rules, one module per job; this module is their public face
(views, the CLI, the demo and the tests call `services.<rule>`):

- registering: register, change, cancel, erase, move, capacity changes, under the
  capacity rule (the location row locked, then counted, then decided)
- queries: counts, waiting-list positions, the registration window, the search
- check_in: checking people in on the day, and walk-ins
- organisation_kinds: the list participants choose their kind of organisation from
- privacy: a participant's own data, anonymising a finished edition
- checks: checking what a person entered; RegistrationError

Services take model objects and plain values (never a form or the request), raise
RegistrationError with a user-facing message and the form field it belongs to, queue
their mail in the outbox (a row in the same transaction, sent by a worker after the
commit, see app/mail/) and only flush: the caller commits.
"""

from __future__ import annotations

from app.registration.check_in import (  # noqa: F401 - re-exported
    LETTERS,
    OTHER,
    DayFull,
    DoorList,
    DoorRow,
    admit_waiting_over_capacity,
    check_in,
    door_list,
    door_row,
    register_walk_in,
    undo_check_in,
)
from app.registration.checks import (  # noqa: F401 - re-exported
    MAX_CHOICES,
    RegistrationError,
    clean,
    preference_field,
)
from app.registration.organisation_kinds import (  # noqa: F401 - re-exported
    DEFAULT_ORGANISATION_KINDS,
    add_organisation_kind,
    delete_organisation_kind,
    organisation_kinds,
    rename_organisation_kind,
    seed_organisation_kinds,
)
from app.registration.privacy import (  # noqa: F401 - re-exported
    ANONYMOUS_NAME,
    anonymise_edition,
    edition_is_finished,
    export_data,
)
from app.registration.queries import (  # noqa: F401 - re-exported
    Counts,
    Filters,
    counts,
    counts_for,
    group_by_round,
    location_for_form,
    normalise_email,
    offers_by_round,
    registration_window,
    search_page,
    search_registrations,
    waiting_position,
    waiting_positions,
)
from app.registration.registering import (  # noqa: F401 - re-exported
    RegistrationResult,
    WhenFull,
    cancel_registration,
    change_capacity,
    erase_registration,
    link_mail_allowed,
    move_registration,
    register_participant,
    resend_link,
    update_registration,
)
