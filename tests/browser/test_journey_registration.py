"""Participants' journeys through the real server: registering on a phone (mistakes first,
then by keyboard only), the personal link from the mail, changing, the calendar,
cancelling; the waiting list; the coordinator at the door; the form without JavaScript.

Every journey uses its own people (names and addresses), so they do not depend on each
other or on their order. The public form is rate-limited per address (10 posts a minute,
REGISTRATION_RATE_LIMIT): organisers' additions by hand are not, so set-up goes that way.
"""

from __future__ import annotations

import re

import pytest
from demo_site import PHONE
from journey_helpers import Outbox, add_by_hand, at, registration_counts, selected_label, submit
from playwright.sync_api import expect
from test_browser_forms import ERROR_STATE
from test_browser_keyboard import FOCUSED, assert_focus_visible, tab


@pytest.fixture()
def outbox(live_server) -> Outbox:
    return Outbox.of(live_server)


def test_participant_registers_changes_and_cancels_on_a_phone(
    new_page, pages, outbox, assert_accessible, assert_no_horizontal_scroll, screenshot
):
    name, email = "Yvonne Toetsenbord", "yvonne.toetsenbord@example.org"
    page = new_page(viewport=PHONE)

    # From the edition page to Rotterdam, and on to the form.
    page.goto(pages.edition)
    page.get_by_role("link", name="Rotterdam", exact=True).click()
    at(page, pages.location("rotterdam"))
    page.get_by_role("link", name="Aanmelden voor Rotterdam").click()
    at(page, pages.register("rotterdam"))
    assert page.get_by_role("heading", level=1).inner_text() == "Aanmelden voor Rotterdam"
    assert_accessible(page, "register-rotterdam-phone")
    workgroups = page.locator("#pref_1_1 option").all_inner_texts()[1:]
    assert len(workgroups) >= 4, workgroups

    # Mistakes: no name, an address without @, one workgroup twice, no consent.
    page.get_by_label("Uw e-mailadres").fill("yvonne.toetsenbord-example.org")
    page.get_by_label("Uw organisatie").fill("Cliëntenraad Schiedam")
    page.locator("#pref_1_1").select_option(label=workgroups[0])
    page.locator("#pref_1_2").select_option(label=workgroups[0])
    submit(page, page.get_by_role("button", name="Aanmelden", exact=True))

    state = page.evaluate(ERROR_STATE)
    assert state["role"] == "alert"
    assert state["missing"] == [], "every link in the summary leads to a field"
    # The same workgroup twice is checked only once the form is otherwise valid (the test below).
    assert {"name", "email", "consent"} <= set(state["links"]), state["links"]
    assert [field["id"] for field in state["fields"]] == state["links"], "the invalid fields are the ones linked"
    for field in state["fields"]:
        assert f"{field['id']}-error" in field["describedby"], field
        assert state["descriptions"][f"{field['id']}-error"], field
    assert "@" in state["descriptions"]["email-error"]
    # What was entered stays.
    assert page.get_by_label("Uw e-mailadres").input_value() == "yvonne.toetsenbord-example.org"
    assert page.get_by_label("Uw organisatie").input_value() == "Cliëntenraad Schiedam"
    assert selected_label(page, "#pref_1_1") == selected_label(page, "#pref_1_2") == workgroups[0]
    assert not page.locator("#consent").is_checked()
    assert_accessible(page, "register-rotterdam-errors-phone")
    assert_no_horizontal_scroll(page, "register-rotterdam-errors-phone")
    screenshot(page, "register-rotterdam-errors-phone")

    # Now only the keyboard: from the top through the summary's first link to the name field.
    for _ in range(8):
        focused = tab(page)
        if focused["href"] == "#name":
            break
    assert focused["href"] == "#name", "Tab never reached the error summary"
    assert_focus_visible(focused)
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED)["id"] == "name", "the summary's link puts the focus on its field"
    page.keyboard.type(name)

    stops = [tab(page)]  # e-mail: replace what is there
    page.keyboard.press("Control+A")
    page.keyboard.type(email)
    stops.append(tab(page))  # organisation: kept from before
    stops.append(tab(page))  # kind of organisation: a select, by arrow key
    page.keyboard.press("ArrowDown")
    stops.append(tab(page))  # municipality
    page.keyboard.type("Schiedam")
    stops.append(tab(page))  # a place without stairs: not needed
    stops.append(tab(page))  # a hearing loop: ticked by Space
    page.keyboard.press("Space")
    stops.append(tab(page))  # diet
    page.keyboard.type("vegetarisch")
    stops.append(tab(page))  # other needs
    page.keyboard.type("Een plek vooraan, graag.")
    stops.append(tab(page))  # first choice: kept
    stops.append(tab(page))  # second choice: one down, away from the first choice
    page.keyboard.press("ArrowDown")
    stops.append(tab(page))  # third choice: three down from "— kies een werkgroep —"
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    stops.append(tab(page))  # photos for the website (optional): a radio group, "yes" by Space
    page.keyboard.press("Space")
    stops.append(tab(page))  # the privacy statement link
    stops.append(tab(page))  # consent
    page.keyboard.press("Space")
    stops.append(tab(page))  # the button
    assert [stop["id"] or stop["type"] or stop["tag"] for stop in stops] == [
        "email",
        "organisation",
        "organisation_kind_id",
        "municipality",
        "needs_step_free",
        "needs_hearing_loop",
        "diet",
        "needs",
        "pref_1_1",
        "pref_1_2",
        "pref_1_3",
        "photo_consent-0",
        "a",
        "consent",
        "submit",
    ]
    for stop in stops:
        assert_focus_visible(stop)
    assert page.locator("#consent").is_checked()
    assert page.locator("#needs_hearing_loop").is_checked() and not page.locator("#needs_step_free").is_checked()
    assert page.locator("#photo_consent-0").is_checked()
    chosen = [selected_label(page, f"#pref_1_{rank}") for rank in (1, 2, 3)]
    assert chosen == workgroups[:3]
    assert selected_label(page, "#organisation_kind_id") != "— kies —"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # "Kijk in uw e-mail".
    at(page, pages.registration_sent("rotterdam"))
    assert page.get_by_role("heading", level=1).inner_text() == "Kijk in uw e-mail"
    assert_accessible(page, "registration-sent-phone")
    screenshot(page, "registration-sent-phone")

    # The mail: confirmed, the three choices, the personal link.
    mail = outbox.newest(email)
    assert mail.subject == "Uw aanmelding voor Rotterdam is bevestigd"
    for rank, title in enumerate(chosen, start=1):
        assert f"ronde 1, keuze {rank}: {title}" in mail.text
    link = mail.personal_link()
    token = link.rsplit("/", 1)[1]
    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Uw aanmelding voor Rotterdam"
    assert page.locator(".status").inner_text() == "U bent aangemeld. Er is een plaats voor u."
    assert name in page.locator("main").inner_text()
    assert "U mag op foto's voor de website." in page.locator("main").inner_text()
    assert_accessible(page, "personal-page-phone")
    assert_no_horizontal_scroll(page, "personal-page-phone")
    screenshot(page, "personal-page-phone")

    # Another third choice.
    page.get_by_role("link", name="Gegevens of keuzes wijzigen").click()
    at(page, pages.personal_change(token))
    assert selected_label(page, "#pref_1_3") == chosen[2]
    assert_accessible(page, "personal-change-phone")
    assert_no_horizontal_scroll(page, "personal-change-phone")
    screenshot(page, "personal-change-phone")
    new_third = workgroups[3]
    page.get_by_label("Derde keus").select_option(label=new_third)
    page.get_by_role("button", name="Opslaan").click()
    at(page, pages.personal(token))
    assert page.get_by_role("status").inner_text() == "Uw wijzigingen zijn opgeslagen."
    assert f"Ronde 1, keuze 3: {new_third}" in page.locator("main").inner_text()

    # The day in one's own calendar.
    with page.expect_download() as download:
        page.get_by_role("link", name="Zet de dag in uw agenda (.ics)").click()
    calendar = download.value.path().read_text()
    assert calendar.startswith("BEGIN:VCALENDAR")
    assert "Rotterdam" in calendar

    # Cancel, after a question.
    page.get_by_role("link", name="Afmelden", exact=True).click()
    at(page, pages.personal_cancel(token))
    assert page.get_by_role("heading", level=1).inner_text() == "Wilt u zich afmelden?"
    assert_accessible(page, "personal-cancel-phone")
    assert_no_horizontal_scroll(page, "personal-cancel-phone")
    screenshot(page, "personal-cancel-phone")
    page.get_by_role("button", name="Ja, meld mij af").click()
    at(page, pages.personal(token))
    assert page.get_by_role("status").inner_text().startswith("U bent afgemeld.")
    assert page.locator(".status").inner_text() == "Deze aanmelding is afgemeld."
    assert page.get_by_role("link", name="Afmelden", exact=True).count() == 0
    assert page.get_by_role("link", name="Gegevens of keuzes wijzigen").count() == 0
    assert_accessible(page, "personal-page-cancelled-phone")
    assert outbox.newest(email).subject == "Uw aanmelding voor Rotterdam is afgemeld"


def test_the_same_workgroup_twice_is_linked_to_the_second_choice(new_page, pages, assert_accessible):
    page = new_page()
    page.goto(pages.register("rotterdam"))
    page.get_by_label("Uw naam").fill("Kees Dubbel")
    page.get_by_label("Uw e-mailadres").fill("kees.dubbel@example.org")
    page.locator("#pref_1_1").select_option(index=2)
    page.locator("#pref_1_2").select_option(index=2)
    page.get_by_label("Ik ga akkoord met de privacyverklaring").check()
    submit(page, page.get_by_role("button", name="Aanmelden", exact=True))

    state = page.evaluate(ERROR_STATE)
    assert state["role"] == "alert"
    assert state["links"] == ["pref_1_2"] and state["missing"] == []
    assert state["descriptions"]["pref_1_2-error"].startswith("U koos deze werkgroep al.")
    assert page.get_by_label("Uw naam").input_value() == "Kees Dubbel"
    assert_accessible(page, "register-rotterdam-same-workgroup-twice")


def test_waiting_list_moves_up_when_a_seat_comes_free(new_page, pages, login, outbox, assert_accessible):
    slug = "roermond"  # a day ahead with seats free (the demo's Beilen is full already)
    seated = ("Kees Zitplaats", "kees.zitplaats@example.org")
    first = ("Lotte Wachtrij", "lotte.wachtrij@example.org")
    second = ("Theo Wachtrij", "theo.wachtrij@example.org")

    # The organiser: one more confirmed participant, then exactly as many seats as confirmed.
    organiser = login(new_page())
    organiser.goto(pages.registrations(slug))
    original_capacity = int(organiser.get_by_label("Aantal plaatsen").input_value())
    assert add_by_hand(organiser, pages, slug, *seated).message == f"{seated[0]} is aangemeld."
    confirmed = registration_counts(organiser)["bevestigd"]
    organiser.get_by_label("Aantal plaatsen").fill(str(confirmed))
    submit(organiser, organiser.get_by_role("button", name="Opslaan"))
    assert organiser.get_by_role("status").inner_text() == f"Het aantal plaatsen is nu {confirmed}."
    assert registration_counts(organiser)["plaatsen vrij"] == 0

    # A participant finds the day full and goes on the waiting list.
    page = new_page(viewport=PHONE)
    page.goto(pages.register(slug))
    assert "Deze dag is vol." in page.get_by_role("status").inner_text()
    page.get_by_label("Uw naam").fill(first[0])
    page.get_by_label("Uw e-mailadres").fill(first[1])
    page.get_by_label("Eerste keus").select_option(index=1)
    page.get_by_label("Ik ga akkoord met de privacyverklaring").check()
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    at(page, pages.registration_sent(slug))
    waiting_mail = outbox.newest(first[1])
    assert waiting_mail.subject == "U staat op de wachtlijst voor Roermond"
    page.goto(waiting_mail.personal_link())
    assert page.locator(".status strong").inner_text() == "U staat op de wachtlijst, op plaats 1."
    assert_accessible(page, "personal-page-waiting-phone")

    # A second one behind her, by phone.
    assert add_by_hand(organiser, pages, slug, *second).message == f"De dag is vol: {second[0]} staat op de wachtlijst."

    # The organiser cancels the seated participant: the first in line gets the seat.
    organiser.get_by_label("Naam, e-mail, organisatie of woonplaats").fill(seated[0])
    submit(organiser, organiser.get_by_role("button", name="Zoeken"))
    row = organiser.get_by_role("row").filter(has_text=seated[0])
    submit(organiser, row.get_by_role("button", name="Afmelden"))
    messages = organiser.get_by_role("status").inner_text()
    assert f"{seated[0]} is afgemeld." in messages
    assert f"{first[0]} is van de wachtlijst gehaald en heeft een e-mail gekregen." in messages
    assert second[0] not in messages
    assert registration_counts(organiser)["op de wachtlijst"] == 1
    assert_accessible(organiser, "manage-registrations-roermond")

    promoted = outbox.newest(first[1])
    assert promoted.subject == "Er is een plaats vrij: u bent aangemeld voor Roermond"
    assert promoted.personal_link() == waiting_mail.personal_link()
    page.reload()
    assert page.locator(".status").inner_text() == "U bent aangemeld. Er is een plaats voor u."
    assert outbox.newest(second[1]).subject == "U staat op de wachtlijst voor Roermond"  # nothing new for him
    page.goto(outbox.newest(second[1]).personal_link())
    assert page.locator(".status strong").inner_text() == "U staat op de wachtlijst, op plaats 1."

    # Back to the day's real capacity: that seats the second one as well.
    organiser.goto(pages.registrations(slug))
    organiser.get_by_label("Aantal plaatsen").fill(str(original_capacity))
    submit(organiser, organiser.get_by_role("button", name="Opslaan"))
    assert registration_counts(organiser)["op de wachtlijst"] == 0
    assert outbox.newest(second[1]).subject == "Er is een plaats vrij: u bent aangemeld voor Roermond"


def test_coordinator_checks_someone_in_at_the_door(
    new_page, pages, login, assert_accessible, assert_no_horizontal_scroll, screenshot
):
    guest = "Ria Deurbel"
    page = login(new_page(viewport=PHONE, has_touch=True), pages.coordinator)
    # Not registered yet: she is added as registered by phone.
    page.goto(pages.registrations("rotterdam"))
    page.get_by_label("Naam, e-mail, organisatie of woonplaats").fill("deurbel")
    submit(page, page.get_by_role("button", name="Zoeken"))
    assert page.get_by_text("0 aanmeldingen gevonden.").is_visible()
    assert_accessible(page, "manage-registrations-none-found-phone")
    assert add_by_hand(page, pages, "rotterdam", guest).message == f"{guest} is aangemeld."

    page.goto(pages.dashboard)
    page.get_by_role("link", name="Rotterdam", exact=True).tap()
    at(page, pages.manage_location("rotterdam"))
    page.get_by_role("link", name="Inchecken").tap()
    at(page, pages.check_in("rotterdam"))
    assert page.get_by_role("heading", level=1).inner_text() == "Inchecken Rotterdam"
    assert_accessible(page, "check-in-phone")

    def present() -> int:
        return int(page.locator("#count-present").inner_text())

    before = present()
    search = page.get_by_label("Zoek op naam")
    search.fill("deurbel")
    with page.expect_navigation():
        search.press("Enter")
    row = page.locator(".checkin-row").filter(has_text=guest)
    assert row.count() == 1
    # One tap: with JavaScript the row changes in place, the page stays where it is.
    url = page.url
    row.get_by_role("button", name="Is binnen").tap()
    undo = row.get_by_role("button", name=re.compile("Ongedaan maken"))
    expect(undo).to_be_visible()
    expect(page.locator("#count-present")).to_have_text(str(before + 1))
    assert page.url == url
    assert page.get_by_label("Zoek op naam").input_value() == "deurbel", "the search stays for the next tap"
    assert_accessible(page, "check-in-found-phone")
    assert_no_horizontal_scroll(page, "check-in-found-phone")
    screenshot(page, "check-in-found-phone")

    undo.tap()
    expect(row.get_by_role("button", name="Is binnen")).to_be_visible()
    expect(page.locator("#count-present")).to_have_text(str(before))


def test_registering_without_javascript(new_page, pages, outbox):
    page = new_page(javascript=False)
    page.goto(pages.register("rotterdam"))  # a day ahead (the demo's Amsterdam has been held)
    page.get_by_label("Uw naam").fill("Bep Zonderscript")
    page.get_by_label("Uw e-mailadres").fill("bep.zonderscript@example.org")
    page.get_by_label("Eerste keus").select_option(index=1)
    page.get_by_label("Ik ga akkoord met de privacyverklaring").check()
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    at(page, pages.registration_sent("rotterdam"))
    assert page.get_by_role("heading", level=1).inner_text() == "Kijk in uw e-mail"
    assert outbox.newest("bep.zonderscript@example.org").subject == "Uw aanmelding voor Rotterdam is bevestigd"


def test_the_organiser_sees_the_mail_in_the_locations_mail_log(
    new_page, pages, login, outbox, assert_accessible, screenshot
):
    page = new_page()
    page.goto(pages.register("roermond"))
    page.get_by_label("Uw naam").fill("Lies Logboek")
    page.get_by_label("Uw e-mailadres").fill("lies.logboek@example.org")
    page.get_by_label("Eerste keus").select_option(index=1)
    page.get_by_label("Ik ga akkoord met de privacyverklaring").check()
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    at(page, pages.registration_sent("roermond"))
    outbox.newest("lies.logboek@example.org")  # the worker has sent it

    organiser = login(new_page())
    organiser.goto(pages.manage_location("roermond"))
    organiser.get_by_role("link", name="E-mails").click()
    at(organiser, pages.mail_log("roermond"))
    row = organiser.get_by_role("row").filter(has_text="lies.logboek@example.org")
    assert "Bevestiging" in row.inner_text() and "Verstuurd" in row.inner_text()
    assert_accessible(organiser, "manage-mail-log-roermond")
    screenshot(organiser, "manage-mail-log")
