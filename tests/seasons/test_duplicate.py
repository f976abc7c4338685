"""Duplicating an edition: the same programme next year, as a draft, without people."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.demo.loader import load_demo
from app.evaluation.models import EvaluationForm, EvaluationResponse
from app.extensions import db
from app.mail.models import OutgoingMail
from app.programme.models import Contribution, Edition, LocationDay, ProgrammeItem, Speaker, State
from app.registration.models import OrganisationKind, Registration
from app.workgroups.models import Workgroup, WorkgroupOffer


@pytest.fixture()
def demo(app, make_user, auth):
    edition = load_demo(date.today()).edition
    db.session.commit()
    make_user("lead@example.org")
    auth.login("lead@example.org")
    return edition


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _duplicate(client, demo, **overrides):
    data = {
        "name": "Alliantiedagen 2027", "slug": "samen-sterk", "theme": "Samen sterk", "year": "2027",
        "offset_days": "364", "copy_speakers": "y", "copy_rooms": "y", "copy_facilitators": "y",
    } | overrides  # fmt: skip
    return client.post(f"/beheer/edities/{demo.id}/dupliceren", data=data)


def test_the_copy_is_a_draft_with_everything_but_the_people(client, demo):
    registrations_before = _count(Registration)
    mails_before = _count(OutgoingMail)
    response = _duplicate(client, demo)
    assert response.status_code == 302
    copy = db.session.scalar(select(Edition).where(Edition.slug == "samen-sterk"))
    assert copy.state == State.DRAFT and copy.name == "Alliantiedagen 2027" and copy.year == 2027
    assert copy.preview_token and copy.preview_token != demo.preview_token
    pairs = [(ProgrammeItem, ProgrammeItem.edition_id), (Speaker, Speaker.edition_id),
             (Workgroup, Workgroup.edition_id), (OrganisationKind, OrganisationKind.edition_id),
             (LocationDay, LocationDay.edition_id)]  # fmt: skip
    for model, column in pairs:
        assert _count(model, column == copy.id) == _count(model, column == demo.id) > 0, model
    old_days = {day.slug: day for day in demo.location_days}
    for day in copy.location_days:
        old = old_days[day.slug]
        assert day.state == State.DRAFT and day.id != old.id
        assert day.date == old.date + timedelta(days=364)
        assert day.registration_closes_at == old.registration_closes_at + timedelta(days=364)
        assert (day.venue, day.capacity, day.address) == (old.venue, old.capacity, old.address)
        assert len(day.workgroup_offers) == len(old.workgroup_offers)
        assert {o.workgroup.edition_id for o in day.workgroup_offers} == {copy.id}
        assert len(day.contributions) == len(old.contributions)
        assert {c.speaker.edition_id for c in day.contributions} <= {copy.id}
        assert {c.programme_item.edition_id for c in day.contributions} <= {copy.id}
    form = db.session.scalar(select(EvaluationForm).where(EvaluationForm.edition_id == copy.id))
    old_form = db.session.scalar(select(EvaluationForm).where(EvaluationForm.edition_id == demo.id))
    assert form.id != old_form.id and len(form.questions) == len(old_form.questions) > 0
    # Nothing of participants: no registrations, answers or mails for the copy.
    copy_days = [day.id for day in copy.location_days]
    assert _count(Registration, Registration.location_day_id.in_(copy_days)) == 0
    assert _count(EvaluationResponse, EvaluationResponse.location_day_id.in_(copy_days)) == 0
    assert _count(Registration) == registrations_before and _count(OutgoingMail) == mails_before
    # The original is untouched and the copy has fresh ids everywhere.
    old_ids = {offer.id for day in demo.location_days for offer in day.workgroup_offers}
    new_ids = {offer.id for day in copy.location_days for offer in day.workgroup_offers}
    assert not old_ids & new_ids
    assert not {c.id for d in demo.location_days for c in d.contributions} & {
        c.id for d in copy.location_days for c in d.contributions
    }
    # The public does not see the copy.
    client.post("/beheer/uitloggen")
    assert client.get("/samen-sterk/").status_code == 404


def test_rooms_facilitators_and_speakers_are_options(client, demo):
    _duplicate(client, demo, copy_speakers="", copy_rooms="", copy_facilitators="")
    copy = db.session.scalar(select(Edition).where(Edition.slug == "samen-sterk"))
    offers = [offer for day in copy.location_days for offer in day.workgroup_offers]
    assert offers and all(offer.room == "" and offer.facilitator == "" for offer in offers)
    assert _count(Contribution, Contribution.location_day_id.in_([d.id for d in copy.location_days])) == 0
    assert _count(WorkgroupOffer) > len(offers)


def test_a_taken_slug_or_missing_offset_is_refused_keeping_what_was_typed(client, demo):
    page = _duplicate(client, demo, slug=demo.slug).get_data(as_text=True)
    assert "Deze korte naam is al in gebruik." in page and 'value="Alliantiedagen 2027"' in page
    page = _duplicate(client, demo, offset_days="").get_data(as_text=True)
    assert "Vul het aantal dagen in" in page
    page = _duplicate(client, demo, offset_days="99999999999999999999").get_data(as_text=True)
    assert "tien jaar" in page or "getal" in page
    assert _count(Edition) == 1


def test_setting_up_2027_by_duplication_takes_at_most_15_pages(client, demo):
    """Organiser walk: from the demo's edition page to a published Alliantiedagen 2027 day.
    Every distinct screen that is opened or posted to counts once."""
    screens: set[str] = set()

    def visit(method: str, url: str, **kwargs):
        screens.add(f"{method} {url.split('?')[0]}")
        response = client.open(url, method=method, **kwargs)
        assert response.status_code in (200, 302), (method, url, response.status_code)
        return response

    visit("GET", "/beheer/")
    visit("GET", f"/beheer/edities/{demo.id}")
    visit("GET", f"/beheer/edities/{demo.id}/dupliceren")
    response = visit(
        "POST",
        f"/beheer/edities/{demo.id}/dupliceren",
        data={
            "name": "Alliantiedagen 2027",
            "slug": "samen-sterk-2027",
            "theme": "Samen sterk",
            "year": "2027",
            "offset_days": "364",
            "copy_speakers": "y",
            "copy_rooms": "y",
            "copy_facilitators": "y",
        },  # fmt: skip
    )
    edition_page = response.headers["Location"]
    visit("GET", edition_page)
    copy = db.session.scalar(select(Edition).where(Edition.slug == "samen-sterk-2027"))
    zutphen = next(day for day in copy.location_days if day.city == "Zutphen")
    visit("GET", f"/beheer/locaties/{zutphen.id}")
    visit("POST", f"/beheer/locaties/{zutphen.id}/publiceren")
    visit("POST", f"/beheer/edities/{copy.id}/publiceren")
    visit("GET", edition_page)
    db.session.expire_all()
    assert copy.state == State.PUBLISHED and zutphen.state == State.PUBLISHED
    assert len(screens) <= 15, sorted(screens)
    anonymous = client.application.test_client()
    assert "Zutphen" in anonymous.get("/samen-sterk-2027/").get_data(as_text=True)
    assert anonymous.get("/samen-sterk-2027/zutphen/aanmelden").status_code == 200
