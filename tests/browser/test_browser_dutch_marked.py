"""On English pages, Dutch content the organiser entered is marked lang="nl" (WCAG 3.1.2).

Programme titles and descriptions, workgroup titles and descriptions, organisation kinds,
evaluation questions and the titles of talks are Dutch unless the organiser entered an
English version; a screen reader must then read them as Dutch. Every English page the
links reach is checked: any text that holds such a Dutch text is inside an element with
lang="nl".
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

from crawl import crawl

# Long enough not to be an English word or a name as well.
MINIMUM_LENGTH = 12
DUTCH_TEXTS = """
SELECT title FROM programme_item WHERE title_en IS NULL
UNION SELECT description FROM programme_item WHERE description_en IS NULL
UNION SELECT title FROM workgroup
UNION SELECT description FROM workgroup WHERE description_en IS NULL
UNION SELECT name FROM organisation_kind WHERE name_en IS NULL
UNION SELECT text FROM evaluation_question WHERE text_en IS NULL
UNION SELECT title FROM contribution
EXCEPT SELECT name FROM speaker
EXCEPT SELECT organisation FROM speaker
"""

# Names are no language: a participant's organisation ("Cliëntenraad Rotterdam") may hold
# an organisation kind's word.
NAMES = """
SELECT organisation FROM registration UNION SELECT name FROM speaker UNION SELECT organisation FROM speaker
"""

# An <option> holds no element, so one that mixes English words with a Dutch title (
# "Round 1: <title>") cannot mark a part; an option that is wholly Dutch must carry lang.
UNMARKED = """([texts, names]) => {
  const found = [];
  const ignored = new Set(names);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.replace(/\\s+/g, ' ');
    const holder = node.parentElement.closest('[lang]');
    if ((holder && holder.lang === 'nl') || ignored.has(text.trim())) continue;
    const inOption = node.parentElement.tagName === 'OPTION';
    for (const dutch of texts) {
      const holds = inOption ? text.trim() === dutch : text.includes(dutch);
      if (holds) found.push(`<${node.parentElement.tagName.toLowerCase()}> ${dutch}`);
    }
  }
  return found;
}"""


def _dutch_texts(live_server) -> list[list[str]]:
    """[Dutch texts, names]: the argument of UNMARKED."""
    with closing(sqlite3.connect(live_server.database)) as connection:
        texts = {" ".join(text.split()) for (text,) in connection.execute(DUTCH_TEXTS) if text}
        names = sorted({" ".join(name.split()) for (name,) in connection.execute(NAMES) if name})
    return [sorted(text for text in texts if len(text) >= MINIMUM_LENGTH), names]


def _unmarked(page, start, texts) -> list[str]:
    problems = []
    for path in crawl(page, start):
        problems += [f"{path}: {problem}" for problem in dict.fromkeys(page.evaluate(UNMARKED, texts))]
    return problems


def test_english_public_pages_mark_dutch_content(new_page, pages, live_server):
    texts = _dutch_texts(live_server)
    assert len(texts[0]) > 20  # the demo's programme, workgroups, kinds and questions
    page = new_page(language="en")
    start = [path for name, path in pages.public.items() if name != "404"]
    problems = _unmarked(page, start, texts)
    assert not problems, f'Dutch content without lang="nl" on {len(problems)} places:\n' + "\n".join(problems[:60])


def test_english_organiser_pages_mark_dutch_content(new_page, pages, login, live_server):
    texts = _dutch_texts(live_server)
    page = login(new_page(language="en"))
    problems = _unmarked(page, [pages.dashboard, *pages.organiser_pages.values()], texts)
    assert not problems, f'Dutch content without lang="nl" on {len(problems)} places:\n' + "\n".join(problems[:60])


def test_the_check_finds_unmarked_dutch(new_page, pages, live_server):
    page = new_page(language="en")
    page.goto(pages.location("rotterdam"))
    texts = _dutch_texts(live_server)
    assert page.evaluate(UNMARKED, texts) == []
    page.evaluate("document.querySelectorAll('[lang=nl]').forEach(element => element.removeAttribute('lang'))")
    assert page.evaluate(UNMARKED, texts) != []
