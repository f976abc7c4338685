"""The look-back text: Markdown written by the organiser, made safe HTML. No Flask here.

markdown-it-py parses (CommonMark, with tables and strikethrough; images off), then nh3
(the Ammonia sanitiser) keeps only the tags, attributes and link schemes we allow,
whatever the text holds: a <script> or an event handler written into the text is
removed, not shown. Headings start at h2: the page's own title is the h1. The same
token stream feeds the Word document (app/archive/docx.py), which skips raw HTML.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

ALLOWED_TAGS = {
    "h2",
    "h3",
    "h4",
    "p",
    "br",
    "strong",
    "em",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"scope"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
LOWEST_HEADING = 4


def parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.disable("image")  # no pictures from elsewhere on the page (privacy) or in the PDF
    md.core.ruler.push("shift_headings", _shift_headings)
    return md


def _shift_headings(state) -> None:
    """'# Title' becomes h2, '##' h3, deeper ones h4."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + 1, LOWEST_HEADING)
            token.tag = f"h{level}"


def tokens(text: str) -> list[Token]:
    return parser().parse(text or "")


def to_html(text: str) -> str:
    """Safe HTML for the page and the PDF (links open as ordinary links, never scripts)."""
    html = parser().render(text or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
