"""A textarea saved unchanged keeps its stored text: the browser's CRLF line breaks do not
replace the stored LF ones (issue 15, item 2)."""

from __future__ import annotations

from django import forms

from tailsafe.core.forms import StyledFormMixin


class _Form(StyledFormMixin, forms.Form):
    notes = forms.CharField(widget=forms.Textarea, required=False)
    title = forms.CharField(required=False)


def test_unchanged_textarea_keeps_stored_line_breaks() -> None:
    form = _Form(data={"notes": "a\r\nb", "title": "x"}, initial={"notes": "a\nb"})
    assert form.is_valid()
    assert form.cleaned_data["notes"] == "a\nb"


def test_changed_textarea_is_taken_as_typed() -> None:
    form = _Form(data={"notes": "a\r\nc"}, initial={"notes": "a\nb"})
    assert form.is_valid()
    assert form.cleaned_data["notes"] == "a\r\nc"
