"""Small helpers shared by the views of every feature."""

from __future__ import annotations

from flask_wtf import FlaskForm


def attach_error(form: FlaskForm, error: Exception, fallback_field: str | None = None) -> None:
    """Show a service's domain error beside the field it concerns (or the form's top)."""
    name = getattr(error, "field", None) or fallback_field
    field = getattr(form, name, None) if name else None
    if field is not None:
        field.errors = [*field.errors, str(error)]
    else:
        form.form_errors.append(str(error))


def form_values(form: FlaskForm, *names: str) -> dict:
    return {name: getattr(form, name).data for name in names}
