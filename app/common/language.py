"""The one place that decides a visitor's language: `?lang=` on the URL (links in mail
carry it), else the choice kept in the session, else Dutch. Flask-Babel asks
`select_locale`; code that needs the language as a plain string (a PDF, a calendar file,
a new registration) asks `current_language`."""

from __future__ import annotations

from flask import has_request_context, request, session
from flask_babel import get_locale

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
