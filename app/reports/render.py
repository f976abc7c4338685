"""HTML to PDF with WeasyPrint, fetching nothing but the app's own report assets."""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import render_template
from flask_babel import force_locale
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

ASSETS_DIR = (Path(__file__).resolve().parent.parent.parent / "static" / "reports").resolve()
log = logging.getLogger(__name__)


class AssetsOnlyFetcher(URLFetcher):
    """No network, and no file:// outside static/reports: a report can never leak
    a server file or call out, whatever text ends up in it."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if path.is_relative_to(ASSETS_DIR) and path.is_file():
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})
        log.warning("report asset refused: %s", url)
        raise ValueError(f"refused to fetch {url}")


def render_pdf(template: str, *, title: str, language: str = "nl", **context) -> bytes:
    """Render a report template to a tagged PDF in the given language."""
    with force_locale(language):
        html = render_template(template, title=title, language=language, **context)
    document = HTML(string=html, base_url=ASSETS_DIR.as_uri() + "/", url_fetcher=AssetsOnlyFetcher())
    return document.write_pdf(pdf_tags=True)
