"""Photo consent: asked (optionally, in plain Dutch) on the registration form, changeable
through the personal link at any time, and marked on name badges and sign-in sheets."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from app.extensions import db
from app.registration import links, services
from app.registration.models import PhotoConsentWithdrawal, Registration
from app.reports import services as reports
from app.reports.render import render_job
from tests.registration.test_registration_public import form_data, url


def _withdrawals() -> int:
    return db.session.scalar(select(func.count()).select_from(PhotoConsentWithdrawal))


def test_the_form_asks_in_plain_dutch_and_it_is_optional(client, day):
    page = client.get(url(day)).get_data(as_text=True)
    assert "van u maken voor de website?" in page
    assert "Ja, dat mag" in page and "Nee, liever niet" in page
    assert re.search(r"<legend>Mogen wij foto", page)  # a fieldset with a legend, for screen readers
    assert client.post(url(day), data=form_data(day)).status_code == 302
    assert db.session.scalar(select(Registration)).photo_consent is None


@pytest.mark.parametrize(("answer", "stored"), [("yes", True), ("no", False)])
def test_the_answer_is_stored(client, day, answer, stored):
    client.post(url(day), data=form_data(day, photo_consent=answer))
    registration = db.session.scalar(select(Registration))
    assert registration.photo_consent is stored and registration.photo_consent_at is not None


def test_a_made_up_answer_is_refused_and_nothing_stored(client, day):
    response = client.post(url(day), data=form_data(day, photo_consent="misschien"))
    assert response.status_code == 200 and "error-summary" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0


def test_withdrawing_through_the_personal_link_also_after_the_day(client, day, register):
    registration = register(photo_consent=True)
    token = links.token_for(registration)
    day.date = date.today() - timedelta(days=3)
    day.registration_closes_at = day.registration_opens_at + timedelta(hours=1)  # long closed
    db.session.commit()
    personal = client.get(f"/aanmelding/{token}").get_data(as_text=True)
    assert "U mag op foto's voor de website." in personal and f"/aanmelding/{token}/fotos" in personal
    response = client.post(f"/aanmelding/{token}/fotos", data={"photo_consent": "no"}, follow_redirects=True)
    assert "U heeft uw toestemming ingetrokken." in response.get_data(as_text=True)
    db.session.refresh(registration)
    assert registration.photo_consent is False and _withdrawals() == 1
    client.post(f"/aanmelding/{token}/fotos", data={"photo_consent": "yes"})
    db.session.refresh(registration)
    assert registration.photo_consent is True and _withdrawals() == 1  # giving it again withdraws nothing
    assert client.get(f"/aanmelding/{token}/fotos").headers["Referrer-Policy"] == "no-referrer"


def test_a_bad_link_shows_nothing(client, day):
    assert client.get("/aanmelding/nep-token/fotos").status_code == 404


def test_the_download_of_ones_data_includes_the_answer(client, day, register):
    registration = register(photo_consent=False)
    data = client.get(f"/aanmelding/{links.token_for(registration)}/gegevens.json").get_json()
    assert data["registration"]["photo_consent"] is False


def test_erasing_a_registration_that_said_yes_counts_as_withdrawal(day, register):
    services.erase_registration(register(photo_consent=True))
    services.erase_registration(register(photo_consent=False))
    db.session.commit()
    assert _withdrawals() == 1


def _text(job) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(render_job(job))).pages)


def test_badges_and_sign_in_sheets_mark_who_does_not_want_photos(day, register):
    register(name="Anna Ja", photo_consent=True)
    register(name="Bert Nee", photo_consent=False)
    register(name="Cor Open")  # not answered: no consent
    badges = _text(reports.badges_job(day))
    assert badges.count("geen foto's") == 2
    sheet = _text(reports.day_sheet_job(day))
    assert sheet.count("⊘ geen foto") == 3  # the two marks and the legend
    assert "deze persoon wil niet op foto's voor de website" in sheet
