"""Notification centre and preferences (P6): each user sees and changes only their own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, requires
from tailsafe.notifications import services
from tailsafe.notifications.forms import PreferencesForm
from tailsafe.notifications.models import Notification

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest


@requires(Perm.VIEW_INTERNAL)
def centre(request: AuthenticatedHttpRequest) -> HttpResponse:
    qs = services.inbox(request.user)
    if request.GET.get("unread") == "1":
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/centre.html",
        {"page": page, "unread_only": request.GET.get("unread") == "1"},
    )


@require_POST
@requires(Perm.VIEW_INTERNAL)
def mark_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    note = get_object_or_404(Notification, pk=pk, user=request.user)
    services.mark_read(request.user, note)
    safe = note.link and url_has_allowed_host_and_scheme(
        note.link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if safe and request.POST.get("follow") == "1":
        return redirect(note.link)
    return redirect("notifications:centre")


@requires(Perm.VIEW_INTERNAL)
def attachment(request: AuthenticatedHttpRequest, pk: int, index: int) -> HttpResponse:
    """A file the notification's e-mail carried (the meeting's .ics), for its own user only."""
    note = get_object_or_404(Notification, pk=pk, user=request.user)
    with service_errors() as found:
        filename, content, mimetype = services.attachment(request.user, note, index)
    if not found:
        raise Http404 from found.error
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_POST
@requires(Perm.VIEW_INTERNAL)
def mark_all_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    count = services.mark_read(request.user)
    messages.success(request, _("%(count)d notifications marked read.") % {"count": count})
    return redirect("notifications:centre")


@requires(Perm.VIEW_INTERNAL)
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PreferencesForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            services.save_preferences(request.user, form.preferences())
        if outcome:
            messages.success(request, _("Notification preferences saved."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
