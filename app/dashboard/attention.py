"""The start page's "needs attention" list: what to fix, each item linking to the page where
it is fixed. Built from the figures (`app.dashboard.figures`); no queries of its own."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app.dashboard.figures import AssignmentState, EditionBlock, LocationStatus
from app.programme import readiness

# Registration closing within this many days, with seats left, is worth a look.
CLOSING_SOON_DAYS = 7
# The assignment should be published this long before the day.
ASSIGNMENT_DUE_DAYS = 14


@dataclass(frozen=True)
class Attention:
    text: str
    url: str
    kind: str  # what it is about, e.g. "failed_mail", "offer_room"


def _readiness_text(kind: str, count: int) -> str:
    texts = {
        readiness.SPEAKER: ngettext(
            "%(num)s sprekersonderdeel zonder spreker", "%(num)s sprekersonderdelen zonder spreker", count
        ),
        readiness.OFFER_ROOM: ngettext("%(num)s werkgroep zonder zaal", "%(num)s werkgroepen zonder zaal", count),
        readiness.OFFER_FACILITATOR: ngettext(
            "%(num)s werkgroep zonder begeleider", "%(num)s werkgroepen zonder begeleider", count
        ),
        readiness.OFFER_CAPACITY: ngettext(
            "%(num)s werkgroep zonder capaciteit", "%(num)s werkgroepen zonder capaciteit", count
        ),
        readiness.OFFER_COUNT: ngettext(
            "%(num)s ronde met te weinig of te veel werkgroepen",
            "%(num)s rondes met te weinig of te veel werkgroepen",
            count,
        ),
        readiness.SEATS: ngettext(
            "te weinig werkgroepplaatsen in %(num)s ronde", "te weinig werkgroepplaatsen in %(num)s rondes", count
        ),
        readiness.CAPACITY: _("aantal plaatsen ontbreekt"),
        readiness.ADDRESS: _("adres ontbreekt"),
        readiness.DATES: _("de data van de inschrijving kloppen niet"),
    }
    return texts.get(kind, ngettext("%(num)s punt ontbreekt", "%(num)s punten ontbreken", count))


def needs_attention(blocks: Sequence[EditionBlock], organiser: bool = True) -> list[Attention]:
    """What to fix first; a coordinator is not sent to pages only organisers can open."""
    items: list[Attention] = []
    for block in blocks:
        edition_wide: dict[str, readiness.Missing] = {}
        for status in block.locations:
            if status.cancelled:
                continue
            if not status.held:
                items.extend(_readiness_items(status, edition_wide))
            items.extend(_location_items(status))
        for missing in edition_wide.values():
            if missing.organisers_only and not organiser:
                continue
            items.append(
                Attention(
                    _("%(edition)s: %(problem)s", edition=block.edition.name, problem=str(missing)),
                    missing.section_url or missing.url,
                    missing.kind,
                )
            )
    return items


def _readiness_items(status: LocationStatus, edition_wide: dict[str, readiness.Missing]) -> list[Attention]:
    per_location = [m for m in status.readiness.problems if m.kind != readiness.EVALUATION_FORM]
    for missing in status.readiness.problems:
        if missing.kind == readiness.EVALUATION_FORM:
            edition_wide.setdefault(missing.kind, missing)
    counts = Counter(missing.kind for missing in per_location)
    first: dict[str, readiness.Missing] = {}
    for missing in per_location:
        first.setdefault(missing.kind, missing)
    return [
        Attention(
            _("%(city)s: %(problem)s", city=status.city, problem=_readiness_text(kind, count)),
            # One item: straight to it; several: the page that lists them all.
            first[kind].url if count == 1 else (first[kind].section_url or first[kind].url),
            kind,
        )
        for kind, count in counts.items()
    ]


def _location_items(status: LocationStatus) -> list[Attention]:
    items = []
    if status.failed_mails:
        items.append(
            Attention(
                _(
                    "%(city)s: %(problem)s",
                    city=status.city,
                    problem=ngettext("%(num)s e-mail mislukt", "%(num)s e-mails mislukt", status.failed_mails),
                ),
                url_for("mail_log.location_log", location_id=status.location_id, status="failed"),
                "failed_mail",
            )
        )
    closing = status.days_to_close
    if closing is not None and closing <= CLOSING_SOON_DAYS and status.seats_left:
        items.append(
            Attention(
                _(
                    "%(city)s: inschrijving sluit over %(days)s, %(seats)s",
                    city=status.city,
                    days=ngettext("%(num)s dag", "%(num)s dagen", closing),
                    seats=ngettext("%(num)s plaats vrij", "%(num)s plaatsen vrij", status.seats_left),
                ),
                url_for("registration_manage.registrations", location_id=status.location_id),
                "closing_soon",
            )
        )
    if status.waiting and status.seats_left:
        items.append(
            Attention(
                _(
                    "%(city)s: %(waiting)s op de wachtlijst terwijl er %(seats)s",
                    city=status.city,
                    waiting=status.waiting,
                    seats=ngettext("%(num)s plaats vrij is", "%(num)s plaatsen vrij zijn", status.seats_left),
                ),
                url_for("registration_manage.registrations", location_id=status.location_id),
                "waiting_with_seats",
            )
        )
    due = not status.held and status.days_to_day <= ASSIGNMENT_DUE_DAYS and status.confirmed
    if due and status.assignment_state != AssignmentState.PUBLISHED:
        days = ngettext("%(num)s dag", "%(num)s dagen", status.days_to_day)
        text = (
            _("%(city)s: indeling nog niet gemaakt, dag over %(days)s", city=status.city, days=days)
            if status.assignment_state == AssignmentState.NOT_RUN
            else _("%(city)s: indeling niet gepubliceerd, dag over %(days)s", city=status.city, days=days)
        )
        items.append(Attention(text, url_for("assignment.overview", location_id=status.location_id), "assignment"))
    return items
