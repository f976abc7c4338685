"""The look-back as an editable Word document (python-docx): a pure function of plain
data, no Flask. Partners edit and forward it, so it uses Word's own styles (Title,
Heading 1-3, List Bullet, Quote) rather than fixed formatting, and its links are real
hyperlinks. The organiser's Markdown is walked token by token (app/archive/markdown.py).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from markdown_it.token import Token

from app.archive import context, markdown

GREEN = RGBColor(0x0B, 0x5A, 0x4A)
PHOTO_WIDTH = Cm(7.5)
STYLES = (
    "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "List Bullet 2", "List Bullet 3",
    "List Number", "List Number 2", "List Number 3", "Quote", "Caption",
)  # fmt: skip


class Styles:
    """Word style ids looked up once: python-docx looks a style name up anew for every
    paragraph, which made a long document take seconds."""

    def __init__(self, document):
        self.ids = {name: document.styles[name].style_id for name in STYLES}

    def apply(self, paragraph, name: str | None):
        if name:
            paragraph._p.style = self.ids[name]
        return paragraph


def add_para(document, text: str = "", style: str | None = None):
    return document._styles_cache.apply(document.add_paragraph(text), style)


def add_head(document, text: str, level: int):
    return add_para(document, text, f"Heading {level}" if level else "Title")


@dataclass(frozen=True)
class DocxLabels:
    """Every fixed text of the document, translated by the caller."""

    title: str
    subtitle: str  # e.g. "Alliantiedagen 2013 · Groeien in kracht"
    dates: str  # e.g. "4 oktober – 1 november 2013"
    location_titles: tuple[str, ...]  # "Zutphen, vrijdag 4 oktober 2013", one per location
    speakers: str
    materials: str
    reports: str
    photos: str
    summary: str
    points: str
    recommendations: str
    participant_counts: tuple[tuple[int, str], ...]  # (report id, "12 deelnemers")
    facilitator: str
    not_yet: str  # "No workgroup reports published yet."
    all_recommendations: str
    made_on: str


def build_look_back_docx(book: context.LookBackBook, labels: DocxLabels) -> bytes:
    document = Document()
    document._styles_cache = Styles(document)  # type: ignore[attr-defined]  # our style cache rides on the document
    _base_styles(document)
    properties = document.core_properties
    properties.title = labels.title
    properties.subject = book.edition.theme
    properties.author = book.edition.organising_alliance or book.edition.name
    properties.language = "nl-NL"

    add_para(document, labels.title, "Title")
    add_para(document, labels.subtitle, "Subtitle")
    if labels.dates:
        add_para(document, labels.dates)
    if book.text_markdown.strip():
        add_markdown(document, book.text_markdown)

    counts = dict(labels.participant_counts)
    for location, heading in zip(book.locations, labels.location_titles, strict=True):
        add_head(document, heading, level=1)
        _speakers(document, location, labels)
        _reports(document, location.reports, labels, counts)
        _photos(document, location.photos, labels)

    if book.recommendations:
        add_head(document, labels.all_recommendations, level=1)
        for item in book.recommendations:
            paragraph = add_para(document, "", "List Number")
            paragraph.add_run(f"{item.text} ")
            paragraph.add_run(f"({item.workgroup}, {item.city})").italic = True
    add_para(document, labels.made_on).runs[0].italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _base_styles(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        document.styles[name].font.color.rgb = GREEN


def _speakers(document, location: context.LocationArchive, labels: DocxLabels) -> None:
    if not location.contributions and not location.general:
        return
    add_head(document, labels.speakers, level=2)
    for entry in location.contributions:
        paragraph = add_para(document, "", "List Bullet")
        paragraph.add_run(entry.speaker).bold = True
        if entry.organisation:
            paragraph.add_run(f", {entry.organisation}")
        paragraph.add_run(f" · {entry.item}")
        if entry.title:
            paragraph.add_run(f": {entry.title}").italic = True
        _material_lines(document, entry.materials)
    for general in location.general:
        paragraph = add_para(document, "", "List Bullet")
        paragraph.add_run(general.item).bold = True
        _material_lines(document, general.materials)


def _material_lines(document, materials: Sequence[context.MaterialEntry]) -> None:
    for material in materials:
        paragraph = add_para(document, "", "List Bullet 2")
        add_hyperlink(paragraph, material.title, material.href)
        detail = material.file_label or material.host
        if detail:
            paragraph.add_run(f" ({detail})")


def _reports(document, reports: Sequence[context.ReportEntry], labels: DocxLabels, counts: dict) -> None:
    add_head(document, labels.reports, level=2)
    if not reports:
        add_para(document, labels.not_yet)
        return
    for report in reports:
        add_head(document, report.workgroup, level=3)
        facilitator = f"{labels.facilitator}: {report.facilitator}" if report.facilitator else ""
        facts = [part for part in (counts.get(report.id, ""), facilitator) if part]
        if facts:
            add_para(document, " · ".join(facts)).runs[0].italic = True
        add_para(document, report.summary)
        for heading, items in ((labels.points, report.points), (labels.recommendations, report.recommendations)):
            if items:
                add_para(document).add_run(heading).bold = True
                for item in items:
                    add_para(document, item, "List Bullet")


def _photos(document, photos: Sequence[context.PhotoEntry], labels: DocxLabels) -> None:
    shown = [photo for photo in photos if photo.image]
    if not shown:
        return
    add_head(document, labels.photos, level=2)
    for photo in shown:
        document.add_picture(io.BytesIO(photo.image), width=PHOTO_WIDTH)
        picture = document.inline_shapes[-1]
        picture._inline.docPr.set("descr", photo.alt)  # the alt text, as Word's own "Alt Text"
        caption = add_para(document, photo.caption or photo.alt, "Caption")
        caption.alignment = WD_ALIGN_PARAGRAPH.LEFT


# --- Markdown to Word -------------------------------------------------------------------


def add_markdown(document, text: str) -> None:
    """Headings, paragraphs, lists, quotes, code and tables of the organiser's text."""
    lists: list[str] = []  # the open lists' kinds, innermost last
    quote = False
    tokens = markdown.tokens(text)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            level = int(token.tag[1]) - 1  # the page's h2 is the document's Heading 1
            heading = add_head(document, "", level=min(max(level, 1), 3))
            _inline(heading, tokens[index + 1])
            index += 2
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("List Bullet" if token.type == "bullet_list_open" else "List Number")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "blockquote_open":
            quote = True
        elif token.type == "blockquote_close":
            quote = False
        elif token.type == "paragraph_open":
            style = _list_style(lists) if lists else ("Quote" if quote else None)
            paragraph = add_para(document, "", style)
            _inline(paragraph, tokens[index + 1])
            index += 2
        elif token.type in ("fence", "code_block"):
            paragraph = add_para(document)
            run = paragraph.add_run(token.content.rstrip("\n"))
            run.font.name = "Courier New"
        elif token.type == "table_open":
            index = _table(document, tokens, index)
        elif token.type == "hr":
            add_para(document, "—")
        index += 1


def _list_style(lists: list[str]) -> str:
    depth = len(lists)
    return lists[-1] if depth == 1 else f"{lists[-1]} {min(depth, 3)}"


def _inline(paragraph, token: Token) -> None:
    bold = italic = strike = False
    link: str | None = None
    for child in token.children or []:
        kind = child.type
        if kind == "strong_open" or kind == "strong_close":
            bold = kind == "strong_open"
        elif kind in ("em_open", "em_close"):
            italic = kind == "em_open"
        elif kind in ("s_open", "s_close"):
            strike = kind == "s_open"
        elif kind == "link_open":
            link = str(child.attrs.get("href", ""))
        elif kind == "link_close":
            link = None
        elif kind in ("text", "code_inline"):
            if link and link.startswith(("http://", "https://", "mailto:")):
                add_hyperlink(paragraph, child.content, link)
                continue
            run = paragraph.add_run(child.content)
            run.bold, run.italic, run.font.strike = bold, italic, strike
            if kind == "code_inline":
                run.font.name = "Courier New"
        elif kind in ("softbreak", "hardbreak"):
            paragraph.add_run().add_break() if kind == "hardbreak" else paragraph.add_run(" ")


def _table(document, tokens: list[Token], index: int) -> int:
    rows: list[list[Token]] = []
    while tokens[index].type != "table_close":
        if tokens[index].type == "tr_open":
            rows.append([])
        elif tokens[index].type == "inline" and rows:
            rows[-1].append(tokens[index])
        index += 1
    if rows:
        table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                paragraph = table.cell(r, c).paragraphs[0]
                _inline(paragraph, cell)
                if r == 0:
                    for run in paragraph.runs:
                        run.bold = True
    return index


def add_hyperlink(paragraph, text: str, url: str):
    """A real, clickable hyperlink run (python-docx has no public API for it)."""
    part = paragraph.part
    relation = part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    properties.append(style)
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "0B5A4A")
    properties.append(colour)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(underline)
    run.append(properties)
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    hyperlink.append(run)
    paragraph._p.append(hyperlink)
    return hyperlink
