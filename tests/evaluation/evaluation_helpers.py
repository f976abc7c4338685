"""Helpers shared by the evaluation tests (imported by name: tests have no packages)."""

from __future__ import annotations

from app.evaluation import services
from app.extensions import db
from app.registration.models import Source
from app.registration.services import check_in, register_participant
from app.workgroups.models import WorkgroupAssignment


def add_person(location, name, email=None, checked_in=True, offer=None, published=True, language="nl"):
    registration = register_participant(
        location, name=name, email=email, source=Source.MANUAL, language=language
    ).registration
    if checked_in:
        check_in(registration)
    if offer is not None:
        db.session.add(
            WorkgroupAssignment(
                registration_id=registration.id,
                round=offer.round,
                offer_id=offer.id,
                published_offer_id=offer.id if published else None,
            )
        )
    db.session.flush()
    return registration


def question(form, scope, kind=None):
    """The first form question with this scope (and kind)."""
    return next(q for q in form.questions if q.scope == scope and (kind is None or q.kind == kind))


def required_answers(form, location, registration=None) -> dict:
    """Valid answers to every required question (and nothing else)."""
    values = {}
    for item in services.asked_questions(form, location, registration):
        if not item.question.required:
            continue
        if item.kind.is_numeric:
            values[item.key] = "4"
        elif item.kind.value == "single":
            values[item.key] = item.question.option_list[0]
        elif item.kind.value == "multiple":
            values[item.key] = [item.question.option_list[0]]
        else:
            values[item.key] = "Goed"
    return values
