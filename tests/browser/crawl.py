"""Every page of the demo site, found by following its links as a visitor would.

`crawl(page, start)` visits the start paths and every same-site page they link to, and
yields each path once the page has loaded, for the caller to check. Downloads (PDF,
calendar, spreadsheet, JSON, files), the language switch and the personal pages of
individual participants are left out; of the pages that differ only in a database id
(one per registration, per workgroup, per question) a few of each kind are visited.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from urllib.parse import urldefrag, urlsplit

from playwright.sync_api import Page

LINKS = "() => [...document.querySelectorAll('a[href]')].map(a => a.href)"
SKIPPED = re.compile(
    r"/[^/]*\.[a-z0-9]+$"  # a file: .pdf, .ics, .csv, .xlsx, .docx, .json, .jpg
    r"|/bestand$|/documenten/|/archief/foto/"  # downloads and documents being built
    r"|^/taal/"  # the language switch: the caller chooses the language
)
PER_KIND = 2  # pages visited per kind of URL (the same path but for its numbers)


def _kind(path: str) -> str:
    return re.sub(r"[0-9a-f]{16,}|\d+", "#", path)


def crawl(page: Page, start: Iterable[str], limit: int = 400) -> Iterator[str]:
    """Visits the start paths and all pages they lead to; yields each path after loading it."""
    queue: deque[str] = deque(dict.fromkeys(start))
    seen: set[str] = set(queue)
    kinds: Counter[str] = Counter(_kind(path) for path in queue)
    visited = 0
    while queue and visited < limit:
        path = queue.popleft()
        response = page.goto(path)
        assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '-'}"
        visited += 1
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
        yield path
        for link in page.evaluate(LINKS):
            url, _fragment = urldefrag(link)
            parts = urlsplit(url)
            if f"{parts.scheme}://{parts.netloc}" != origin:
                continue
            found = parts.path + (f"?{parts.query}" if parts.query else "")
            if found in seen or SKIPPED.search(parts.path) or kinds[_kind(found)] >= PER_KIND:
                continue
            seen.add(found)
            kinds[_kind(found)] += 1
            queue.append(found)
