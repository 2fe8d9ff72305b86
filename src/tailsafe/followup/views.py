"""Follow-up views (A1): load -> check access -> call a service -> render."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tailsafe.core import once
from tailsafe.core.audit import history_of
from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, requires
from tailsafe.core.uploads import attachment
from tailsafe.followup import rules, services
from tailsafe.followup.forms import ActionItemForm, ProgressForm
from tailsafe.followup.models import ActionItem, ProgressUpdate
from tailsafe.meetings.models import Meeting, MinutesItem

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest


def _refused(request: AuthenticatedHttpRequest, exc: PermissionDenied) -> HttpResponse:
    return render(request, "meetings/refused.html", {"message": str(exc)}, status=403)


@requires(Perm.VIEW_INTERNAL)
def action_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    show = request.GET.get("show", "active")
    qs = rules.action_items_visible_to(
        request.user, ActionItem.objects.prefetch_related("responsible").select_related("meeting")
    )
    today = timezone.localdate()
    if show == "overdue":
        qs = qs.filter(status__in=ActionItem.ACTIVE, due_date__lt=today)
    elif show == "mine" and getattr(request.user, "institution_id", None):
        qs = qs.filter(responsible=getattr(request.user, "institution_id", None))
    elif show == "all":
        pass
    else:
        show = "active"
        qs = qs.filter(status__in=ActionItem.ACTIVE)
    return render(
        request,
        "followup/action_list.html",
        {"items": qs.order_by("due_date", "id")[:500], "show": show},
    )


@requires(Perm.VIEW_INTERNAL)
def oversight(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The leading co-chair's oversight (§22): overdue first, grouped by institution."""
    return render(
        request,
        "followup/oversight.html",
        {"groups": services.oversight(), "today": timezone.localdate()},
    )


@requires(Perm.MANAGE_FOLLOWUP)
def action_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    minutes_item = None
    meeting = None
    ref = request.GET.get("minutes_item", "")
    if ref.isdigit():
        minutes_item = get_object_or_404(
            MinutesItem.objects.select_related("minutes__meeting"), pk=int(ref)
        )
        meeting = minutes_item.minutes.meeting
    elif request.GET.get("meeting", "").isdigit():
        meeting = get_object_or_404(Meeting, pk=int(request.GET["meeting"]))
    form = ActionItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors(form) as outcome:
                once.create_once(
                    request,
                    lambda: services.create_action_item(
                        request.user,
                        description=form.cleaned_data["description"],
                        responsible=list(form.cleaned_data["responsible"]),
                        due_date=form.cleaned_data["due_date"],
                        meeting=meeting,
                        minutes_item=minutes_item,
                    ),
                    lambda item: reverse("followup:action_detail", args=[item.pk]),
                )
        except once.AlreadyCreated as done:
            return once.show_first(request, done)
        if outcome:
            messages.success(request, _("Action item added."))
            if minutes_item is not None and not minutes_item.minutes.is_frozen:
                return redirect("meetings:minutes_edit", pk=minutes_item.minutes_id)
            return redirect("followup:action_list")
    return render(
        request,
        "followup/action_form.html",
        {"form": form, "minutes_item": minutes_item, "meeting": meeting, "creating": True},
    )


@requires(Perm.MANAGE_FOLLOWUP)
def action_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(ActionItem, pk=pk)
    form = ActionItemForm(
        request.POST or None,
        initial={
            "description": item.description,
            "responsible": list(item.responsible.all()),
            "due_date": item.due_date,
        },
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            services.update_action_item(
                request.user,
                item,
                {
                    "description": form.cleaned_data["description"],
                    "responsible": list(form.cleaned_data["responsible"]),
                    "due_date": form.cleaned_data["due_date"],
                },
            )
        if outcome:
            messages.success(request, _("Changes saved."))
            return redirect("followup:action_detail", pk=pk)
    return render(request, "followup/action_form.html", {"form": form, "item": item})


@requires(Perm.VIEW_INTERNAL)
def action_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        rules.action_items_visible_to(
            request.user,
            ActionItem.objects.select_related("meeting", "minutes_item").prefetch_related(
                "responsible"
            ),
        ),
        pk=pk,
    )
    tab = request.GET.get("tab", "overview")
    ctx: dict[str, Any] = {
        "item": item,
        "tab": tab,
        "updates": item.updates.select_related("by"),
        "can_update": services.can_update(request.user, item),
    }
    if tab == "history":
        ctx["history"] = history_of(item)
    return render(request, "followup/action_detail.html", ctx)


@requires(Perm.UPDATE_ACTION_ITEM)
def action_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Report progress (and move the status): the responsible member for their own
    institution's items, the secretariat for any (A1)."""
    item = get_object_or_404(ActionItem.objects.prefetch_related("responsible"), pk=pk)
    if not services.can_update(request.user, item):
        return _refused(
            request,
            PermissionDenied(
                _(
                    "Only the responsible institutions and the secretariat may update this "
                    "action item; your institution is not responsible for it."
                )
            ),
        )
    form = ProgressForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors(form) as outcome:
                once.create_once(
                    request,
                    lambda: services.add_progress_update(
                        request.user,
                        item,
                        text=form.cleaned_data["text"],
                        evidence=form.cleaned_data["evidence"],
                        status=form.cleaned_data["status"],
                    ),
                    lambda _update: reverse("followup:action_detail", args=[pk]),
                )
        except once.AlreadyCreated as done:
            return once.show_first(request, done)
        except PermissionDenied as exc:
            return _refused(request, exc)
        if outcome:
            messages.success(request, _("Progress recorded."))
            return redirect("followup:action_detail", pk=pk)
    return render(request, "followup/action_update.html", {"form": form, "item": item})


@requires(Perm.VIEW_INTERNAL)
def evidence(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    visible = rules.action_items_visible_to(request.user)
    return attachment(get_object_or_404(ProgressUpdate, pk=pk, action_item__in=visible).evidence)


@require_POST
@requires(Perm.MANAGE_MEETINGS)
def agenda_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Add the proposed open and overdue action items to a meeting's agenda as a review item
    (M2); the meeting page offers it (followup_agenda template tag)."""
    meeting = get_object_or_404(Meeting, pk=pk)
    with service_errors(request) as outcome:
        services.add_review_to_agenda(
            request.user, meeting, services.open_items_for_agenda(meeting)
        )
    if outcome:
        messages.success(request, _("The open action items were added to the agenda."))
    return redirect(reverse("meetings:meeting_detail", args=[pk]) + "?tab=agenda")
