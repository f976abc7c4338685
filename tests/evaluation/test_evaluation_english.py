"""Questions in English where the organiser entered them: on the English form and in the
English reports; otherwise the Dutch question, marked lang="nl" (WCAG 3.1.2)."""

import io

import pytest
from evaluation_helpers import question, required_answers
from pypdf import PdfReader

from app.accounts.models import Role
from app.evaluation import services
from app.evaluation.models import QuestionKind, QuestionScope
from app.extensions import db
from app.registration import links


@pytest.fixture()
def organiser(auth, make_user):
    make_user("organiser@example.org", Role.ORGANISER)
    auth.login("organiser@example.org")


def _day_question(world):
    return question(world.form, QuestionScope.GENERAL, QuestionKind.MARK)


def _pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_organiser_enters_an_english_question(client, organiser, world):
    day = _day_question(world)
    data = {
        "text": day.text,
        "help": day.help,
        "text_en": "  Which mark do you give this day?  ",
        "help_en": "",
        "kind": day.kind.value,
        "scope": day.scope.value,
        "options": day.options,
        "required": "y" if day.required else "",
    }
    assert client.post(f"/beheer/evaluatievragen/{day.id}/bewerken", data=data).status_code == 302
    db.session.expire_all()
    assert (day.text_en, day.help_en) == ("Which mark do you give this day?", None)


def test_the_english_form_asks_in_english_and_marks_what_is_only_dutch(client, world):
    day = _day_question(world)
    day.text_en = "Which mark do you give this day?"
    db.session.commit()
    person = world.people[("Rotterdam", 1)]
    client.get("/taal/en")
    page = client.get(f"/aanmelding/{links.token_for(person)}/evaluatie").get_data(as_text=True)
    assert "Which mark do you give this day?" in page and day.text not in page
    dutch_only = question(world.form, QuestionScope.GENERAL, QuestionKind.TEXT)
    assert f'<span lang="nl">{dutch_only.text}</span>' in page
    client.get("/taal/nl")
    page = client.get(f"/aanmelding/{links.token_for(person)}/evaluatie").get_data(as_text=True)
    assert day.text in page and "Which mark do you give" not in page and 'lang="nl"' not in page.split("<body", 1)[1]


def test_the_english_edition_report_has_the_english_questions(client, organiser, world, download):
    day = _day_question(world)
    day.text_en = "Which mark do you give this day?"
    db.session.commit()
    for number in (1, 2):
        person = world.people[("Rotterdam", number)]
        services.save_online(person, required_answers(world.form, world.rotterdam, person), submit=True)
    db.session.commit()
    client.get("/taal/en")
    english = _pdf_text(download(f"/beheer/edities/{world.edition.id}/rapport.pdf").data)
    assert "Which mark do you give this day?" in english and day.text not in english
    client.get("/taal/nl")
    dutch = _pdf_text(download(f"/beheer/edities/{world.edition.id}/rapport.pdf").data)
    assert day.text in dutch and "Which mark do you give" not in dutch
