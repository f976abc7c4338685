"""The one shape of a broken business rule: a message for the user (already translated),
and where it belongs: one form field, several fields, or the form as a whole. Every
feature's error derives from it, so a view shows any of them with `attach_error`."""

from __future__ import annotations

from collections.abc import Mapping


class DomainError(ValueError):
    def __init__(self, message: str, field: str | None = None, errors: Mapping[str, str] | None = None):
        super().__init__(message)
        self.field = field
        self.errors = dict(errors or {})
