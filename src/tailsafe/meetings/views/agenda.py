"""M2 agenda pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, requires
from tailsafe.core.uploads import attachment
from tailsafe.meetings import services
from tailsafe.meetings.forms import (
    AgendaItemForm,
    DocumentForm,
)
from tailsafe.meetings.models import (
    AgendaDocument,
    AgendaItem,
    Meeting,
)
from tailsafe.meetings.rules import meetings_visible_to
from tailsafe.meetings.views.common import agenda_with_actions

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest

# --- M2 agenda --------------------------------------------------------------------------------


@require_POST
@requires(Perm.MANAGE_MEETINGS)
def agenda_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        with service_errors(request) as outcome:
            services.add_agenda_item(request.user, meeting, form.cleaned_data)
        if outcome:
            messages.success(request, _("Agenda item added."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
    return redirect(reverse("meetings:meeting_detail", args=[pk]) + "?tab=agenda")


@requires(Perm.MANAGE_MEETINGS)
def agenda_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    form = AgendaItemForm(request.POST or None, instance=AgendaItem.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            services.update_agenda_item(request.user, item, form.cleaned_data)
        if outcome:
            messages.success(request, _("Changes saved."))
            return redirect(
                reverse("meetings:meeting_detail", args=[item.meeting_id]) + "?tab=agenda"
            )
    return render(request, "meetings/agenda_item_form.html", {"form": form, "item": item})


@require_POST
@requires(Perm.MANAGE_MEETINGS)
def agenda_reorder(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Drag and drop posts the new order as `order` ids (htmx); answers with the agenda list."""
    meeting = get_object_or_404(Meeting, pk=pk)
    ids = request.POST.getlist("order")
    with service_errors() as outcome:
        services.reorder_agenda(request.user, meeting, ids)
    error = outcome.text
    if request.headers.get("HX-Request"):
        ctx = {
            "meeting": meeting,
            "agenda": agenda_with_actions(meeting),
            "reorder_error": error,
            "can_edit": services.agenda_is_open(meeting),
        }
        return render(request, "meetings/_agenda_list.html", ctx, status=400 if error else 200)
    if error:
        messages.error(request, error)
    return redirect(reverse("meetings:meeting_detail", args=[pk]) + "?tab=agenda")


@require_POST
@requires(Perm.MANAGE_MEETINGS)
def agenda_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    with service_errors(request):
        services.move_agenda_item(request.user, item, request.POST.get("direction", ""))
    return redirect(
        reverse("meetings:meeting_detail", args=[item.meeting_id]) + f"?tab=agenda#item-{item.pk}"
    )


@require_POST
@requires(Perm.MANAGE_MEETINGS)
def agenda_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Withdraw an agenda item with a reason (M2)."""
    item = get_object_or_404(AgendaItem, pk=pk)
    with service_errors(request) as outcome:
        services.withdraw_agenda_item(request.user, item, request.POST.get("reason", ""))
    if outcome:
        messages.success(request, _("Agenda item withdrawn."))
    return redirect(reverse("meetings:meeting_detail", args=[item.meeting_id]) + "?tab=agenda")


@require_POST
@requires(Perm.MANAGE_MEETINGS)
def agenda_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    with service_errors(request) as outcome:
        services.set_agenda_status(request.user, meeting, request.POST.get("status", ""))
    if outcome:
        messages.success(request, _("Agenda status changed."))
    return redirect(reverse("meetings:meeting_detail", args=[pk]) + "?tab=agenda")


@requires(Perm.MANAGE_MEETINGS)
def agenda_document(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            services.attach_document(
                request.user,
                item,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        if outcome:
            messages.success(request, _("Document attached."))
            return redirect(
                reverse("meetings:meeting_detail", args=[item.meeting_id]) + "?tab=agenda"
            )
    return render(request, "meetings/document_form.html", {"form": form, "item": item})


@requires(Perm.VIEW_MEETINGS)
def document_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    doc = get_object_or_404(
        AgendaDocument, pk=pk, agenda_item__meeting__in=meetings_visible_to(request.user)
    )
    return attachment(doc.file)
