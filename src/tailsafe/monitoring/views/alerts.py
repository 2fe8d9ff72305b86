"""Pages of the alerts: list, acknowledge, resolve."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, requires
from tailsafe.monitoring import rules, services
from tailsafe.monitoring.forms import (
    NoteForm,
    ResolveForm,
)
from tailsafe.monitoring.models import (
    AlertEvent,
)
from tailsafe.notifications import services as notifications
from tailsafe.notifications.models import Kind

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest

# --- alerts ----------------------------------------------------------------------------------


@requires(Perm.VIEW_INTERNAL)
def alert_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    show = request.GET.get("show", "open")
    qs = rules.alerts_visible_to(
        request.user,
        AlertEvent.objects.select_related(
            "series__point__facility", "series__parameter", "acknowledged_by", "resolved_by"
        ),
    )
    if show == "open":
        qs = qs.filter(services.q_open()).exclude(to_level__in=["normal", "within"])
    else:
        show = "all"
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    for event in page:
        event.can_handle = services.can_handle(request.user, event)  # type: ignore[attr-defined]
    mine = notifications.unread_count(request.user, Kind.ALERT)
    return render(
        request,
        "monitoring/alert_list.html",
        {"page": page, "show": show, "unread": mine, "form": NoteForm()},
    )


@require_POST
@requires(Perm.HANDLE_ALERTS)
def alert_acknowledge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(rules.alerts_visible_to(request.user), pk=pk)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    with service_errors(request) as outcome:
        services.acknowledge_alert(request.user, event, note)
    if outcome:
        messages.success(request, _("Alert acknowledged."))
    return redirect("monitoring:alert_list")


@require_POST
@requires(Perm.HANDLE_ALERTS)
def alert_resolve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(rules.alerts_visible_to(request.user), pk=pk)
    form = ResolveForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    with service_errors(request) as outcome:
        services.resolve_alert(request.user, event, reason)
    if outcome:
        messages.success(request, _("Alert resolved."))
    return redirect("monitoring:alert_list")
