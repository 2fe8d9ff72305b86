"""One helper for POST views (issue 13, item 4): ``service_errors`` turns a service's
ValidationError into form errors or messages; PermissionDenied goes on to its 403 page."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.test import RequestFactory

from tailsafe.core.forms import service_errors


class _Form(forms.Form):
    title = forms.CharField()
    file = forms.CharField(required=False)


def _form() -> _Form:
    form = _Form(data={"title": "x"})
    assert form.is_valid()
    return form


def _request() -> HttpRequest:
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]
    return request


def _shown(request: HttpRequest) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def test_success_is_true_and_shows_nothing() -> None:
    form = _form()
    with service_errors(form) as saved:
        value = 41 + 1
    assert saved
    assert saved.error is None
    assert saved.messages == []
    assert saved.text == ""
    assert value == 42
    assert form.errors == {}


def test_field_error_goes_on_its_field_the_rest_on_top() -> None:
    form = _form()
    with service_errors(form) as saved:
        raise ValidationError({"title": "Taken.", "elsewhere": "Not a field here."})
    assert not saved
    assert form.errors["title"] == ["Taken."]
    assert form.non_field_errors() == ["Not a field here."]
    assert isinstance(saved.error, ValidationError)


def test_error_without_field_goes_on_top_or_on_the_named_field() -> None:
    form = _form()
    with service_errors(form) as saved:
        raise ValidationError(["First.", "Second."])
    assert not saved
    assert form.non_field_errors() == ["First.", "Second."]

    form = _form()
    with service_errors(form, field="file"):
        raise ValidationError("Not a PDF.")
    assert form.errors["file"] == ["Not a PDF."]
    assert form.non_field_errors() == []


def test_without_a_form_each_message_is_an_error_message() -> None:
    request = _request()
    with service_errors(request) as done:
        raise ValidationError(["Closed.", "Too late."])
    assert not done
    assert _shown(request) == [("error", "Closed."), ("error", "Too late.")]

    request = _request()
    with service_errors(request, join=True):
        raise ValidationError(["Closed.", "Too late."])
    assert _shown(request) == [("error", "Closed. Too late.")]

    request = _request()
    with service_errors(request) as done:
        pass
    assert done
    assert _shown(request) == []


def test_with_nothing_the_view_reads_the_refusal() -> None:
    with service_errors() as read:
        raise ValidationError({"7": ["Changed meanwhile."]})
    assert not read
    assert read.text == "Changed meanwhile."
    assert read.error is not None
    assert read.error.message_dict == {"7": ["Changed meanwhile."]}


def test_permission_denied_and_other_errors_pass_through() -> None:
    form = _form()
    with pytest.raises(PermissionDenied), service_errors(form):
        raise PermissionDenied("Only the leading co-chair.")
    assert form.errors == {}
    request = _request()
    with pytest.raises(KeyError), service_errors(request):
        raise KeyError("x")
    assert _shown(request) == []


class _Stale(ValidationError):
    pass


def test_a_subclass_let_through_is_left_to_the_view() -> None:
    form = _form()
    with pytest.raises(_Stale), service_errors(form, let_through=(_Stale,)) as saved:
        raise _Stale("Someone saved first.")
    assert not saved
    assert saved.error is None
    assert form.errors == {}
