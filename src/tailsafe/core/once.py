"""Idempotent creation (issue 14, item 8): each create form carries a one-time token; a
repeated submit (a double click, a reload, a second tab) shows the record the first one made
instead of making a second.

Forms get the hidden token with ``OnceFormMixin``; views wrap the service call::

    try:
        letter = once.create_once(request, lambda: services.draft_group_letter(...),
                                  lambda letter: reverse("...", args=[letter.pk]))
    except once.AlreadyCreated as done:
        return once.show_first(request, done)

The token row is written in the same transaction as the record: if the service refuses, both
are rolled back and the form can be corrected and sent again. Two submits at the same moment
meet at the token's unique index; the second waits for the first and is then shown its record.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from tailsafe.core.models import SubmissionToken

FIELD = "once"
_TOKEN = re.compile(r"[0-9a-f]{32}")


def new_token() -> str:
    return secrets.token_hex(16)


class OnceFormMixin:
    """Adds the hidden one-time token (field ``once``) to a create form; core/_form.html
    renders hidden fields."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[FIELD] = forms.CharField(  # type: ignore[attr-defined]
            widget=forms.HiddenInput, required=False, max_length=64
        )
        if not self.is_bound:  # type: ignore[attr-defined]
            self.initial[FIELD] = new_token()  # type: ignore[attr-defined]


class AlreadyCreated(Exception):
    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def token_of(request: HttpRequest) -> str:
    token = request.POST.get(FIELD, "")
    return token if _TOKEN.fullmatch(token) else ""


def create_once[T](request: HttpRequest, create: Callable[[], T], url_of: Callable[[T], str]) -> T:
    """Run `create` once per form token; raise AlreadyCreated(url of the first record) when
    this token was used before. Without a token (an old page) it simply creates."""
    token = token_of(request)
    user_id = request.user.pk
    if not token or user_id is None:
        return create()
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = SubmissionToken.objects.create(key=token, user_id=user_id)
        except IntegrityError:
            first = SubmissionToken.objects.filter(key=token, user_id=user_id).first()
            raise AlreadyCreated(first.url if first is not None else "") from None
        made = create()
        claim.url = url_of(made)[:500]
        claim.save(update_fields=["url"])
    return made


def used_before(request: HttpRequest) -> AlreadyCreated | None:
    """For a form that checks uniqueness itself (a code already taken by the first submit):
    the repeated submit, found before the form is validated, else None."""
    token = token_of(request)
    user_id = request.user.pk
    if request.method != "POST" or not token or user_id is None:
        return None
    first = SubmissionToken.objects.filter(key=token, user_id=user_id).exclude(url="").first()
    return AlreadyCreated(first.url) if first is not None else None


def show_first(request: HttpRequest, done: AlreadyCreated) -> HttpResponse:
    """The answer to a repeated submit: the record the first one made."""
    messages.info(request, _("This form had already been sent; here is what it created."))
    return HttpResponseRedirect(done.url or "/")
