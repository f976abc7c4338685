"""Fuzzing every public form and every organiser form (Hypothesis, seeded and bounded).

Every POST route of the URL map is a target. Its fields are found the way a browser
finds them: by reading the forms on the site's own pages (inputs, selects and their
options, text areas). Hypothesis then posts random Unicode, control characters, huge and
odd numbers, very long text, files, repeated and missing fields, and fields nobody
asked for, mixed with the values the page itself offers (so some posts get past the
first check). For every post: never a server error, and a refused post (anything but a
redirect) changes nothing in the database.

Runs derandomized (the same examples every run) with a fixed number of examples per
target; about a minute on SQLite.
"""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from security_helpers import fill_rule, route_values, snapshot

from app import create_app
from app.evaluation import services as evaluation
from app.extensions import db
from app.registration.services import check_in
from config import TestConfig

EXAMPLES = {"public": 30, "organiser": 12}
PUBLIC = {"accounts.login", "registration.create", "registration.change", "registration.cancel",
          "registration.erase", "registration.reminders", "evaluation.answer", "evaluation.answer_only"}  # fmt: skip
SKIPPED = {"accounts.logout"}  # signs the fuzzer out; tested in test_sessions.py


def _post_endpoints() -> list[str]:
    app = create_app(TestConfig)
    return sorted({rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods} - SKIPPED)


POST_ENDPOINTS = _post_endpoints()


# --- what the pages offer ---------------------------------------------------------------


class _Forms(HTMLParser):
    """The post forms of a page: action -> {field name: values the page offers}."""

    def __init__(self, page_url: str):
        super().__init__()
        self.page_url = page_url
        self.forms: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.action: str | None = None
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.action = urlsplit(attrs.get("action") or self.page_url).path
        elif self.action and tag in ("input", "textarea", "button") and attrs.get("name"):
            if attrs["name"] != "csrf_token":
                self.forms[self.action][attrs["name"]].add(attrs.get("value") or "")
        elif self.action and tag == "select":
            self.select = attrs.get("name")
        elif self.action and tag == "option" and self.select:
            self.forms[self.action][self.select].add(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.action = None
        elif tag == "select":
            self.select = None


_OFFERED: dict[str, dict] = {}


def _offered_fields(client, app, values) -> dict[str, dict[str, set[str]]]:
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static" or rule.rule.endswith((".pdf", ".csv", ".xlsx")):
            continue
        url = fill_rule(rule, values)
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        parser = _Forms(urlsplit(url).path)
        parser.feed(response.get_data(as_text=True))
        for action, fields in parser.forms.items():
            for name, offered in fields.items():
                found[_generic(action, values)][name] |= offered
    return found


def _generic(path: str, values: dict) -> str:
    """The path with this test's personal tokens (random each time) as placeholders."""
    return path.replace(values["evaluation_token"], "<evaluation_token>").replace(values["token"], "<token>")


# --- what the fuzzer sends ----------------------------------------------------------------

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
CONTROL = st.sampled_from(["\x00", "\r\n", "\n", "\r", "\t", "\x0b", "\x1b", "\x7f", "\x85", "\u2028", "\ufeff"])
NUMBER = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(["9" * 5000, "2147483648", "-2147483649", "1e9", "0x1f", "²", "١٢", " 7 ", "NaN", "-0"]),
)


def _file(content: bytes):
    return (io.BytesIO(content), "bestand.pdf")


def _value(offered: set[str]):
    simple = st.one_of(
        TEXT,
        st.builds(lambda a, c, b: a + c + b, TEXT, CONTROL, TEXT),
        NUMBER,
        st.integers(1_000, 200_000).map(lambda n: "x" * n),
    )
    choices = [st.sampled_from(sorted(offered))] * 3 if offered else []
    return st.one_of(
        *choices,
        simple,
        st.binary(max_size=64).map(_file),
        st.lists(st.one_of(simple, *choices), min_size=2, max_size=3),
    )


def _posts(fields: dict[str, set[str]]):
    optional = {name: _value(offered) for name, offered in fields.items()}
    extra = st.dictionaries(TEXT.filter(bool), _value(set()), max_size=2)
    return st.tuples(st.fixed_dictionaries({}, optional=optional), extra).map(lambda parts: {**parts[1], **parts[0]})


# --- the targets ------------------------------------------------------------------------------


@pytest.fixture()
def evaluation_open(world):
    """Rotterdam's day was yesterday and its evaluation form is open, so the public
    evaluation form takes answers (and can be fuzzed beyond 'not open yet')."""
    world.rotterdam.date = date.today() - timedelta(days=1)
    check_in(world.registrations["Rotterdam"])
    form = evaluation.form_for(world.edition)
    form.published = True
    db.session.commit()
    return world


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
def test_no_post_breaks_anything(app, client, auth, evaluation_open, endpoint):
    world = evaluation_open
    role = "public" if endpoint in PUBLIC else "organiser"
    values = route_values(world, "Rotterdam")
    if role == "organiser":
        auth.login("organiser@example.org")
    if role not in _OFFERED:  # every test builds the same world (same ids): read the pages once
        _OFFERED[role] = _offered_fields(client, app, values)
    offered = _OFFERED[role]
    rule = next(rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint)
    url = fill_rule(rule, values)
    fields = offered.get(_generic(urlsplit(url).path, values), {})

    @settings(
        max_examples=EXAMPLES[role],
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=_posts(fields))
    def post(data):
        before = snapshot()
        response = client.post(url, data=data)
        page = response.get_data(as_text=True)
        assert response.status_code != 500 and "Er ging iets mis" not in page, (url, data)
        assert response.status_code < 500, (url, response.status_code)
        if response.status_code not in (301, 302, 303):
            assert snapshot() == before, (url, response.status_code, data)

    post()
