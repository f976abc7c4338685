"""The public registration form and the personal link, over HTTP."""

import json
import re
from datetime import timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.mail import OutgoingMail
from app.registration import links, services
from app.registration.models import Registration, Status
from app.timeutil import utcnow


def url(day, suffix="aanmelden"):
    return f"/{day.edition.slug}/{day.slug}/{suffix}"


def form_data(day, **values):
    data = {
        "name": "Anna de Vries",
        "email": "anna@example.org",
        "organisation": "Cliëntenraad Delft",
        "organisation_kind_id": str(services.organisation_kinds(day.edition)[0].id),
        "municipality": "Delft",
        "needs": "Vegetarisch",
        "pref_1_1": str(day.groups[0].id),
        "pref_1_2": str(day.groups[1].id),
        "pref_1_3": "None",
        "pref_2_1": str(day.groups[1].id),
        "consent": "y",
    }
    return data | values


def count():
    return db.session.scalar(select(func.count()).select_from(Registration))


def link_in(message) -> str:
    return re.search(r"http://\S+/aanmelding/(\S+)", message.get_body(("plain",)).get_content()).group(1)


def test_location_page_invites_to_register(client, day):
    page = client.get(f"/{day.edition.slug}/{day.slug}/").get_data(as_text=True)
    assert url(day) in page


def test_form_shows_fields_kinds_and_only_offered_workgroups(client, day, make_workgroup):
    make_workgroup(day.edition, "Niet hier")
    page = client.get(url(day)).get_data(as_text=True)
    for text in (
        "Uw naam",
        "Uw e-mailadres",
        "Cliëntenraad",
        "Eerste keus",
        "Tweede keus",
        "Derde keus",
        "ronde 2",
        "Participatiewet",
        "privacyverklaring",
    ):
        assert text in page, text
    assert "Niet hier" not in page
    assert 'for="name"' in page  # labels tied to fields


def test_registering_sends_a_confirmation_with_the_personal_link(client, day, outbox):
    response = client.post(url(day), data=form_data(day))
    assert response.status_code == 302 and response.headers["Location"].endswith("/aanmelden/verstuurd")
    assert "Kijk in uw e-mail" in client.get(response.headers["Location"]).get_data(as_text=True)
    [message] = outbox.to("anna@example.org")
    assert "bevestigd" in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    assert "Rotterdam" in body and "Participatiewet" in body and "Zaal Rotterdam" in body
    page = client.get(f"/aanmelding/{link_in(message)}")
    assert page.status_code == 200
    assert "Er is een plaats voor u" in page.get_data(as_text=True)
    assert page.headers["Referrer-Policy"] == "no-referrer"


def test_errors_are_shown_beside_the_fields_with_values_kept(client, day):
    data = form_data(day, email="geen-adres", consent="", pref_1_2=str(day.groups[0].id))
    page = client.post(url(day), data=data).get_data(as_text=True)
    assert count() == 0
    assert 'id="email-error"' in page and "klopt niet" in page
    assert 'id="consent-error"' in page
    assert 'value="geen-adres"' in page and 'value="Anna de Vries"' in page
    assert "Vegetarisch" in page
    # The repeated workgroup is reported in the same round of corrections, not after.
    assert 'id="pref_1_2-error">U koos deze werkgroep al.' in page


def test_choosing_a_workgroup_twice_is_shown_at_the_second_choice(client, day):
    page = client.post(url(day), data=form_data(day, pref_1_2=str(day.groups[0].id))).get_data(as_text=True)
    assert count() == 0
    assert 'id="pref_1_2-error"' in page and "al" in page


def test_full_day_puts_you_on_the_waiting_list_with_your_position(client, day, register, outbox):
    for _ in range(3):
        register()
    page = client.get(url(day)).get_data(as_text=True)
    assert "Deze dag is vol" in page
    client.post(url(day), data=form_data(day))
    [message] = outbox.to("anna@example.org")
    assert "wachtlijst" in message["Subject"] and "plaats 1" in message.get_body(("plain",)).get_content()
    personal = client.get(f"/aanmelding/{link_in(message)}").get_data(as_text=True)
    assert "op de wachtlijst, op plaats 1" in personal


def test_registering_twice_looks_the_same_and_resends_the_link(client, day, outbox):
    first = client.post(url(day), data=form_data(day))
    second = client.post(url(day), data=form_data(day, email="ANNA@example.org", name="Iemand anders"))
    assert first.headers["Location"] == second.headers["Location"]
    assert count() == 1
    messages = outbox.to("anna@example.org")
    assert len(messages) == 2 and "persoonlijke link" in messages[1]["Subject"].lower()
    assert link_in(messages[0]) == link_in(messages[1])  # the same link: earlier mails keep working


def test_before_and_after_the_window_there_is_no_form(client, day):
    now = utcnow()
    day.registration_opens_at, day.registration_closes_at = now + timedelta(days=1), now + timedelta(days=2)
    db.session.commit()
    page = client.get(url(day)).get_data(as_text=True)
    assert "Aanmelden kan nog niet" in page and 'name="email"' not in page
    client.post(url(day), data=form_data(day))
    assert count() == 0
    day.registration_opens_at, day.registration_closes_at = now - timedelta(days=2), now - timedelta(days=1)
    db.session.commit()
    page = client.get(url(day)).get_data(as_text=True)
    assert "Aanmelden is gesloten" in page and 'name="email"' not in page


def test_honeypot_stores_nothing_but_looks_fine(client, day, outbox):
    response = client.post(url(day), data=form_data(day, website="http://spam.example"))
    assert response.status_code == 302
    assert count() == 0 and outbox.messages() == []


def test_rate_limit_on_the_registration_post(app, client, day):
    from app.registration.ratelimit import limiter

    limiter.reset()
    app.config["REGISTRATION_RATE_LIMIT"] = "3 per minute"
    try:
        codes = [client.post(url(day), data=form_data(day, email=f"r{i}@example.org")).status_code for i in range(5)]
        assert codes[:3] == [302, 302, 302] and codes[3:] == [429, 429]
        assert client.get(url(day)).status_code == 200  # reading the form is not limited
        assert "te vaak" in client.post(url(day), data=form_data(day)).get_data(as_text=True)
    finally:
        limiter.reset()
        app.config["REGISTRATION_RATE_LIMIT"] = "1000 per second"


def test_personal_link_change_details(client, day, register):
    person = register(email="p@example.org")
    token = links.token_for(person)
    page = client.get(f"/aanmelding/{token}/wijzigen").get_data(as_text=True)
    assert 'value="p@example.org"' in page
    data = form_data(day, email="p@example.org", name="Petra", pref_1_1=str(day.groups[2].id), pref_1_2="None")
    response = client.post(f"/aanmelding/{token}/wijzigen", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    assert person.name == "Petra" and person.preferences[0].workgroup_id == day.groups[2].id


def test_personal_link_cannot_change_after_closing(client, day, register):
    person = register()
    token = links.token_for(person)
    day.registration_closes_at = utcnow() - timedelta(minutes=1)
    day.registration_opens_at = utcnow() - timedelta(days=1)
    db.session.commit()
    response = client.post(f"/aanmelding/{token}/wijzigen", data=form_data(day, name="Te laat"))
    assert response.status_code == 302
    db.session.expire_all()
    assert person.name != "Te laat"
    assert "wijzigen" not in client.get(f"/aanmelding/{token}").get_data(as_text=True).split("Wat wilt u doen?")[1]


def test_cancel_asks_first_then_promotes_the_next(client, day, register, outbox):
    people = [register() for _ in range(4)]
    token = links.token_for(people[0])
    confirm = client.get(f"/aanmelding/{token}/afmelden").get_data(as_text=True)
    assert "Wilt u zich afmelden?" in confirm
    assert people[0].status == Status.CONFIRMED
    outbox.clear()
    client.post(f"/aanmelding/{token}/afmelden")
    db.session.expire_all()
    assert people[0].status == Status.CANCELLED and people[3].status == Status.CONFIRMED
    assert {m["To"] for m in outbox.messages()} == {people[0].email, people[3].email}


def test_download_own_data_as_json(client, day, register):
    person = register(needs="Rolstoel")
    response = client.get(f"/aanmelding/{links.token_for(person)}/gegevens.json")
    assert response.mimetype == "application/json" and "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["registration"]["needs"] == "Rolstoel" and data["location_day"]["city"] == "Rotterdam"


def test_erase_removes_everything_and_the_link_stops_working(client, day, register):
    person = register()
    token = links.token_for(person)
    assert "verwijderen" in client.get(f"/aanmelding/{token}/verwijderen").get_data(as_text=True)
    client.post(f"/aanmelding/{token}/verwijderen")
    assert count() == 0
    assert client.get(f"/aanmelding/{token}").status_code == 404


def test_a_wrong_token_is_not_found(client, day):
    assert client.get("/aanmelding/abc.def").status_code == 404


def test_english_participant_gets_english_mail(client, day, outbox):
    client.get("/taal/en")
    client.post(url(day), data=form_data(day))
    [message] = outbox.messages()
    assert (
        message["Subject"].startswith("Your registration")
        and "personal link" in message.get_body(("plain",)).get_content()
    )


def test_a_registration_post_sends_at_most_eight_statements_and_renders_no_mail(client, day, count_queries, outbox):
    """Confirmed, waiting, and back after a cancellation: the post stores the registration,
    its choices and an outbox row, nothing more (the mail is rendered by the worker)."""
    client.get(url(day))  # the session cookie; the form itself is not what we measure
    for number in range(5):  # 3 seats: three confirmations, then the waiting list
        data, path = form_data(day, email=f"p{number}@example.org"), url(day)
        db.session.expire_all()  # nothing the test loaded helps the request
        with count_queries() as statements:
            response = client.post(path, data=data)
        assert response.status_code == 302
        assert len(statements) <= 8, "\n".join(statements)
        assert not outbox.path.exists()  # nothing rendered or written in the request
    assert [s.value for s in db.session.scalars(select(Registration.status).order_by(Registration.id))] == [
        "confirmed",
        "confirmed",
        "confirmed",
        "waiting",
        "waiting",
    ]
    mails = db.session.execute(select(OutgoingMail.kind, OutgoingMail.params).order_by(OutgoingMail.id)).all()
    assert [kind for kind, _ in mails] == ["registration_confirmed"] * 3 + ["registration_waiting"] * 2
    assert [params.get("position") for _, params in mails[3:]] == [1, 2]


def test_english_personal_page_tells_the_venue_from_the_place_of_residence(client, day, register):
    """'Plaats' (the venue) and 'Woonplaats' (the participant's) are two things in English too."""
    person = register(email="p@example.org", municipality="Zwolle")
    client.get("/taal/en")
    page = client.get(f"/aanmelding/{links.token_for(person)}").get_data(as_text=True)
    assert "<dt>Venue</dt>" in page and "<dt>Place of residence</dt>" in page


def test_the_organisation_kind_is_optional_and_only_one_from_the_list(client, day):
    """The kinds are read only when one was chosen (or the page is shown): no kind is
    fine, a kind that is not in the edition's list is refused beside the field."""
    response = client.post(url(day), data=form_data(day, organisation_kind_id="999999"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and count() == 0
    assert 'id="organisation_kind_id-error"' in page and "Ongeldige keuze." in page
    assert "Cliëntenraad" in page  # the list is on the page again, to choose from

    assert client.post(url(day), data=form_data(day, organisation_kind_id="None")).status_code == 302
    assert db.session.scalar(select(Registration.organisation_kind_id)) is None


def test_the_form_library_messages_follow_the_page_language(client, day):
    """WTForms' own messages are kept per process and language: Dutch, then English."""
    bad = form_data(day, organisation_kind_id="999999")
    assert "Ongeldige keuze." in client.post(url(day), data=bad).get_data(as_text=True)
    client.get("/taal/en")
    page = client.post(url(day), data=bad).get_data(as_text=True)
    assert "Not a valid choice." in page and "Ongeldige keuze." not in page
