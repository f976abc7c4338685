"""Participants' needs where rooms and workgroups are chosen: how many in each workgroup
need step-free access, a hearing loop or a diet, and a warning for everyone who needs
step-free access but is put in (or chose) a room marked not step-free. A room whose
access is not known yet (None) is "onbekend": no warning, and no promise either.

Works on objects already loaded by the page (no queries of its own)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _

from app.registration.models import Registration
from app.workgroups.models import WorkgroupAssignment, WorkgroupOffer


@dataclass
class OfferNeeds:
    step_free: int = 0
    hearing_loop: int = 0
    diet: int = 0

    @property
    def any(self) -> bool:
        return bool(self.step_free or self.hearing_loop or self.diet)


@dataclass(frozen=True)
class StepFreeWarning:
    registration_id: int
    name: str
    offer_id: int
    title: str
    room: str
    chosen_only: bool  # chose it, not (yet) assigned to it

    @property
    def text(self) -> str:
        if self.chosen_only:
            return _(
                "%(name)s heeft een plek zonder trappen nodig en koos %(title)s, in zaal %(room)s: "
                "die is niet zonder trappen bereikbaar.",
                name=self.name,
                title=self.title,
                room=self.room or "–",
            )
        return _(
            "%(name)s heeft een plek zonder trappen nodig, maar %(title)s is in zaal %(room)s: "
            "die is niet zonder trappen bereikbaar.",
            name=self.name,
            title=self.title,
            room=self.room or "–",
        )


def needs_per_offer(assignments: Iterable[WorkgroupAssignment]) -> dict[int, OfferNeeds]:
    counts: dict[int, OfferNeeds] = {}
    for assignment in assignments:
        person = assignment.registration
        needs = counts.setdefault(assignment.offer_id, OfferNeeds())
        needs.step_free += person.needs_step_free
        needs.hearing_loop += person.needs_hearing_loop
        needs.diet += bool(person.diet)
    return counts


def not_step_free(offer: WorkgroupOffer) -> bool:
    return offer.room_step_free is False


def step_free_warning(registration: Registration, offer: WorkgroupOffer) -> StepFreeWarning | None:
    """For one placement (a move by hand)."""
    if registration.needs_step_free and not_step_free(offer):
        return StepFreeWarning(registration.id, registration.name, offer.id, offer.workgroup.title, offer.room, False)
    return None


def step_free_warnings(
    assignments: Iterable[WorkgroupAssignment],
    registrations: Iterable[Registration],
    offers: Iterable[WorkgroupOffer],
) -> list[StepFreeWarning]:
    """Everyone assigned to a room marked not step-free while needing step-free access,
    then everyone who chose such a workgroup in a round where they are not assigned yet."""
    warnings = []
    assigned_rounds = set()
    for assignment in assignments:
        assigned_rounds.add((assignment.registration_id, assignment.round))
        warning = step_free_warning(assignment.registration, assignment.offer)
        if warning:
            warnings.append(warning)
    by_choice = {(offer.round, offer.workgroup_id): offer for offer in offers if not_step_free(offer)}
    for registration in registrations:
        if not registration.needs_step_free:
            continue
        for preference in registration.preferences:
            offer = by_choice.get((preference.round, preference.workgroup_id))
            if offer is not None and (registration.id, preference.round) not in assigned_rounds:
                warnings.append(
                    StepFreeWarning(
                        registration.id, registration.name, offer.id, offer.workgroup.title, offer.room, True
                    )
                )
    return warnings
