"""Every route of the URL map, asked by an anonymous visitor, a coordinator, a facilitator
and an organiser, with GET and POST: each answer is the one that role should get, and
none is a server error. A new route fails here until it is placed in one of the groups
below, so nobody adds a page without deciding who may open it."""

from __future__ import annotations

import pytest
from security_helpers import EVALUATION_ONLY, fill_rule, route_values, snapshot

MANAGE_BLUEPRINTS = {
    "manage", "workgroups_manage", "reports", "registration_manage", "assignment", "evaluation_manage", "facilitator",
    "archive_manage", "mail_log", "report_writer", "messages", "accounts_manage", "seasons", "door",
}  # fmt: skip
# Public pages and downloads: anyone, no account.
PUBLIC = {
    "static", "programme.index", "programme.privacy", "programme.set_language", "programme.edition",
    "programme.location", "registration.create", "registration.sent", "calendar.location_day",
    "calendar.edition_feed", "accounts.login", "accounts.logout", "archive.look_back", "archive.look_back_docx",
    "archive.look_back_pdf", "archive.material_file", "archive.photo_file", "archive.recommendations",
    "archive.recommendations_export", "archive.workgroup", "archive.workgroup_reports_pdf", "archive.workgroups",
    "accounts.forgot_password",
    "programme.preview",
}  # fmt: skip
# Behind a personal link (the token is the key) or the evaluation link.
PERSONAL = {
    "registration.personal", "registration.change", "registration.cancel", "registration.export",
    "registration.reminders",
    "registration.erase", "calendar.participant", "evaluation.answer", "evaluation.thanks", "registration.photos",
    "accounts.choose_password",  # the set-password link in an invitation or a reset mail
}  # fmt: skip
# Edition-wide organiser pages: coordinators are refused even for their own edition.
ORGANISER_ONLY = {
    "manage.create_edition", "manage.edit_edition", "manage.edition", "manage.create_item", "manage.edit_item",
    "manage.move_item", "manage.delete_item", "manage.create_location", "manage.speakers", "manage.edit_speaker",
    "reports.edition_report", "registration_manage.organisation_kinds", "registration_manage.delete_organisation_kind",
    "evaluation_manage.form_definition", "evaluation_manage.create_form", "evaluation_manage.create_question",
    "evaluation_manage.edit_question", "evaluation_manage.delete_question", "evaluation_manage.move_question",
    "evaluation_manage.edition_csv", "evaluation_manage.edition_xlsx", "workgroups_manage.catalogue",
    "workgroups_manage.edit_workgroup", "archive_manage.look_back", "archive_manage.send_reminders",
    "manage.cancel_location", "messages.mail_rules", "messages.edit_mail_rule", "messages.switch_mail_rule",
    "messages.catch_up_mail_rule", "accounts_manage.accounts", "accounts_manage.invite", "accounts_manage.edit",
    "accounts_manage.resend", "accounts_manage.deactivate", "accounts_manage.reactivate",
    "seasons.duplicate", "seasons.publish_edition", "seasons.publish_location", "seasons.archive_edition",
    "seasons.restore_edition", "seasons.archive_location", "seasons.restore_location", "seasons.archive_workgroup",
    "seasons.restore_workgroup",
}  # fmt: skip
# Edition-wide pages a coordinator may open, showing only their own locations.
FILTERED = {
    "manage.dashboard", "manage.readiness", "registration_manage.overview", "evaluation_manage.edition_results",
}  # fmt: skip
# Edition-wide forms a coordinator may use for their own locations only: the page shows
# only theirs, and a post that names none of theirs is refused and changes nothing.
FILTERED_FORMS = {"workgroups_manage.offer_at_locations"}
FACILITATOR_PAGES = {"facilitator.workgroups", "facilitator.sign_in_sheet"}
# Every signed-in person's own account: their password.
OWN_ACCOUNT = {"accounts_manage.own_password"}
# Their own workgroup's report: the facilitator writes it, whoever manages the location reviews it.
REPORT_WRITING = {"report_writer.edit"}


def _rules(app):
    return sorted(app.url_map.iter_rules(), key=lambda rule: (rule.endpoint, rule.rule))


def _is_manage(rule) -> bool:
    return rule.endpoint.split(".")[0] in MANAGE_BLUEPRINTS


@pytest.fixture()
def ids(world) -> dict:
    """Every id and token, read once: later posts may delete the rows they came from."""
    return {city: route_values(world, city) for city in ("Rotterdam", "Zutphen")}


def _url(rule, ids: dict, city: str) -> str:
    return fill_rule(rule, ids[city])


def _methods(rule) -> list[str]:
    return sorted(rule.methods & {"GET", "POST"})


def _ask(client, rule, ids, city):
    """(method, url, response) for every method of the rule, GET first."""
    url = _url(rule, ids, city)
    for method in _methods(rule):
        yield method, url, client.open(url, method=method, data={})


def test_every_route_is_placed_in_a_group(app):
    groups = PUBLIC | PERSONAL | EVALUATION_ONLY
    loose = [rule.endpoint for rule in _rules(app) if not _is_manage(rule) and rule.endpoint not in groups]
    assert loose == [], "decide who may open these routes and add them to a group"
    assert {
        rule.endpoint for rule in _rules(app)
    } >= ORGANISER_ONLY | FILTERED | FILTERED_FORMS | FACILITATOR_PAGES | OWN_ACCOUNT
    assert len([rule for rule in _rules(app) if _is_manage(rule)]) >= 50


def test_anonymous_visitor(app, client, ids):
    for rule in _rules(app):
        if rule.endpoint == "accounts.logout":
            continue
        for method, url, response in _ask(client, rule, ids, "Rotterdam"):
            assert response.status_code != 500, (method, url)
            if _is_manage(rule):
                assert response.status_code == 302, (method, url, response.status_code)
                assert response.headers["Location"].startswith("/beheer/inloggen"), (method, url)
            else:
                assert response.status_code in (200, 202, 302, 400, 404, 405), (method, url, response.status_code)


def test_facilitator(app, client, auth, ids):
    auth.login("facilitator@example.org")
    for city in ("Zutphen", "Rotterdam"):
        for rule in _rules(app):
            if rule.endpoint == "accounts.logout" or not _is_manage(rule):
                continue
            for method, url, response in _ask(client, rule, ids, city):
                code = response.status_code
                if rule.endpoint == "manage.dashboard":
                    assert code == 302 and response.headers["Location"] == "/beheer/mijn-werkgroepen/", url
                elif rule.endpoint == "facilitator.workgroups":
                    assert code == (200 if method == "GET" else 405), (method, url, code)
                elif rule.endpoint in OWN_ACCOUNT:
                    assert code == 200, (method, url, code)  # a POST without fields: the form's errors
                elif rule.endpoint in REPORT_WRITING:
                    assert code in ((200, 302) if city == "Rotterdam" else (403,)), (method, url, code)
                elif rule.endpoint == "facilitator.sign_in_sheet":
                    # Their own sheet: from the report cache, or the status page of its build.
                    expected = (405,) if method == "POST" else ((200, 302) if city == "Rotterdam" else (403,))
                    assert code in expected, (method, url, code)
                    if code == 302:
                        assert response.headers["Location"].startswith("/beheer/documenten/"), url
                else:
                    assert code == 403, (method, url, code)


def test_coordinator(app, client, auth, ids):
    """Zutphen is not theirs: refused everywhere. Rotterdam is: allowed except on the
    edition-wide organiser pages. (Zutphen first: Rotterdam's posts change things.)"""
    auth.login("coordinator@example.org")
    before = snapshot()
    for rule in _rules(app):
        if not _is_manage(rule):
            continue
        for method, url, response in _ask(client, rule, ids, "Zutphen"):
            code = response.status_code
            if rule.endpoint in (FILTERED | FILTERED_FORMS) and method == "GET":
                assert code == 200 and "Zutphen" not in response.get_data(as_text=True), url
            elif rule.endpoint in FILTERED_FORMS:
                assert code == 400, (method, url, code)
            elif rule.endpoint == "facilitator.workgroups" and method == "GET":
                assert code == 200, url
            elif rule.endpoint in OWN_ACCOUNT:
                assert code == 200, (method, url, code)
            elif method not in rule.methods:
                assert code == 405, (method, url, code)
            else:
                assert code == 403, (method, url, code)
    assert snapshot() == before, "a refused request changed nothing"
    for rule in _rules(app):
        if not _is_manage(rule):
            continue
        for method, url, response in _ask(client, rule, ids, "Rotterdam"):
            code = response.status_code
            assert code != 500, (method, url)
            if rule.endpoint in ORGANISER_ONLY:
                assert code == 403, (method, url, code)
            else:
                assert code in (200, 302, 400, 404, 405), (method, url, code)


def test_organiser(app, client, auth, ids):
    auth.login("organiser@example.org")
    for city in ("Zutphen", "Rotterdam"):
        for rule in _rules(app):
            if rule.endpoint == "accounts.logout":
                continue
            for method, url, response in _ask(client, rule, ids, city):
                code = response.status_code
                assert code in (200, 202, 302, 400, 404, 405), (method, url, code)  # 202: a public PDF being made


@pytest.mark.parametrize("who", ["organiser@example.org", "coordinator@example.org", "facilitator@example.org"])
def test_personal_and_public_pages_for_signed_in_people(app, client, auth, ids, who):
    """Signing in changes nothing on the public side: a personal link works for whoever
    holds it, and no public page breaks for a signed-in visitor."""
    auth.login(who)
    for rule in _rules(app):
        if _is_manage(rule) or rule.endpoint == "accounts.logout":
            continue
        for method, url, response in _ask(client, rule, ids, "Zutphen"):
            assert response.status_code in (200, 202, 302, 400, 404, 405), (method, url, response.status_code)
