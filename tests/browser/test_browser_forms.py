"""Form errors are announced (role=alert) and linked to their fields."""

from __future__ import annotations

import pytest

ERROR_STATE = """() => {
  const summary = document.querySelector('.error-summary');
  const links = [...summary.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href').slice(1));
  const fields = [...document.querySelectorAll('[aria-invalid="true"]')].map(field => ({
    id: field.id,
    describedby: (field.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean),
  }));
  return {
    role: summary.getAttribute('role'),
    links,
    missing: links.filter(id => !document.getElementById(id)),
    fields,
    descriptions: Object.fromEntries(fields.flatMap(f => f.describedby).map(id => {
      const element = document.getElementById(id);
      return [id, element ? element.textContent.trim() : null];
    })),
  };
}"""


def test_wrong_password_is_announced_and_linked(page, pages, login):
    login(page, pages.organiser, password="niet-het-goede-wachtwoord")
    state = page.evaluate(ERROR_STATE)

    assert state["role"] == "alert"
    assert state["links"] == ["password"] and state["missing"] == []
    assert state["fields"] == [{"id": "password", "describedby": ["password-error"]}]
    assert state["descriptions"]["password-error"] == "Het e-mailadres of het wachtwoord klopt niet."
    assert page.get_by_role("alert").get_by_role("link").inner_text().startswith("Wachtwoord:")
    # The accessible description a screen reader reads with the field.
    assert page.get_by_label("Wachtwoord").get_attribute("aria-describedby") == "password-error"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_empty_form_links_every_field(new_page, pages, language):
    page = new_page(language=language)
    page.goto(pages.login)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    state = page.evaluate(ERROR_STATE)

    assert state["role"] == "alert"
    assert state["links"] == ["email", "password"] and state["missing"] == []
    assert [field["id"] for field in state["fields"]] == ["email", "password"]
    for field in state["fields"]:
        assert field["describedby"] == [f"{field['id']}-error"]
        assert state["descriptions"][f"{field['id']}-error"]

    # Following a link in the summary lands on its field.
    page.get_by_role("alert").get_by_role("link").first.click()
    assert page.url.endswith("#email")
