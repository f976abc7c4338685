"""Item 6: hostile input gets a clear message beside the field and changes nothing;
never a 500. NUL bytes in URLs, control characters in single-line fields, huge integers,
a file posted into a text field, a body larger than the limit."""

import io

import pytest
from security_helpers import snapshot

from app.extensions import db
from app.registration.models import Registration

SERVER_ERROR = "Er ging iets mis"


@pytest.mark.parametrize(
    "path",
    [
        "/groeien-in-kracht%00/",
        "/%00/",
        "/groeien-in-kracht/rotterdam%00/",
        "/groeien-in-kracht/rotterdam%00/aanmelden",
        "/groeien-in-kracht%00/agenda.ics",
        "/groeien-in-kracht/rotterdam%00/agenda.ics",
        "/aanmelding/%00",
        "/aanmelding/abc%00def/wijzigen",
        "/aanmelding/%00/evaluatie",
        "/taal/%00",
        "/groeien-in-kracht/%0D%0A/",
    ],
)
def test_a_nul_byte_in_the_url_is_not_found(client, world, path):
    response = client.get(path)
    assert response.status_code == 404, (path, response.status_code)
    assert "Pagina niet gevonden" in response.get_data(as_text=True)


def test_a_nul_byte_in_an_organiser_url_is_not_found(client, auth, world):
    auth.login("organiser@example.org")
    assert client.get("/beheer/evaluatieantwoorden/%00abc/bewerken").status_code == 404


def test_a_nul_byte_in_the_login_email_gets_a_message(client, world):
    response = client.post("/beheer/inloggen", data={"email": "organiser\x00@example.org", "password": "x"})
    assert response.status_code == 200
    assert 'id="email-error"' in response.get_data(as_text=True)


@pytest.mark.parametrize("value", ["/%0D%0ASet-Cookie:%20x=1", "/%0Aevil", "/x%00y"])
def test_line_breaks_in_the_language_next_do_not_break_the_redirect(client, value):
    response = client.get(f"/taal/en?next={value}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "x=1" not in response.headers.get("Set-Cookie", "")


def _registration_form(**values):
    return {"name": "Anna de Vries", "email": "anna@example.org", "consent": "y", "pref_1_1": "", **values}


@pytest.mark.parametrize("field", ["name", "email", "organisation", "municipality", "needs"])
def test_a_file_posted_into_a_text_field_of_the_registration_form(client, world, field):
    data = _registration_form(pref_1_1=str(world.workgroup.id))
    data[field] = (io.BytesIO(b"%PDF-1.4 not a name"), "cv.pdf")
    before = snapshot()
    response = client.post("/groeien-in-kracht/rotterdam/aanmelden", data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    assert "Hier kunt u geen bestand sturen" in page
    assert snapshot() == before


def test_a_file_posted_into_the_change_form(client, world):
    from app.registration.links import token_for

    registration = world.registrations["Rotterdam"]
    before = snapshot()
    response = client.post(
        f"/aanmelding/{token_for(registration)}/wijzigen",
        data={"name": (io.BytesIO(b"x"), "x.txt"), "email": registration.email, "pref_1_1": str(world.workgroup.id)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert 'id="name-error"' in response.get_data(as_text=True)
    assert snapshot() == before


@pytest.mark.parametrize("value", ["Anna\r\nBcc: iedereen@example.org", "Anna\x00", "Anna\u2028de Vries", "An\tna"])
def test_single_line_fields_of_the_registration_form_refuse_control_characters(client, world, value):
    before = snapshot()
    response = client.post(
        "/groeien-in-kracht/rotterdam/aanmelden", data=_registration_form(name=value, pref_1_1=str(world.workgroup.id))
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="name-error"' in page
    assert "regeleinden" in page
    assert snapshot() == before


def test_the_needs_field_keeps_its_line_breaks(client, world, outbox):
    response = client.post(
        "/groeien-in-kracht/rotterdam/aanmelden",
        data=_registration_form(needs="Rolstoel\r\nGeen gluten", pref_1_1=str(world.workgroup.id)),
    )
    assert response.status_code == 302
    stored = db.session.query(Registration).filter_by(email_normalised="anna@example.org").one()
    assert stored.needs.splitlines() == ["Rolstoel", "Geen gluten"]


def test_a_line_break_in_a_city_already_stored_does_not_break_registration(client, world, outbox):
    """Older data or the command line: the mail header is still built safely."""
    world.rotterdam.city = "Rotterdam\r\nBcc: iedereen@example.org"
    db.session.commit()
    response = client.post(
        "/groeien-in-kracht/rotterdam/aanmelden", data=_registration_form(pref_1_1=str(world.workgroup.id))
    )
    assert response.status_code == 302
    [message] = outbox.to("anna@example.org")
    assert "\n" not in message["Subject"] and "\r" not in message["Subject"]
    assert message["Bcc"] is None


# --- organiser forms: NUL bytes, line breaks and huge integers ----------------------------


def _organiser_forms(w):
    location = w.rotterdam
    item = w.item
    return {
        "edition": (
            f"/beheer/edities/{w.edition.id}/bewerken",
            {"name": "Alliantiedagen", "slug": w.edition.slug, "theme": "Groeien", "year": "2013"},
        ),
        "location": (
            f"/beheer/locaties/{location.id}/bewerken",
            {
                "city": "Rotterdam",
                "slug": location.slug,
                "venue": "Pauluskerk",
                "address": "Straat 1",
                "date": location.date.isoformat(),
                "doors_open": "09:30",
                "capacity": "100",
                "registration_opens_at": "2020-01-01T10:00",
                "registration_closes_at": f"{location.date.isoformat()}T08:00",  # on the day at the latest
            },
        ),  # fmt: skip
        "workgroup": (
            f"/beheer/werkgroepen/{w.workgroup.id}/bewerken",
            {"title": "Participatiewet", "default_capacity": "20", "min_size": "5"},
        ),
        "offer": (
            f"/beheer/aanbod/{w.offers['Rotterdam'].id}/bewerken",
            {"workgroup_id": str(w.workgroup.id), "round": "1", "capacity": "20", "room": "Zaal", "facilitator": "Els"},
        ),
        "speaker": (f"/beheer/sprekers/{w.speaker.id}/bewerken", {"name": "Hans Bosselaar", "organisation": "VU"}),
        "item": (
            f"/beheer/programma/{item.id}/bewerken",
            {"kind": "introduction", "title": "Inleiding", "start_time": "10:15", "end_time": "11:00"},
        ),
        "capacity": (f"/beheer/locaties/{location.id}/aanmeldingen", {"capacity": "100"}),
        "kind": (f"/beheer/edities/{w.edition.id}/organisatiesoorten", {"name": "Buurthuis"}),
        "walk_in": (f"/beheer/locaties/{location.id}/inchecken", {"name": "Binnenloper", "organisation": "ROSA"}),
        "manual": (f"/beheer/locaties/{location.id}/aanmeldingen/nieuw", {"name": "Per telefoon"}),
        "evaluation": (
            f"/beheer/edities/{w.edition.id}/evaluatie",
            {"intro": "Welkom", "days_open": "14", "anonymous": "y"},
        ),
        "question": (
            f"/beheer/evaluatievragen/{w.question.id}/bewerken",
            {
                "text": "Wat vond u ervan?",
                "kind": str(w.question.kind),
                "scope": str(w.question.scope),
                "options": "\n".join(w.question.option_list),
                **({"required": "y"} if w.question.required else {}),
            },
        ),
    }


TEXT_CASES = [
    ("edition", "name"), ("edition", "theme"), ("location", "city"), ("location", "venue"), ("location", "address"),
    ("workgroup", "title"), ("offer", "room"), ("offer", "facilitator"), ("speaker", "name"),
    ("speaker", "organisation"), ("item", "title"), ("kind", "name"), ("walk_in", "name"),
    ("walk_in", "organisation"), ("manual", "name"), ("question", "text"),
]  # fmt: skip
INTEGER_CASES = [
    ("edition", "year"), ("location", "capacity"), ("workgroup", "default_capacity"), ("workgroup", "min_size"),
    ("offer", "capacity"), ("offer", "round"), ("capacity", "capacity"), ("evaluation", "days_open"),
]  # fmt: skip


@pytest.mark.parametrize("form_name,field", TEXT_CASES)
@pytest.mark.parametrize("value", ["Rotter\x00dam", "Rotter\r\ndam"])
def test_organiser_single_line_fields_refuse_control_characters(client, auth, world, form_name, field, value):
    url, data = _organiser_forms(world)[form_name]
    auth.login("organiser@example.org")
    before = snapshot()
    response = client.post(url, data={**data, field: value})
    page = response.get_data(as_text=True)
    assert response.status_code == 200, (form_name, field, response.status_code)
    assert f'id="{field}-error"' in page, (form_name, field)
    assert snapshot() == before


@pytest.mark.parametrize("form_name,field", INTEGER_CASES)
@pytest.mark.parametrize("value", ["9" * 30, "2147483648", "-99999999999"])
def test_organiser_integer_fields_have_bounds(client, auth, world, form_name, field, value):
    url, data = _organiser_forms(world)[form_name]
    auth.login("organiser@example.org")
    before = snapshot()
    response = client.post(url, data={**data, field: value})
    assert response.status_code == 200, (form_name, field, response.status_code)
    assert f'id="{field}-error"' in response.get_data(as_text=True), (form_name, field)
    assert snapshot() == before


def test_a_huge_lottery_number_is_refused(client, auth, world):
    auth.login("organiser@example.org")
    response = client.post(f"/beheer/locaties/{world.rotterdam.id}/indeling/uitvoeren", data={"seed": "9" * 40})
    assert response.status_code == 400
    assert 'id="seed-error"' in response.get_data(as_text=True)


def test_the_organisers_forms_still_save_good_values(client, auth, world):
    auth.login("organiser@example.org")
    for url, data in _organiser_forms(world).values():
        response = client.post(url, data=data)
        assert response.status_code == 302, (url, response.get_data(as_text=True)[:3000])


def test_a_body_larger_than_the_limit_gets_a_friendly_413(app, client, world):
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert limit and limit <= 2 * 1024 * 1024
    before = snapshot()
    response = client.post(
        "/groeien-in-kracht/rotterdam/aanmelden",
        data=_registration_form(needs="x" * (limit + 10)),
    )
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "te groot" in page and SERVER_ERROR not in page
    assert snapshot() == before
