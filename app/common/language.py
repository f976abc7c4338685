"""The one place that decides a visitor's language: `?lang=` on the URL (links in mail
carry it), else the choice kept in the session, else Dutch. Flask-Babel asks
`select_locale`; code that needs the language as a plain string (a PDF, a calendar file,
a new registration) asks `current_language`."""

from __future__ import annotations

from flask import has_request_context, request, session
from flask_babel import get_locale
from markupsafe import Markup, escape

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
# A participant's pages: opened from a mail link with ?lang=, the choice sticks.
PARTICIPANT_BLUEPRINTS = ("registration", "evaluation")


def select_locale() -> str:
    """Dutch first; English only when the visitor chose it. CLI and jobs: Dutch."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    chosen = request.args.get("lang") or session.get("lang")
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def current_language() -> str:
    return str(get_locale() or DEFAULT_LANGUAGE)


def remember_chosen_language() -> None:
    """A participant's page opened with ?lang=en (every link in their mail has it) keeps
    English for the pages that follow: the choice goes into the session."""
    if request.blueprint not in PARTICIPANT_BLUEPRINTS:
        return  # e.g. an organiser's English PDF download leaves their own pages Dutch
    chosen = request.args.get("lang")
    if chosen in LANGUAGES and session.get("lang") != chosen:
        session["lang"] = chosen


# --- the organiser's content: Dutch, with an optional English version ------------------


class InLanguage(str):
    """A text entered by the organiser, as the page shows it: the English version on an
    English page when there is one, else the Dutch text with `lang="nl"` (WCAG 3.1.2), so
    a screen reader pronounces it as Dutch. A plain string everywhere (sorting, Word, iCal);
    in an HTML template it brings its own `<span lang="nl">`."""

    lang: str | None  # set when the text is not in the page's language

    def __new__(cls, text: str, lang: str | None = None) -> InLanguage:
        made = super().__new__(cls, text)
        made.lang = lang
        return made

    @property
    def text(self) -> str:
        return str.__str__(self)

    @property
    def attr(self) -> Markup:
        """` lang="nl"` for an element that holds the text (an <option>, a <p>), or nothing."""
        return Markup(' lang="{}"').format(self.lang) if self.lang else Markup("")

    def __html__(self) -> Markup:
        if self.lang:
            return Markup('<span lang="{}">{}</span>').format(self.lang, self.text)
        return escape(self.text)

    def __bool__(self) -> bool:
        return bool(self.strip())


def in_language(source: object, field: str) -> InLanguage:
    """`source.<field>` in the current language: `<field>_en` on English pages, PDFs and
    mails when the organiser entered it, else the Dutch `<field>`, marked as Dutch."""
    return localized(getattr(source, field, "") or "", getattr(source, f"{field}_en", None))


def localized(dutch: str, english: str | None = None) -> InLanguage:
    if current_language() == DEFAULT_LANGUAGE:
        return InLanguage(dutch)
    if english and english.strip():
        return InLanguage(english)
    return InLanguage(dutch, DEFAULT_LANGUAGE if dutch.strip() else None)


def choice_label(text: InLanguage) -> dict:
    """SelectChoice's label and render_kw for a text of the organiser: an <option> holds no
    <span>, so the option itself carries lang."""
    return {"label": text.text, "render_kw": {"lang": text.lang} if text.lang else {}}


def dutch(text: str) -> InLanguage:
    """A text that has only a Dutch version (a workgroup's or a talk's own title, the theme)."""
    return localized(text or "")
