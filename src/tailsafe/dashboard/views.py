from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tailsafe.core.permissions import Perm, has_perm, requires
from tailsafe.dashboard.panels import panels_for
from tailsafe.meetings.rules import meetings_visible_to

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest


@requires(Perm.VIEW_INTERNAL)
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "dashboard/home.html", {"panels": panels_for(request.user)})


def start(request: HttpRequest) -> HttpResponse:
    """The root URL: the dashboard for the group's users, the meetings they are invited to for
    guests (issue 15, item 6), a plain page for others."""
    if has_perm(request.user, Perm.VIEW_INTERNAL):
        return home(request)
    meetings = None
    if has_perm(request.user, Perm.VIEW_MEETINGS):
        meetings = meetings_visible_to(request.user).order_by("-starts_at")
    return render(request, "dashboard/start.html", {"meetings": meetings})
