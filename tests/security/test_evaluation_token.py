"""Item 9: the evaluation invitation carries a token that can only answer the evaluation;
it opens neither the personal page nor change, cancel, erase, data or calendar."""

import re
from datetime import date, timedelta

import pytest

from app.evaluation import services as evaluation
from app.extensions import db
from app.registration.links import token_for
from app.registration.models import Status
from app.registration.services import check_in


@pytest.fixture()
def invited(world, outbox):
    """Rotterdam's day was yesterday; the participant came and got the invitation."""
    world.rotterdam.date = date.today() - timedelta(days=1)
    registration = world.registrations["Rotterdam"]
    check_in(registration)
    form = evaluation.form_for(world.edition)
    form.published = True
    form.anonymous = False
    db.session.commit()
    outbox.clear()  # the registration confirmations
    evaluation.invite(world.rotterdam)
    db.session.commit()
    [mail] = outbox.to(registration.email)
    return registration, mail.get_body(("plain",)).get_content()


def _evaluation_link(body: str) -> str:
    return re.search(r"https?://\S+", body).group(0).split("5000", 1)[-1]


def test_the_invitation_carries_only_the_evaluation_link(invited):
    registration, body = invited
    assert token_for(registration) not in body
    assert "/aanmelding/" not in body
    assert re.search(r"/evaluatie/\S+", body)


def test_the_evaluation_link_answers_the_evaluation(client, invited):
    registration, body = invited
    link = _evaluation_link(body)
    page = client.get(link)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Wat vond u van de Alliantiedag in Rotterdam?" in text
    assert token_for(registration) not in text  # no way from here to the personal page
    assert "/aanmelding/" not in text


@pytest.mark.parametrize(
    "method,suffix",
    [("GET", ""), ("GET", "/wijzigen"), ("POST", "/wijzigen"), ("POST", "/afmelden"), ("POST", "/verwijderen"),
     ("GET", "/gegevens.json"), ("GET", "/agenda.ics"), ("GET", "/evaluatie")],
)  # fmt: skip
def test_the_evaluation_token_opens_nothing_else(client, invited, method, suffix):
    registration, body = invited
    evaluation_token = _evaluation_link(body).split("?")[0].rstrip("/").rsplit("/", 1)[-1]  # without ?lang=
    response = client.open(f"/aanmelding/{evaluation_token}{suffix}", method=method, data={"name": "Gekaapt"})
    assert response.status_code == 404
    db.session.expire_all()
    assert registration.status == Status.CONFIRMED and registration.name == "Deelnemer Rotterdam"


def test_the_personal_link_still_reaches_the_evaluation(client, invited):
    registration, _ = invited
    personal = client.get(f"/aanmelding/{token_for(registration)}").get_data(as_text=True)
    assert "evaluatie" in personal
    assert client.get(f"/aanmelding/{token_for(registration)}/evaluatie").status_code == 200


def test_a_personal_token_is_not_an_evaluation_token(client, invited):
    registration, _ = invited
    assert client.get(f"/evaluatie/{token_for(registration)}").status_code == 404
