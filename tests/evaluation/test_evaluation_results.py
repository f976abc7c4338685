"""The result figures, computed by the pure module against data checked by hand."""

from datetime import date

import pytest

from app.evaluation import results as r

Q = [
    r.Question(1, 1, "mark", "general", "Welk cijfer geeft u?"),
    r.Question(2, 2, "rating", "speaker", "Kon u de spreker volgen?"),
    r.Question(3, 3, "single", "general", "Komt u weer?", ("Ja", "Misschien", "Nee")),
    r.Question(4, 4, "multiple", "general", "Wat neemt u mee?", ("A", "B", "C")),
    r.Question(5, 5, "text", "general", "Wat was goed?"),
    r.Question(6, 6, "rating", "workgroup", "Hoe was de werkgroep?"),
]
ROTTERDAM = r.Location(1, "Rotterdam", date(2013, 10, 11), registered=12, present=10, invited=8)
ZUTPHEN = r.Location(2, "Zutphen", date(2013, 10, 4), registered=5, present=4, invited=4)
RESPONSES = [
    r.Response("r1", 1, "online"),
    r.Response("r2", 1, "online"),
    r.Response("r3", 1, "paper"),
    r.Response("z1", 2, "online"),
    r.Response("z2", 2, "online"),
]


def a(response, question, **values):
    location = 1 if response.startswith("r") else 2
    return r.Answer(response_id=response, location_id=location, question_id=question, **values)


HANS = dict(subject_key="speaker:10", subject_label="Hans Bosselaar (VU)", speaker_id=10)
ANJA = dict(subject_key="speaker:11", subject_label="Anja (ROSA)", speaker_id=11)
PARTICIPATIEWET = dict(subject_key="workgroup:5", subject_label="Participatiewet", workgroup_id=5)
MAATJES = dict(subject_key="workgroup:6", subject_label="Maatjes naar werk", workgroup_id=6)

ANSWERS = [
    a("r1", 1, number=8),
    a("r2", 1, number=6),
    a("r3", 1, number=7),
    a("z1", 1, number=9),
    a("r1", 2, number=4, **HANS),
    a("r2", 2, number=5, **HANS),
    a("z1", 2, number=3, **HANS),
    a("r1", 2, number=2, **ANJA),
    a("r1", 3, text="Ja"),
    a("r2", 3, text="Ja"),
    a("r3", 3, text="Nee"),
    a("z1", 3, text="Misschien"),
    a("z2", 3, text="Vroeger"),  # an option the organiser has since removed
    a("r1", 4, choices=("A", "B")),
    a("r2", 4, choices=("B",)),
    a("z1", 4, choices=("A", "A")),
    a("r1", 5, text="  Mooi  "),
    a("r2", 5, text=""),
    a("z2", 5, text="Koffie"),
    a("r1", 6, number=5, **PARTICIPATIEWET),
    a("z1", 6, number=4, **PARTICIPATIEWET),
    a("r2", 6, number=3, **MAATJES),
    a("draft", 1, number=1),  # not a submitted response: never counted
]


def figure_of(sections, question_id, subject_key=""):
    section = next(s for s in sections if s.question.id == question_id)
    return next(f for f in section.figures if f.subject_key == subject_key)


def bars(fig):
    return {b.label: (b.count, round(b.percent, 2)) for b in fig.distribution}


def test_location_response_rate_and_channels():
    result = r.location_results(Q, ANSWERS, RESPONSES, ROTTERDAM)
    p = result.participation
    assert (p.responses, p.online, p.paper, p.present, p.invited) == (3, 2, 1, 10, 8)
    assert p.response_rate == pytest.approx(30.0)
    assert p.rate_of_registered == pytest.approx(25.0)


def test_location_average_and_distribution_of_a_mark():
    fig = figure_of(r.location_results(Q, ANSWERS, RESPONSES, ROTTERDAM).sections, 1)
    assert fig.count == 3 and fig.average == pytest.approx(7.0)
    assert [b.label for b in fig.distribution] == [str(n) for n in range(1, 11)]
    assert bars(fig)["6"] == (1, 33.33) and bars(fig)["1"] == (0, 0.0)


def test_generated_questions_have_a_figure_per_subject_at_the_location():
    sections = r.location_results(Q, ANSWERS, RESPONSES, ROTTERDAM).sections
    section = next(s for s in sections if s.question.id == 2)
    assert [f.subject for f in section.figures] == ["Anja (ROSA)", "Hans Bosselaar (VU)"]
    hans = figure_of(sections, 2, "speaker:10")
    assert hans.average == pytest.approx(4.5) and hans.count == 2
    assert bars(hans)["4"] == (1, 50.0) and bars(hans)["5"] == (1, 50.0)


def test_choices_count_people_and_keep_removed_options():
    sections = r.location_results(Q, ANSWERS, RESPONSES, ZUTPHEN).sections
    single = figure_of(sections, 3)
    assert single.count == 2
    assert bars(single) == {"Ja": (0, 0.0), "Misschien": (1, 50.0), "Nee": (0, 0.0), "Vroeger": (1, 50.0)}
    multiple = figure_of(sections, 4)
    assert multiple.count == 1 and bars(multiple) == {"A": (1, 100.0), "B": (0, 0.0), "C": (0, 0.0)}


def test_open_answers_are_trimmed_and_empty_ones_left_out():
    assert figure_of(r.location_results(Q, ANSWERS, RESPONSES, ROTTERDAM).sections, 5).open_answers == ("Mooi",)
    edition = r.edition_results(Q, ANSWERS, RESPONSES, [ROTTERDAM, ZUTPHEN])
    fig = figure_of(edition.sections, 5)
    assert fig.open_answers == ("Koffie", "Mooi") and fig.count == 2


def test_edition_totals():
    edition = r.edition_results(Q, ANSWERS, RESPONSES, [ROTTERDAM, ZUTPHEN])
    assert [p.city for p in edition.participation] == ["Zutphen", "Rotterdam"]  # by date
    total = edition.total
    assert (total.responses, total.present, total.paper) == (5, 14, 1)
    assert total.response_rate == pytest.approx(500 / 14)
    mark = figure_of(edition.sections, 1)
    assert mark.count == 4 and mark.average == pytest.approx(7.5)
    multiple = figure_of(edition.sections, 4)
    assert multiple.count == 3 and bars(multiple) == {"A": (2, 66.67), "B": (2, 66.67), "C": (0, 0.0)}


def test_comparison_side_by_side():
    comparison = r.edition_comparison(Q, ANSWERS, RESPONSES, [ROTTERDAM, ZUTPHEN])
    assert [loc.city for loc in comparison.locations] == ["Zutphen", "Rotterdam"]
    rows = {(row.question_id, row.option): row for row in comparison.rows}
    mark = rows[(1, "")]
    assert [(c.count, c.average) for c in mark.cells] == [(1, 9.0), (3, 7.0)]
    assert (mark.overall.count, mark.overall.average) == (4, 7.5)
    speaker = rows[(2, "")]  # all speakers together
    assert speaker.cells[0].average == pytest.approx(3.0)
    assert speaker.cells[1].average == pytest.approx(11 / 3)
    assert speaker.overall.average == pytest.approx(3.5)
    ja = rows[(3, "Ja")]
    assert [(c.count, round(c.percent, 2)) for c in ja.cells] == [(0, 0.0), (2, 66.67)]
    assert (ja.overall.count, ja.overall.percent) == (2, 40.0)
    assert [row.option for row in comparison.rows if row.question_id == 3] == ["Ja", "Misschien", "Nee", "Vroeger"]
    assert not any(row.question_id == 5 for row in comparison.rows)  # open questions are not compared
    workgroup = rows[(6, "")]
    assert [c.average for c in workgroup.cells] == [4.0, 4.0] and workgroup.overall.average == 4.0


def test_per_speaker_across_locations():
    speakers = r.speaker_results(Q, ANSWERS, [ROTTERDAM, ZUTPHEN], names={10: "Hans Bosselaar (VU)"})
    assert [s.name for s in speakers] == ["Anja (ROSA)", "Hans Bosselaar (VU)"]
    hans = speakers[1]
    assert hans.key == "speaker:10" and hans.locations == ("Zutphen", "Rotterdam")
    (block,) = hans.questions
    assert block.overall.count == 3 and block.overall.average == pytest.approx(4.0)
    assert [(row.city, row.figure.average) for row in block.per_location] == [("Zutphen", 3.0), ("Rotterdam", 4.5)]


def test_per_workgroup_across_locations():
    workgroups = r.workgroup_results(Q, ANSWERS, [ROTTERDAM, ZUTPHEN], names={5: "Participatiewet", 6: "Maatjes"})
    by_name = {w.name: w for w in workgroups}
    assert by_name["Participatiewet"].questions[0].overall.average == pytest.approx(4.5)
    assert by_name["Participatiewet"].locations == ("Zutphen", "Rotterdam")
    assert by_name["Maatjes"].questions[0].overall.average == pytest.approx(3.0)


def test_only_the_given_locations_count():
    edition = r.edition_results(Q, ANSWERS, RESPONSES, [ROTTERDAM])
    assert edition.total.responses == 3
    assert figure_of(edition.sections, 1).average == pytest.approx(7.0)
    assert [s.locations for s in edition.speakers] == [("Rotterdam",), ("Rotterdam",)]


def test_no_answers_no_average_and_no_rate_without_check_in():
    empty = r.Location(3, "Beilen", date(2013, 10, 25), registered=20, present=0)
    result = r.location_results(Q, ANSWERS, RESPONSES, empty)
    assert result.participation.response_rate is None
    fig = figure_of(result.sections, 1)
    assert fig.count == 0 and fig.average is None and all(b.percent == 0 for b in fig.distribution)
    assert next(s for s in result.sections if s.question.id == 2).figures == ()


def test_the_package_is_pure():
    """Every module of the results package imports only the standard library and its siblings."""
    import ast
    import pkgutil
    from pathlib import Path

    for module in pkgutil.iter_modules(r.__path__):
        tree = ast.parse((Path(r.__path__[0]) / f"{module.name}.py").read_text())
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
            alias.name for n in ast.walk(tree) if isinstance(n, ast.Import) for alias in n.names
        }
        ours = {name for name in imported if name and name.split(".")[0] == "app"}
        assert all(name.startswith("app.evaluation.results.") for name in ours), module.name
        assert not any(name and name.split(".")[0] in {"flask", "sqlalchemy", "flask_babel"} for name in imported)


def test_overview_puts_every_speaker_on_one_row():
    view = r.overview(r.speaker_results(Q, ANSWERS, [ROTTERDAM, ZUTPHEN]))
    assert [q.id for q in view.questions] == [2]
    assert [(row.name, row.cells[0].count, row.cells[0].average) for row in view.rows] == [
        ("Anja (ROSA)", 1, 2.0),
        ("Hans Bosselaar (VU)", 3, 4.0),
    ]


def test_edition_rate_counts_only_the_days_that_used_check_in():
    """Beilen did not check anyone in but typed in eight paper forms: they have no base, so
    they are not counted against the people checked in elsewhere (which made 93%)."""
    beilen = r.Location(3, "Beilen", date(2013, 10, 25), registered=20, present=0)
    responses = [*RESPONSES, *(r.Response(f"b{n}", 3, "paper") for n in range(8))]
    edition = r.edition_results(Q, ANSWERS, responses, [ROTTERDAM, ZUTPHEN, beilen])
    total = edition.total
    assert (total.responses, total.present) == (13, 14)
    assert total.response_rate == pytest.approx(500 / 14)  # 5 answers of 14 checked in
    assert next(p for p in edition.participation if p.city == "Beilen").response_rate is None
    only_beilen = r.edition_results(Q, ANSWERS, responses, [beilen])
    assert only_beilen.total.responses == 8 and only_beilen.total.response_rate is None
