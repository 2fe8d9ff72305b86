from __future__ import annotations

from types import TracebackType
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import get_language

from tailsafe.core.i18n import text_language


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


class ServiceCall:
    """A service call in a POST view, as a context manager (see ``service_errors``). True once
    the block finished; false when it raised ValidationError, kept in ``error``."""

    def __init__(
        self,
        target: forms.BaseForm | HttpRequest | None,
        *,
        field: str | None = None,
        join: bool = False,
        let_through: tuple[type[ValidationError], ...] = (),
    ) -> None:
        self.target = target
        self.field = field
        self.join = join
        self.let_through = let_through
        self.error: ValidationError | None = None
        self.finished = False

    def __bool__(self) -> bool:
        return self.finished

    @property
    def messages(self) -> list[str]:
        """The refusal's messages (empty when the call finished)."""
        return self.error.messages if self.error is not None else []

    @property
    def text(self) -> str:
        """The refusal's messages in one line."""
        return " ".join(self.messages)

    def __enter__(self) -> ServiceCall:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        if exc is None:
            self.finished = True
            return False
        if not isinstance(exc, ValidationError) or isinstance(exc, self.let_through):
            return False  # PermissionDenied and the rest go on to their handlers
        self.error = exc
        if isinstance(self.target, forms.BaseForm):
            if self.field is not None and not hasattr(exc, "error_dict"):
                exc = ValidationError({self.field: exc.messages})
            add_service_errors(self.target, exc)
        elif isinstance(self.target, HttpRequest):
            for message in [self.text] if self.join else self.messages:
                messages.error(self.target, message)
        return True


def service_errors(
    target: forms.BaseForm | HttpRequest | None = None,
    *,
    field: str | None = None,
    join: bool = False,
    let_through: tuple[type[ValidationError], ...] = (),
) -> ServiceCall:
    """The one place a POST view turns a service's ValidationError into what the user sees::

        with service_errors(form) as saved:
            services.record_establishment(request.user, **form.cleaned_data)
        if saved:
            messages.success(request, _("Establishment recorded."))
            return redirect("governance:tor")

    With a form, the errors go on the form as ``add_service_errors`` puts them (``field``: the
    field that gets errors not tied to one). With the request (a button without a form), each
    message becomes ``messages.error`` (``join``: all in one message). With nothing, the view
    reads ``.messages``/``.text``/``.error`` itself. ``let_through``: ValidationError subclasses
    the view handles itself (a stale edit), left to propagate. PermissionDenied (and every other
    exception) is not caught: Django's 403 handler, or the view's own refusal page, shows it."""
    return ServiceCall(target, field=field, join=join, let_through=let_through)


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
            if type(widget) in _MARKED:  # the form's own copy of the field and widget
                widget.__class__ = _MARKED[type(widget)]

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


class MarkedOptionsMixin:
    """Options whose text is not in the page's language are marked with their ``lang``
    (WCAG 3.1.2): a language's own name ("Тоҷикӣ", "English") with its code, a record's name
    typed in another language (a Russian-only person's name on a Tajik page) with the language
    its letters show."""

    def create_option(self, name: str, value: Any, label: Any, *args: Any, **kwargs: Any) -> Any:
        option: dict[str, Any] = super().create_option(  # type: ignore[misc]
            name, value, label, *args, **kwargs
        )
        code = str(getattr(value, "value", value))
        language = code if code in _LANGUAGE_CODES else text_language(str(label))
        if language and language != (get_language() or "ru")[:2]:
            option["attrs"]["lang"] = language
        return option


class MarkedSelect(MarkedOptionsMixin, forms.Select):
    pass


class MarkedSelectMultiple(MarkedOptionsMixin, forms.SelectMultiple):
    pass


_LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
_MARKED: dict[type, type] = {
    forms.Select: MarkedSelect,
    forms.SelectMultiple: MarkedSelectMultiple,
}


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
