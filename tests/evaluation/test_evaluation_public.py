"""The participant's evaluation page behind the personal link: no JavaScript, errors
beside the question, nothing typed is lost, save and continue later, one response."""

import re

from evaluation_helpers import question, required_answers
from sqlalchemy import select

from app.evaluation import services
from app.evaluation.models import EvaluationResponse, QuestionKind, QuestionScope
from app.extensions import db
from app.registration import links


def url(person, suffix=""):
    return f"/aanmelding/{links.token_for(person)}/evaluatie{suffix}"


def test_the_personal_page_links_to_the_open_evaluation(client, world):
    person = world.people[("Rotterdam", 1)]
    page = client.get(f"/aanmelding/{links.token_for(person)}").get_data(as_text=True)
    assert url(person) in page
    world.form.published = False
    db.session.commit()
    page = client.get(f"/aanmelding/{links.token_for(person)}").get_data(as_text=True)
    assert "/evaluatie" not in page


def test_the_form_shows_this_locations_speakers_and_my_workgroup(client, world):
    response = client.get(url(world.people[("Rotterdam", 3)]))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "no-referrer" and response.headers["Cache-Control"] == "no-store"
    assert "Hans Bosselaar (VU): Bouwplaats" in page and "Anja Rotterdam (ROSA)" in page
    assert "Piet Zutphen" not in page
    assert "Maatjes naar werk" in page and "Participatiewet" not in page
    # Grouped under headings: the talks, the speakers, your workgroup, then the day as a whole.
    assert (
        page.index("Inleiding")
        < page.index("De sprekers")
        < page.index("Uw werkgroep")
        < page.index("Over de hele dag")
        < page.index("Wat kan beter?")
    )
    # Ratings in words (with smileys), radio buttons grouped in a fieldset with a legend.
    assert "Heel goed" in page and "😀" in page
    assert "<fieldset" in page and "<legend>" in page and 'type="radio"' in page
    assert "<script" not in page


def test_a_wrong_answer_is_shown_beside_the_field_and_keeps_the_rest(client, world):
    person = world.people[("Rotterdam", 1)]
    text = question(world.form, QuestionScope.GENERAL, QuestionKind.TEXT)
    multiple = question(world.form, QuestionScope.GENERAL, QuestionKind.MULTIPLE)
    mark = question(world.form, QuestionScope.GENERAL, QuestionKind.MARK)
    response = client.post(
        url(person),
        data={
            "action": "versturen",
            f"q{text.id}": "De koffie was heerlijk",
            f"q{multiple.id}": ["Nieuwe contacten", "Moed en energie"],
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Controleer het formulier" in page
    # The mark was required and missing: its message sits in its own fieldset, linked by aria-describedby.
    block = page[page.index(f'id="q{mark.id}"') :]
    block = block[: block.index("</fieldset>")]
    assert "Kies een antwoord" in block and f'aria-describedby="q{mark.id}-error"' in block
    # What was typed and ticked is still there.
    assert "De koffie was heerlijk" in page
    assert re.search(r'checked[^>]*value="Nieuwe contacten"|value="Nieuwe contacten"[^>]*checked', page)
    assert db.session.scalar(select(EvaluationResponse)) is None


def test_save_and_continue_later_then_send(client, world):
    person = world.people[("Rotterdam", 1)]
    text = question(world.form, QuestionScope.GENERAL, QuestionKind.TEXT)
    response = client.post(url(person), data={"action": "opslaan", f"q{text.id}": "Half af"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/evaluatie")
    page = client.get(url(person)).get_data(as_text=True)
    assert "Half af" in page and "eerder antwoorden bewaard" in page
    data = required_answers(world.form, world.rotterdam, person) | {"action": "versturen", f"q{text.id}": "Klaar"}
    response = client.post(url(person), data=data)
    assert response.status_code == 302 and response.headers["Location"].endswith("/evaluatie/bedankt")
    assert "Dank u wel" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert services.has_answered(world.form, person)
    # Not anonymous: the answers can still be changed, in the same single response.
    page = client.get(url(person)).get_data(as_text=True)
    assert "al verstuurd" in page and "Klaar" in page
    client.post(url(person), data=data | {f"q{text.id}": "Toch anders"})
    responses = db.session.scalars(select(EvaluationResponse)).all()
    assert len(responses) == 1
    assert "Toch anders" in {a.text for a in responses[0].answers}


def test_anonymous_form_is_sent_once(client, world):
    world.form.anonymous = True
    db.session.commit()
    person = world.people[("Rotterdam", 2)]
    page = client.get(url(person)).get_data(as_text=True)
    assert "Dit formulier is anoniem" in page
    data = required_answers(world.form, world.rotterdam, person) | {"action": "versturen"}
    assert client.post(url(person), data=data).status_code == 302
    page = client.get(url(person)).get_data(as_text=True)
    assert "al ingevuld" in page and "<form" not in page.split("<main")[1]
    again = client.post(url(person), data=data)
    assert again.status_code == 200 and "al ingevuld" in again.get_data(as_text=True)
    assert len(db.session.scalars(select(EvaluationResponse)).all()) == 1


def test_closed_and_not_yet_open_forms_say_so(client, world, make_location):
    person = world.people[("Rotterdam", 1)]
    world.form.days_open = 1
    db.session.commit()
    page = client.get(url(person)).get_data(as_text=True)
    assert "gesloten" in page
    assert client.post(url(person), data={"action": "versturen"}).status_code == 200
    assert db.session.scalar(select(EvaluationResponse)) is None


def test_an_unknown_token_is_not_found(client, world):
    assert client.get("/aanmelding/nonsense/evaluatie").status_code == 404
