"""The pure report builders and the SVG charts: plain values in, plain values out."""

from datetime import date, time
from xml.etree import ElementTree

import pytest

from app.names import name_sort_key, split_name
from app.reports import charts
from app.reports.context import (
    BADGES_PER_SHEET,
    ROWS_FIRST,
    ROWS_NEXT,
    DayHeader,
    OfferInfo,
    Person,
    SignInRow,
    build_badges,
    build_sign_in_book,
    build_sign_in_sheet,
    name_size,
    paginate,
    shorten,
)
from app.reports.edition_report import EditionHeader, LocationInfo, build_edition_report

DAY = DayHeader(
    "Alliantiedagen",
    "Groeien in kracht",
    "Rotterdam",
    "Pauluskerk",
    "",
    date(2013, 10, 11),
    time(9, 30),
    "Sociale Alliantie",
    (),
)


def person(
    pid,
    name,
    *,
    location=1,
    status="confirmed",
    organisation="",
    kind="",
    checked_in=False,
    source="online",
    first=(),
    assigned=(),
    told=None,
):
    return Person(
        pid,
        location,
        name,
        organisation,
        kind,
        status,
        source,
        checked_in,
        tuple(first),
        tuple(assigned),
        tuple(assigned if told is None else told),
    )


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Jan van der Berg", ("Jan", "van der", "Berg")),
        ("Anna Bakker", ("Anna", "", "Bakker")),
        ("Marie De Vries", ("Marie", "", "De Vries")),  # capitalised (Flemish): sorted under D
        ("Van Dijk", ("", "Van", "Dijk")),
        ("Anna Smit-de Vries", ("Anna", "", "Smit-de Vries")),
        ("Pieter 't Hart", ("Pieter", "'t", "Hart")),
        ("Cher", ("", "", "Cher")),
    ],
)
def test_names_split_into_first_names_particles_and_surname(name, parts):
    assert split_name(name) == parts


def test_dutch_name_order_ignores_case_accents_and_particles():
    names = [
        "jan de Vries",
        "Bert Zwart",
        "Émile Àlvarez",
        "Pieter van den Berg",
        "Karel Appel",
        "sanne de Boer",
        "Anna Bakker",
        "Eva berg",
        "ADAM Berg",
    ]
    ordered = sorted(names, key=name_sort_key)
    assert ordered == [
        "Émile Àlvarez",
        "Karel Appel",
        "Anna Bakker",
        "ADAM Berg",
        "Eva berg",
        "Pieter van den Berg",
        "sanne de Boer",
        "jan de Vries",
        "Bert Zwart",
    ]


def test_shorten_cuts_at_a_word_with_an_ellipsis():
    assert shorten("Korte naam", 20) == "Korte naam"
    cut = shorten("Stichting voor de bevordering van iets heel erg langs", 30)
    assert len(cut) <= 30 and cut.endswith("…") and not cut.endswith(" …")


def test_pages_hold_a_fixed_number_of_rows_and_the_last_page_is_filled_with_empty_lines():
    rows = [SignInRow(f"Naam {n}", "") for n in range(ROWS_FIRST + ROWS_NEXT + 3)]
    pages = paginate(rows)
    assert [len(p.rows) for p in pages] == [ROWS_FIRST, ROWS_NEXT, 3]
    assert pages[-1].blank_rows == ROWS_NEXT - 3 and pages[0].blank_rows == 0
    empty = paginate([])
    assert len(empty) == 1 and empty[0].blank_rows == ROWS_FIRST  # a blank sheet to write on


def test_day_sheet_lists_confirmed_participants_in_name_order():
    people = [
        person(1, "Bert Zwart", organisation="FNV"),
        person(2, "Anna van Dam", organisation="Cliëntenraad"),
        person(3, "Wim Wachtlijst", status="waiting"),
        person(4, "Aad Afgemeld", status="cancelled"),
        person(5, "émile Bakker"),
    ]
    sheet = build_sign_in_book(DAY, people).sheets[0]
    assert sheet.offer is None and sheet.participants == 3
    assert [(r.name, r.organisation) for r in sheet.pages[0].rows] == [
        ("émile Bakker", ""),
        ("Anna van Dam", "Cliëntenraad"),
        ("Bert Zwart", "FNV"),
    ]


def test_workgroup_sheets_follow_the_current_assignment_and_count_unpublished_changes():
    offers = [
        OfferInfo(10, 1, 100, 1, "Participatiewet", "Zaal 1", "Anja", 20),
        OfferInfo(11, 1, 101, 1, "Armoede", "Grote zaal", "Piet", 20),
        OfferInfo(12, 1, 102, 1, "Vervallen", "Zaal 9", "", 20, is_open=False),
    ]
    people = [
        person(1, "Bert Zwart", assigned=[(1, 10)]),
        person(2, "Anna Dam", assigned=[(1, 10)], told=[(1, 11)]),  # moved, not yet told
        person(3, "Carla Berg", assigned=[(1, 11)]),
        person(4, "Wim Wacht", status="waiting", assigned=[(1, 10)]),
    ]
    book = build_sign_in_book(DAY, people, offers)
    assert [s.offer.title for s in book.sheets] == ["Armoede", "Participatiewet"]  # open offers, by title
    armoede, participatiewet = book.sheets
    assert [r.name for r in participatiewet.pages[0].rows] == ["Anna Dam", "Bert Zwart"]
    assert [r.name for r in armoede.pages[0].rows] == ["Carla Berg"]
    assert participatiewet.unpublished_changes == 1 and armoede.unpublished_changes == 1
    single = build_sign_in_sheet(DAY, people, offers[0])
    assert single.participants == 2 and not single.show_round


def test_badges_in_name_order_with_workgroup_and_room_and_blanks_to_fill_the_sheet():
    offers = [
        OfferInfo(10, 1, 100, 1, "Participatiewet", "Zaal 1", "", 20),
        OfferInfo(20, 1, 101, 2, "Maatjes naar werk", "Bovenzaal", "", 20),
    ]
    people = [
        person(1, "Bert Zwart", organisation="FNV", assigned=[(1, 10), (2, 20)]),
        person(2, "Anna Dam", assigned=[(1, 10)]),
        person(3, "Wim Wacht", status="waiting"),
    ]
    book = build_badges(DAY, people, offers)
    badges = [badge for sheet in book.sheets for badge in sheet]
    assert book.participants == 2 and len(badges) == BADGES_PER_SHEET
    assert [b.name for b in badges[:2]] == ["Anna Dam", "Bert Zwart"] and all(b.blank for b in badges[2:])
    assert badges[1].workgroups == (
        "1. Participatiewet\u00a0·\u00a0Zaal\u00a01",
        "2. Maatjes naar werk\u00a0·\u00a0Bovenzaal",
    )
    assert build_badges(DAY, [], offers).sheets[0][0].blank  # one sheet of blanks for an empty day
    assert [name_size(n) for n in ("Jan Smit", "Wilhelmina Jansen", "Wilhelmina van der Berg", "x" * 40)] == [
        "xl",
        "l",
        "m",
        "s",
    ]


def test_edition_report_figures():
    locations = [
        LocationInfo(1, "Zutphen", "", date(2013, 10, 4), 10),
        LocationInfo(2, "Roermond", "", date(2013, 11, 1), 4),
    ]
    offers = [
        OfferInfo(10, 1, 100, 1, "Participatiewet", "Zaal 1", "", 5),
        OfferInfo(11, 1, 101, 1, "Armoede", "Zaal 2", "", 5),
        OfferInfo(20, 2, 100, 1, "Participatiewet", "Zaal A", "", 4),
        OfferInfo(21, 2, 101, 1, "Armoede", "Zaal B", "", 4, is_open=False),
    ]
    people = [
        person(1, "A", organisation="FNV", kind="Vakbond", checked_in=True, first=[(1, 100)], assigned=[(1, 10)]),
        person(2, "B", organisation="fnv", kind="Vakbond", checked_in=True, first=[(1, 101)], assigned=[(1, 10)]),
        person(3, "C", organisation="Kerk", kind="Kerk", first=[(1, 101)], assigned=[(1, 11)], source="walk_in"),
        person(4, "D", status="waiting", first=[(1, 100)]),
        person(5, "E", status="cancelled"),
        person(6, "F", location=2, first=[(1, 100)], assigned=[(1, 20)]),
    ]
    report = build_edition_report(
        EditionHeader("Alliantiedagen", "Groeien", ""),
        locations,
        people,
        offers,
        ["Kerk", "Vakbond", "Anders"],
        today=date(2013, 10, 20),
    )
    zutphen, roermond = report.locations
    assert (zutphen.confirmed, zutphen.waiting, zutphen.cancelled, zutphen.present, zutphen.walk_ins) == (3, 1, 1, 2, 1)
    assert zutphen.held and not roermond.held and roermond.present_if_held is None
    assert zutphen.capacity_use == pytest.approx(0.3) and zutphen.attendance == pytest.approx(2 / 3)
    assert zutphen.organisations == 2 and zutphen.no_shows == 1  # "FNV" and "fnv" are one organisation
    totals = report.totals
    assert (totals.capacity, totals.confirmed, totals.present) == (14, 4, 2)
    assert totals.attendance == pytest.approx(2 / 3)  # only over days that took place
    assert [(k.kind, k.counts, k.total) for k in report.kinds] == [
        ("Kerk", (1, 0), 1),
        ("Vakbond", (2, 0), 2),
        ("Anders", (0, 0), 0),
        ("", (0, 1), 1),
    ]
    demand = {w.title: w for w in report.workgroups}
    assert (
        demand["Participatiewet"].first_choices,
        demand["Participatiewet"].places,
        demand["Participatiewet"].assigned,
    ) == (2, 9, 3)
    assert (demand["Armoede"].offers, demand["Armoede"].dropped, demand["Armoede"].places) == (1, 1, 5)
    assert report.first_choice_share == pytest.approx(3 / 4)  # B got Participatiewet, wanted Armoede
    assert [(o.city, o.title, o.first_choices, o.assigned) for o in report.offers][:2] == [
        ("Zutphen", "Armoede", 2, 1),
        ("Zutphen", "Participatiewet", 1, 2),
    ]
    assert report.first_day == date(2013, 10, 4) and report.last_day == date(2013, 11, 1)


def test_bar_chart_is_valid_svg_scaled_to_the_data_with_escaped_labels():
    svg = charts.bar_chart(
        ["Zutphen", "Rotterdam <&>"],
        [charts.Series("Bevestigd", (40, 120), "#0b5a4a"), charts.Series("Aanwezig", (35, None), "#7fbfae")],
        marker=charts.Marker("Plaatsen", (50, 150)),
        fmt=lambda v: f"{v:.0f}",
    )
    root = ElementTree.fromstring(svg)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Rotterdam <&>" in texts and "120" in texts and "35" in texts
    bars = [
        r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("fill") == "#0b5a4a" and r.get("y") != "1.2"
    ]
    widths = [float(r.get("width")) for r in bars]
    assert widths[1] == pytest.approx(3 * widths[0], rel=0.01)  # 120 against 40
    assert charts.data_uri(svg).startswith("data:image/svg+xml;base64,")
    assert [charts.nice_step(m) for m in (4, 10, 87, 400, 1)] == [1, 2, 20, 100, 0.2]


def test_turnout_only_over_held_days_that_used_check_in():
    locations = [
        LocationInfo(1, "Zutphen", "", date(2013, 10, 4), 10),
        LocationInfo(2, "Beilen", "", date(2013, 10, 11), 10),  # held, nobody checked in
        LocationInfo(3, "Roermond", "", date(2013, 11, 1), 10),  # not yet held
    ]
    people = [
        person(1, "A", checked_in=True),
        person(2, "B"),
        person(3, "C", location=2),
        person(4, "D", location=2),
        person(5, "E", location=3),
    ]
    report = build_edition_report(
        EditionHeader("Alliantiedagen", "Groeien", ""), locations, people, [], [], today=date(2013, 10, 20)
    )
    zutphen, beilen, roermond = report.locations
    assert zutphen.check_in_used and zutphen.attendance == pytest.approx(0.5) and zutphen.no_shows == 1
    assert beilen.held and not beilen.check_in_used
    assert (beilen.attendance, beilen.present_if_held, beilen.no_shows) == (None, None, None)  # not 0%
    assert roermond.attendance is None and not roermond.check_in_used
    totals = report.totals
    assert totals.check_in_used and totals.attendance == pytest.approx(0.5)  # Beilen's 2 are not no-shows
