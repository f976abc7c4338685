"""Every Dutch text in the code has an English translation (English is a full language
here, not a partial one)."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
METHODS = [("app/**.py", "python"), ("templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def _catalogue():
    with (ROOT / "app/translations/en/LC_MESSAGES/messages.po").open("rb") as handle:
        return read_po(handle)


def _texts_in_code() -> set[str]:
    texts = set()
    for directory, pattern_method in (("app", METHODS[0]), ("templates", METHODS[1])):
        found = extract_from_dir(
            str(ROOT / directory),
            method_map=[(pattern_method[0].split("/", 1)[1], pattern_method[1])],
            keywords=KEYWORDS,
        )
        for _filename, _line, message, _comments, _context in found:
            texts.add(message[0] if isinstance(message, tuple) else message)
    return texts


def test_every_text_in_the_code_is_translated_to_english():
    catalogue = _catalogue()
    missing = sorted(
        text for text in _texts_in_code() if not (catalogue.get(text) and _translated(catalogue.get(text).string))
    )
    assert missing == [], "run `make extract-messages` and translate:\n" + "\n".join(missing[:30])


def _translated(value) -> bool:
    return all(value) if isinstance(value, tuple) else bool(value)
