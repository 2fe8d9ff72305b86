from typing import Any

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: field errors where the field exists,
    the rest at the top of the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class StyledFormMixin:
    """Give every widget Bootstrap's classes so templates stay plain."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()

    def clean(self) -> dict[str, Any]:
        """A browser submits a textarea's line breaks as CRLF: where the text is otherwise the
        value the form showed, keep that value, so a form saved unchanged changes nothing."""
        data: dict[str, Any] = super().clean()  # type: ignore[misc]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            value = data.get(name)
            if not isinstance(field.widget, forms.Textarea) or not isinstance(value, str):
                continue
            shown = self.get_initial_for_field(field, name)  # type: ignore[attr-defined]
            if isinstance(shown, str) and shown != value and _lf(shown) == _lf(value):
                data[name] = shown
        return data


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
