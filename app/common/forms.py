"""Forms: the base every form of the application derives from, and small helpers shared
by the views of every feature.

`Form` adds what every field needs and no field should have to remember:

- a single-line field (any text input: names, organisations, cities, venues, titles,
  e-mail addresses) refuses line breaks and other control characters;
- a multi-line field (a text area) keeps line breaks but refuses the other control
  characters (PostgreSQL cannot even store NUL);
- an integer field refuses numbers the database cannot hold, also when the field
  forgot its own bounds;
- a file posted into a text field is not read as text: the field says that it takes no
  file. Only a form's own file fields (uploads of materials and photos) receive files.
Each of these stops the field's other checks, so the message is the one that helps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from babel.support import NullTranslations, Translations
from flask import current_app, has_request_context, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto, _is_submitted  # what FlaskForm.Meta.wrap_formdata itself uses
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms import FileField, IntegerField, PasswordField, StringField, TextAreaField
from wtforms.i18n import messages_path
from wtforms.validators import NumberRange, StopValidation

from app.common.errors import DomainError
from app.common.text import multi_line_problem, single_line_problem

DATABASE_INTEGER = (-(2**31), 2**31 - 1)
MAX_CAPACITY = 10_000  # seats in a room or at a location: far more than any alliance day

SINGLE_LINE_MESSAGE = _l("Gebruik hier geen regeleinden, tabs of andere onzichtbare tekens.")
MULTI_LINE_MESSAGE = _l("Deze tekst bevat onzichtbare tekens die wij niet kunnen bewaren. Haal ze weg.")
FILE_MESSAGE = _l("Hier kunt u geen bestand sturen. Typ de tekst in het vak.")
INTEGER_MESSAGE = _l("Dit getal is te groot of te klein.")


def at_most_capacity() -> NumberRange:
    return NumberRange(max=MAX_CAPACITY, message=_l("Kies een aantal van hoogstens %(max)s."))


class SingleLine:
    """No line breaks, tabs or other control characters (see app.common.text)."""

    def __call__(self, form, field) -> None:
        if isinstance(field.data, str) and single_line_problem(field.data):
            raise StopValidation(str(SINGLE_LINE_MESSAGE))


class MultiLine:
    """Line breaks and tabs are fine; other control characters are not."""

    def __call__(self, form, field) -> None:
        if isinstance(field.data, str) and multi_line_problem(field.data):
            raise StopValidation(str(MULTI_LINE_MESSAGE))


class NoFile:
    """The field came as a file upload, not as text."""

    def __call__(self, form, field) -> None:
        if field.name in getattr(form, "posted_files", ()):
            raise StopValidation(str(FILE_MESSAGE))


class DatabaseInteger:
    """A number a database integer column holds (a safety net under a field's own bounds)."""

    def __call__(self, form, field) -> None:
        low, high = DATABASE_INTEGER
        if isinstance(field.data, int) and not low <= field.data <= high:
            raise StopValidation(str(INTEGER_MESSAGE))


def _has_upper_bound(field) -> bool:
    return any(isinstance(check, NumberRange) and check.max is not None for check in field.validators)


class _WTFormsMessages:
    """WTForms' own messages ("Not a valid choice.") in the page's language. Flask-WTF
    reads that catalogue from disk again in every request that needs a message, and the
    registration form needs one in every post (an unanswered radio question); the files
    belong to the installed WTForms, so each process reads them once per language."""

    _loaded: dict[str, NullTranslations] = {}

    def _catalogue(self) -> NullTranslations | None:
        locale = get_locale() if has_request_context() else None
        if locale is None:
            return None  # as Flask-WTF: no request, the English message
        key = str(locale)
        catalogue = self._loaded.get(key)
        if catalogue is None:
            catalogue = self._loaded[key] = Translations.load(messages_path(), [locale], domain="wtforms")
        return catalogue

    def gettext(self, string: str) -> str:
        catalogue = self._catalogue()
        return string if catalogue is None else catalogue.gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        catalogue = self._catalogue()
        if catalogue is None:
            return singular if n == 1 else plural
        return catalogue.ngettext(singular, plural, n)


_WTFORMS_MESSAGES = _WTFormsMessages()


class Form(FlaskForm):
    """The base of every form in the application (see the module docstring)."""

    class Meta:
        def get_translations(self, form):
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return _WTFORMS_MESSAGES

        def wrap_formdata(self, form, formdata):
            """The text fields of a post, and files only for the form's own file fields;
            any other file is noted, never read as an answer. A JSON body is not a form."""
            if formdata is not _Auto:
                return formdata
            if not _is_submitted():
                return None
            file_fields = {field.name for field in form if isinstance(field, FileField)}
            form.posted_files = frozenset(name for name in request.files if name not in file_fields)
            if not (request.form or request.files):
                return None
            if not file_fields:
                return request.form
            files = MultiDict((name, upload) for name, upload in request.files.items(multi=True) if name in file_fields)
            return CombinedMultiDict([files, request.form])

    def __init__(self, *args, **kwargs):
        self.posted_files = frozenset()
        super().__init__(*args, **kwargs)
        for field in self:
            field.validators = [*_guards(field), *field.validators]


def _guards(field) -> list[Callable[[Any, Any], None]]:
    guards: list[Callable[[Any, Any], None]] = [NoFile()]
    if isinstance(field, TextAreaField):
        guards.append(MultiLine())
    elif isinstance(field, StringField) and not isinstance(field, PasswordField):
        guards.append(SingleLine())
    if isinstance(field, IntegerField) and not _has_upper_bound(field):
        guards.append(DatabaseInteger())
    return guards


def attach_error(form: FlaskForm, error: DomainError, fallback_field: str | None = None) -> None:
    """Show a service's domain error beside the field it concerns (or the form's top)."""
    name = error.field or fallback_field
    field = getattr(form, name, None) if name else None
    if field is not None:
        field.errors = [*field.errors, str(error)]
    else:
        form.form_errors.append(str(error))


def form_values(form: FlaskForm, *names: str) -> dict:
    return {name: getattr(form, name).data for name in names}
