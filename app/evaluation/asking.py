"""Which questions a location (and a participant) gets: each question once per subject
(a speaker's contribution, a workgroup they attended, the day as a whole)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.common.language import dutch, in_language
from app.evaluation.models import (
    EvaluationForm,
    EvaluationQuestion,
    QuestionKind,
    QuestionScope,
)
from app.evaluation.questionnaire import SCOPE_HEADINGS
from app.extensions import db
from app.programme.models import Contribution, ItemKind, LocationDay, Speaker
from app.registration.models import Registration
from app.workgroups.models import WorkgroupAssignment, WorkgroupOffer

# --- the questions a location (and a participant) gets --------------------------------


@dataclass(frozen=True)
class Subject:
    key: str  # "contribution:12", "speaker:4", "workgroup:3"
    label: str
    speaker_id: int | None = None
    workgroup_id: int | None = None
    heading: str = ""  # the programme item, for contributions


@dataclass(frozen=True)
class Asked:
    """One question as a participant sees it: a form question, about one subject or none."""

    question: EvaluationQuestion
    subject: Subject | None

    @property
    def key(self) -> str:
        if self.subject is None:
            return f"q{self.question.id}"
        return f"q{self.question.id}_" + self.subject.key.replace(":", "")

    @property
    def kind(self) -> QuestionKind:
        return QuestionKind(self.question.kind)

    @property
    def subject_key(self) -> str:
        return self.subject.key if self.subject else ""


def speaker_label(speaker: Speaker) -> str:
    return f"{speaker.name} ({speaker.organisation})" if speaker.organisation else speaker.name


def _contributions(location: LocationDay, kind: ItemKind) -> list[Contribution]:
    found = [c for c in location.contributions if ItemKind(c.programme_item.kind) == kind]
    return sorted(found, key=lambda c: (c.programme_item.position, c.position, c.id))


def subjects_for(location: LocationDay, scope: QuestionScope, registration: Registration | None) -> list[Subject]:
    """The location's own programme: its talks, its speakers, and the workgroups the
    participant was told they are in (all the location's open workgroups on paper)."""
    if scope in (QuestionScope.INTRODUCTION, QuestionScope.PRACTICE):
        kind = ItemKind.INTRODUCTION if scope == QuestionScope.INTRODUCTION else ItemKind.PRACTICE
        subjects = []
        for c in _contributions(location, kind):
            label = dutch(speaker_label(c.speaker) + (f": {c.title}" if c.title else ""))  # the talk's own title
            heading = in_language(c.programme_item, "title")
            subjects.append(Subject(f"contribution:{c.id}", label, speaker_id=c.speaker_id, heading=heading))
        return subjects
    if scope == QuestionScope.SPEAKER:
        ordered = sorted(location.contributions, key=lambda c: (c.programme_item.position, c.position, c.id))
        seen: dict[int, Subject] = {}
        for c in ordered:
            if ItemKind(c.programme_item.kind).takes_speaker and c.speaker_id not in seen:
                seen[c.speaker_id] = Subject(
                    f"speaker:{c.speaker_id}", speaker_label(c.speaker), speaker_id=c.speaker_id
                )
        return list(seen.values())
    if scope == QuestionScope.WORKGROUP:
        offers = _attended_offers(registration) if registration is not None else _open_offers(location)
        seen_groups: dict[int, Subject] = {}
        for offer in offers:
            if offer.workgroup_id not in seen_groups:
                seen_groups[offer.workgroup_id] = Subject(
                    f"workgroup:{offer.workgroup_id}", dutch(offer.workgroup.title), workgroup_id=offer.workgroup_id
                )
        return list(seen_groups.values())
    return []


def _attended_offers(registration: Registration) -> list[WorkgroupOffer]:
    assignments = db.session.scalars(
        select(WorkgroupAssignment)
        .where(
            WorkgroupAssignment.registration_id == registration.id, WorkgroupAssignment.published_offer_id.is_not(None)
        )
        .options(joinedload(WorkgroupAssignment.published_offer).joinedload(WorkgroupOffer.workgroup))
        .order_by(WorkgroupAssignment.round)
    )
    return [a.published_offer for a in assignments if a.published_offer is not None]


def _open_offers(location: LocationDay) -> list[WorkgroupOffer]:
    offers = [offer for offer in location.workgroup_offers if offer.is_open]
    return sorted(offers, key=lambda offer: (offer.round, offer.workgroup.title.casefold()))


def asked_questions(
    form: EvaluationForm, location: LocationDay, registration: Registration | None = None
) -> list[Asked]:
    """Every question of the form for this location, in form order; a generated question
    once per subject, and left out when the location has no such subject."""
    asked: list[Asked] = []
    for question in sorted(form.questions, key=lambda q: q.position):
        scope = QuestionScope(question.scope)
        if scope == QuestionScope.GENERAL:
            asked.append(Asked(question, None))
        else:
            asked.extend(Asked(question, subject) for subject in subjects_for(location, scope, registration))
    return asked


def group_headings(asked) -> list[tuple[str, list]]:
    """Consecutive questions under one heading: the general ones, then each talk, speaker
    or workgroup with its questions together."""
    groups: list[tuple[str, list]] = []
    general = _("Over de hele dag")
    for item in asked:
        heading = ""
        if item.subject is not None:
            scope = QuestionScope(item.question.scope)
            heading = item.subject.heading or str(SCOPE_HEADINGS[scope])
        elif groups and groups[-1][0] not in ("", general):
            heading = general  # general questions after a talk or workgroup get their own heading
        elif groups:
            heading = groups[-1][0]
        if groups and groups[-1][0] == heading:
            groups[-1][1].append(item)
        else:
            groups.append((heading, [item]))
    return groups
