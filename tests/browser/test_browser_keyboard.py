"""Keyboard only: the login page from the top, with a visible focus at every step."""

from __future__ import annotations

FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {
    tag: element.tagName.toLowerCase(),
    id: element.id,
    type: element.getAttribute('type'),
    text: element.textContent.trim(),
    href: element.getAttribute('href'),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== 'none',
    onScreen: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
              && box.left < innerWidth && box.top < innerHeight,
  };
}"""


def tab(page) -> dict:
    page.keyboard.press("Tab")
    return page.evaluate(FOCUSED)


def assert_focus_visible(focused: dict) -> None:
    assert focused["onScreen"], f"focused element is off screen: {focused}"
    assert focused["outline"] or focused["shadow"], f"no visible focus indicator on {focused}"


def test_login_by_keyboard(page, pages):
    page.goto(pages.login)

    first = tab(page)
    assert (first["tag"], first["href"]) == ("a", "#inhoud"), "the first stop is the skip link"
    assert first["text"] == "Naar de inhoud"
    assert_focus_visible(first)
    assert page.get_by_role("link", name="Naar de inhoud").is_visible()

    # On through the header to the form: e-mail, password, remember me, submit.
    focused = first
    for _ in range(8):
        focused = tab(page)
        if focused["id"] == "email":
            break
        assert_focus_visible(focused)
    assert focused["id"] == "email", "Tab never reached the e-mail field"
    form_stops = [focused] + [tab(page) for _ in range(3)]
    assert [(stop["id"] or stop["type"]) for stop in form_stops] == ["email", "password", "remember", "submit"]
    for stop in form_stops:
        assert_focus_visible(stop)

    # Back to the e-mail field, then fill in everything by keyboard and press Enter.
    for _ in range(3):
        page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED)["id"] == "email"
    page.keyboard.type(pages.organiser.email)
    page.keyboard.press("Tab")
    page.keyboard.type(pages.organiser.password)
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert page.locator("#remember").is_checked()
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(pages.dashboard)
    assert page.get_by_role("heading", level=1).inner_text() == "Beheer"


def test_skip_link_moves_focus_to_the_content(page, pages):
    page.goto(pages.edition)
    tab(page)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
    # The next Tab continues inside the content, not in the header.
    focused = tab(page)
    assert page.evaluate("document.activeElement.closest('main') !== null"), focused
