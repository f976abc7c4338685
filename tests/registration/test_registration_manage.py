"""Organiser screens: counts, list, search, add, edit, cancel, move, exports, check-in."""

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.accounts.models import Role
from app.extensions import db
from app.registration import links, services
from app.registration.models import Registration, Source, Status, WorkgroupPreference
from app.timeutil import utcnow


@pytest.fixture()
def organiser(auth, make_user):
    make_user("organiser@example.org", Role.ORGANISER)
    auth.login("organiser@example.org")


def list_url(day, **query):
    from urllib.parse import urlencode

    return f"/beheer/locaties/{day.id}/aanmeldingen" + (f"?{urlencode(query)}" if query else "")


def bulk(day, number, status=Status.CONFIRMED):
    kind = services.organisation_kinds(day.edition)[0]
    now = utcnow()
    for i in range(number):
        registration = Registration(
            location_day_id=day.id,
            name=f"Bulk {i}",
            email=f"bulk{i}@example.org",
            email_normalised=f"bulk{i}@example.org",
            organisation="Org",
            organisation_kind_id=kind.id,
            status=status if i % 3 else Status.WAITING,
            link_nonce=links.new_nonce(),
            waiting_since=now,
            created_at=now,
            checked_in_at=now if i % 5 == 0 else None,
            source=Source.ONLINE,
        )
        registration.preferences = [
            WorkgroupPreference(round=1, rank=1, workgroup_id=day.groups[0].id),
            WorkgroupPreference(round=1, rank=2, workgroup_id=day.groups[1].id),
        ]
        db.session.add(registration)
    db.session.commit()


def test_list_shows_counts_and_people(client, organiser, day, register):
    people = [register() for _ in range(4)]
    services.cancel_registration(people[0])
    db.session.commit()
    page = client.get(list_url(day)).get_data(as_text=True)
    assert "<strong>3</strong> bevestigd" in page
    assert "<strong>0</strong> op de wachtlijst" in page
    assert "<strong>1</strong> afgemeld" in page
    assert "<strong>0</strong> plaatsen vrij van 3" in page
    for person in people:
        assert person.name in page


def test_search_and_filters_on_the_list(client, organiser, day, register):
    register(name="Anna de Vries")
    register(name="Bert Jansen")
    register(name="Cor")
    register(name="Dirk Wacht")
    page = client.get(list_url(day, zoek="vries")).get_data(as_text=True)
    assert "Anna de Vries" in page and "Bert Jansen" not in page
    page = client.get(list_url(day, status="waiting")).get_data(as_text=True)
    assert "Dirk Wacht" in page and "Anna de Vries" not in page


@pytest.mark.parametrize("path", ["", "?zoek=bulk", "?status=waiting&aanwezig=yes"])
def test_list_queries_do_not_grow_with_registrations(client, organiser, day, path, count_queries):
    def queries_for_list():
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(list_url(day) + path).status_code == 200
        return len(statements)

    bulk(day, 10)
    few = queries_for_list()
    db.session.execute(WorkgroupPreference.__table__.delete())
    db.session.execute(Registration.__table__.delete())
    db.session.commit()
    bulk(day, 500)
    many = queries_for_list()
    assert few == many, (few, many)
    assert many <= 15


def test_export_queries_do_not_grow_either(client, organiser, day, count_queries):
    bulk(day, 10)
    db.session.expire_all()
    with count_queries() as few:
        client.get(f"/beheer/locaties/{day.id}/aanmeldingen.csv")
    bulk_more = 300
    db.session.execute(WorkgroupPreference.__table__.delete())
    db.session.execute(Registration.__table__.delete())
    db.session.commit()
    bulk(day, bulk_more)
    db.session.expire_all()
    with count_queries() as many:
        client.get(f"/beheer/locaties/{day.id}/aanmeldingen.csv")
    assert len(few) == len(many)


def test_add_by_hand_without_email(client, organiser, day, outbox):
    response = client.post(
        f"/beheer/locaties/{day.id}/aanmeldingen/nieuw",
        data={"name": "Telefoon Truus", "email": "", "organisation": "Kerk", "pref_1_1": str(day.groups[0].id)},
    )
    assert response.status_code == 302
    registration = db.session.scalar(select(Registration))
    assert registration.source == Source.MANUAL and registration.status == Status.CONFIRMED
    assert outbox.messages() == []


def test_add_by_hand_refuses_a_known_address(client, organiser, day, register):
    register(email="known@example.org")
    page = client.post(
        f"/beheer/locaties/{day.id}/aanmeldingen/nieuw", data={"name": "X", "email": "Known@example.org"}
    ).get_data(as_text=True)
    assert 'id="email-error"' in page
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 1


def test_edit_after_closing_is_allowed_for_organisers(client, organiser, day, register):
    person = register()
    day.registration_closes_at = utcnow()
    db.session.commit()
    response = client.post(
        f"/beheer/aanmeldingen/{person.id}/bewerken",
        data={"name": "Gewijzigd", "email": person.email, "pref_1_1": str(day.groups[1].id)},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert person.name == "Gewijzigd"


def test_cancel_by_organiser_promotes_and_mails(client, organiser, day, register, outbox):
    people = [register() for _ in range(4)]
    outbox.clear()
    client.post(f"/beheer/aanmeldingen/{people[0].id}/afmelden")
    db.session.expire_all()
    assert people[0].status == Status.CANCELLED and people[3].status == Status.CONFIRMED
    cancelled = outbox.to(people[0].email)[0]
    assert "organisatie" in cancelled.get_body(("plain",)).get_content()


def test_raising_capacity_from_the_list_promotes(client, organiser, day, register):
    people = [register() for _ in range(5)]
    client.post(list_url(day), data={"capacity": "4"})
    db.session.expire_all()
    assert day.capacity == 4 and people[3].status == Status.CONFIRMED and people[4].status == Status.WAITING
    page = client.post(list_url(day), data={"capacity": "1"}).get_data(as_text=True)
    assert 'id="capacity-error"' in page
    db.session.expire_all()
    assert day.capacity == 4


def test_move_between_locations(client, organiser, day, register, make_location):
    other = make_location(day.edition, "Zutphen", capacity=10)
    person = register()
    page = client.get(f"/beheer/aanmeldingen/{person.id}/verplaatsen").get_data(as_text=True)
    assert "Zutphen" in page
    client.post(f"/beheer/aanmeldingen/{person.id}/verplaatsen", data={"location_id": str(other.id)})
    db.session.expire_all()
    assert person.location_day_id == other.id and person.status == Status.CONFIRMED


def test_coordinator_can_only_move_to_their_own_locations(client, auth, make_user, day, register, make_location):
    other = make_location(day.edition, "Zutphen")
    make_user("c@example.org", Role.COORDINATOR, [day])
    auth.login("c@example.org")
    person = register()
    page = client.get(f"/beheer/aanmeldingen/{person.id}/verplaatsen").get_data(as_text=True)
    assert "Zutphen" not in page
    response = client.post(f"/beheer/aanmeldingen/{person.id}/verplaatsen", data={"location_id": str(other.id)})
    assert response.status_code == 200  # not a valid choice
    db.session.expire_all()
    assert person.location_day_id == day.id


def test_csv_opens_in_dutch_excel_and_neutralises_formulas(client, organiser, day, register):
    register(name='=HYPERLINK("http://evil")', organisation="+31 6 123", municipality="@SUM(A1)", needs="-1")
    register(name="Zoë Ærts; met puntkomma")
    response = client.get(f"/beheer/locaties/{day.id}/aanmeldingen.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Nummer", "Naam", "E-mail"]
    evil = next(row for row in rows[1:] if "HYPERLINK" in row[1])
    assert evil[1].startswith("'=") and evil[3] == "'+31 6 123" and evil[5] == "'@SUM(A1)" and evil[6] == "'-1"
    assert any(row[1] == "Zoë Ærts; met puntkomma" for row in rows)


def test_xlsx_keeps_formulas_as_text_and_strips_illegal_characters(client, organiser, day, register):
    person = register(name="=1+1", needs="bel\x00letje")
    assert person.needs == "belletje"  # the service drops control characters
    person.needs = "bel\x07letje"  # older data, or written elsewhere: Excel refuses \x07
    db.session.commit()
    response = client.get(f"/beheer/locaties/{day.id}/aanmeldingen.xlsx")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    assert sheet["B1"].value == "Naam"
    assert sheet["B2"].value == "=1+1" and sheet["B2"].data_type == "s"
    assert sheet["G2"].value == "belletje"


def test_check_in_search_tap_and_undo(client, organiser, day, register):
    anna = register(name="Anna de Vries")
    page = client.get(f"/beheer/locaties/{day.id}/inchecken?zoek=anna").get_data(as_text=True)
    assert "Anna de Vries" in page and "Is binnen" in page
    assert '"count-present">0</strong> van de 1 aangemelden' in page
    client.post(f"/beheer/aanmeldingen/{anna.id}/aanwezig", data={"zoek": "anna"})
    db.session.expire_all()
    assert anna.checked_in_at is not None
    page = client.get(f"/beheer/locaties/{day.id}/inchecken?zoek=anna").get_data(as_text=True)
    assert '"count-present">1</strong> van de 1 aangemelden' in page and "Ongedaan maken" in page
    client.post(f"/beheer/aanmeldingen/{anna.id}/aanwezig", data={"undo": "1"})
    db.session.expire_all()
    assert anna.checked_in_at is None


def test_walk_in_at_the_door(client, organiser, day):
    response = client.post(f"/beheer/locaties/{day.id}/inchecken", data={"name": "Binnenloper Bas"})
    assert response.status_code == 302
    person = db.session.scalar(select(Registration))
    assert person.source == Source.WALK_IN and person.checked_in_at is not None


def test_coordinator_sees_only_their_own_locations_in_the_overview(client, auth, make_user, day, make_location):
    make_location(day.edition, "Zutphen")
    make_user("c@example.org", Role.COORDINATOR, [day])
    auth.login("c@example.org")
    page = client.get(f"/beheer/edities/{day.edition.id}/aanmeldingen").get_data(as_text=True)
    assert "Rotterdam" in page and "Zutphen" not in page


def test_organisation_kinds_page(client, organiser, day):
    client.post(f"/beheer/edities/{day.edition.id}/organisatiesoorten", data={"name": "Wijkteam"})
    assert "Wijkteam" in [k.name for k in services.organisation_kinds(day.edition)]
    page = client.get(f"/{day.edition.slug}/{day.slug}/aanmelden").get_data(as_text=True)
    assert "Wijkteam" in page


def test_links_from_location_page_and_dashboard(client, organiser, day):
    page = client.get(f"/beheer/locaties/{day.id}").get_data(as_text=True)
    assert list_url(day) in page and f"/beheer/locaties/{day.id}/inchecken" in page
    assert f"/beheer/edities/{day.edition.id}/aanmeldingen" in client.get("/beheer/").get_data(as_text=True)


DUTCH_ORDER = ["Piet van Aalst", "Anna Bakker", "Jan de Vries"]  # particles ignored: Aalst, Bakker, Vries


def _order_on(page: str, names: list[str]) -> list[str]:
    return sorted(names, key=page.index)


def test_the_list_and_the_check_in_search_use_dutch_name_order(client, organiser, day, register):
    """'Jan de Vries' under V, as on the printed sign-in sheets (one order everywhere)."""
    for name in ["Jan de Vries", "Anna Bakker", "Piet van Aalst"]:
        register(name=name)
    assert _order_on(client.get(list_url(day)).get_data(as_text=True), DUTCH_ORDER) == DUTCH_ORDER
    check_in = client.get(f"/beheer/locaties/{day.id}/inchecken?zoek=a").get_data(as_text=True)
    assert _order_on(check_in, DUTCH_ORDER) == DUTCH_ORDER


def test_a_long_list_comes_in_pages_of_a_hundred_in_list_order(client, organiser, day):
    bulk(day, 250)
    first = client.get(list_url(day)).get_data(as_text=True)
    assert "250 aanmeldingen gevonden." in first and "Pagina 1 van 3" in first
    assert first.count("<td>Bulk ") == 100
    assert f'href="/beheer/locaties/{day.id}/aanmeldingen?pagina=2' in first and "Vorige" not in first
    names = []
    for number in (1, 2, 3):
        page = client.get(list_url(day, pagina=number)).get_data(as_text=True)
        names += [line.split("<td>")[1].split("<br>")[0] for line in page.splitlines() if "<td>Bulk " in line]
    assert len(names) == len(set(names)) == 250  # every registration once, none on two pages
    last = client.get(list_url(day, pagina=3)).get_data(as_text=True)
    assert "Pagina 3 van 3" in last and "Volgende" not in last and last.count("<td>Bulk ") == 50
    # The filters travel with the pages; a page beyond the end shows the last one.
    waiting = client.get(list_url(day, status="waiting", pagina=9)).get_data(as_text=True)
    assert "84 aanmeldingen gevonden." in waiting and waiting.count("<td>Bulk ") == 84
    assert "Pagina" not in waiting
