"""Helpers shared by the meetings views."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest

TABS = ("agenda", "invitations", "attendance", "minutes", "papers", "history")


def refused(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """A 403 page that says why (object-level rules: leading co-chair, own institution)."""
    return render(request, "meetings/refused.html", {"message": str(exc)}, status=403)


def _errors(request: AuthenticatedHttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)
