"""Form helpers shared by every app: Bootstrap classes and accessible descriptions.

Render fields with ``{% include "core/_field.html" with field=form.x %}``,
which writes the label, the help text and the errors with the ids that
:meth:`AccessibleFormMixin.describe_fields` points ``aria-describedby`` to.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

__all__ = ["AccessibleFormMixin", "add_service_error"]


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's refusal on the form: under each field it names when the form
    has that field (a key ``ar-title`` also finds the field ``ar_title``), at the
    top otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, errors in error.error_dict.items():
        name = key if key in form.fields else key.replace("-", "_")
        form.add_error(name if name in form.fields else None, errors)


class AccessibleFormMixin:
    """Bootstrap classes on every widget, ``aria-describedby``/``aria-invalid`` once bound."""

    def style_widgets(self) -> None:
        for bound in self:  # type: ignore[attr-defined]
            widget = bound.field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def describe_fields(self) -> None:
        """Call before rendering: links help texts and errors to their inputs."""
        form: Any = self
        for bound in form:
            widget = bound.field.widget
            if isinstance(widget, forms.RadioSelect):
                continue  # described on its <fieldset>
            ids = []
            if bound.help_text:
                ids.append(f"{bound.auto_id}_help")
            if form.is_bound and bound.errors:
                ids.append(f"{bound.auto_id}_error")
                widget.attrs["aria-invalid"] = "true"
            if ids:
                widget.attrs["aria-describedby"] = " ".join(ids)
