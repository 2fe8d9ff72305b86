"""Helpers shared by the meetings views."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

if TYPE_CHECKING:
    pass

TABS = ("agenda", "invitations", "attendance", "minutes", "papers", "history")


def refused(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """A 403 page that says why (object-level rules: leading co-chair, own institution)."""
    return render(request, "meetings/refused.html", {"message": str(exc)}, status=403)
