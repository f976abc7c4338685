"""Every Dutch text in the code has an English translation (English is a full language
here, not a partial one).

The texts are extracted from the sources here, as `make extract-messages` does (babel.cfg,
the same keywords), so a text that never reached messages.pot fails too; and a call the
extractor cannot read (`_()` inside an f-string, `_()` of a variable) fails on its own,
because it would stay Dutch on English pages while the catalogue looks complete.
"""

import ast
import re
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
# The Makefile's extract-messages: Babel's default keywords plus `-k _l -k lazy_gettext`.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
IGNORED_DIRS = {".venv", "tests", "bench"}
SINGLE_TEXT_FUNCTIONS = {"_", "gettext", "_l", "lazy_gettext"}
PLURAL_FUNCTIONS = {"ngettext", "lazy_ngettext"}


def _catalogue():
    with (ROOT / "app/translations/en/LC_MESSAGES/messages.po").open("rb") as handle:
        return read_po(handle)


def _extracted() -> list[tuple[str, int, str | tuple, str | None]]:
    """(file, line, message, context) for every text `make extract-messages` would find."""
    with (ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = extract_from_dir(
        str(ROOT),
        method_map=method_map,
        options_map=options_map,
        keywords=KEYWORDS,
        directory_filter=lambda path: Path(path).name not in IGNORED_DIRS,
    )
    return [(filename, line, message, context) for filename, line, message, _comments, context in found]


def test_extraction_finds_the_texts_of_the_code_and_the_templates():
    files = {found[0].split("/")[0] for found in _extracted()}
    assert files == {"app", "templates"}


def test_every_text_in_the_code_is_translated_to_english():
    catalogue = _catalogue()
    problems = []
    for filename, line, message, context in _extracted():
        msgid = message[0] if isinstance(message, tuple) else message
        entry = catalogue.get(msgid, context=context)
        if entry is None:
            problems.append(f"{filename}:{line} not in the catalogue: {msgid!r}")
        elif entry.fuzzy or not _translated(entry.string):
            problems.append(f"{filename}:{line} not translated: {msgid!r}")
    assert problems == [], "run `make extract-messages` and translate:\n" + "\n".join(sorted(set(problems))[:30])


def test_no_translation_call_that_the_extractor_cannot_read():
    """`_()` needs a literal text, outside f-strings: anything else is never extracted."""
    problems = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        fstrings = [node for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)]
        in_fstring = {id(node) for fstring in fstrings for node in ast.walk(fstring)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            name = node.func.id
            if name not in SINGLE_TEXT_FUNCTIONS | PLURAL_FUNCTIONS:
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            literal_count = 2 if name in PLURAL_FUNCTIONS else 1
            texts = node.args[:literal_count]
            if len(texts) < literal_count or not all(_is_literal_text(text) for text in texts):
                problems.append(f"{where}: {name}() of something other than a literal text")
            elif id(node) in in_fstring:
                problems.append(f"{where}: {name}() inside an f-string")
    assert problems == []


# `_(`, `gettext(` or `ngettext(` in a template followed by anything but a quoted text.
TEMPLATE_CALL_OF_A_VARIABLE = re.compile(r"(?<![\w.])(?:_|gettext|ngettext)\(\s*(?![\s'\"])")


def test_no_template_translates_a_variable():
    """The Jinja extractor skips `_(label)`: such texts are translated where they are defined."""
    problems = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if TEMPLATE_CALL_OF_A_VARIABLE.search(line)
    ]
    assert problems == []


def _is_literal_text(node) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _translated(value) -> bool:
    return all(value) if isinstance(value, tuple) else bool(value)
