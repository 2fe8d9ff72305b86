"""M1 meeting pages and M6 papers: load -> check access -> call a service -> render."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tailsafe.core import once
from tailsafe.core.audit import history_of
from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, has_perm, requires
from tailsafe.meetings import papers, services
from tailsafe.meetings.forms import (
    AgendaItemForm,
    CommentForm,
    CorrectionForm,
    MeetingForm,
)
from tailsafe.meetings.models import (
    Meeting,
)
from tailsafe.meetings.rules import (
    meetings_visible_to,
    minutes_visible_to,
    sees_meeting_internals,
)
from tailsafe.meetings.views.common import agenda_with_actions

if TYPE_CHECKING:
    from tailsafe.core.models import User
    from tailsafe.core.typing import AuthenticatedHttpRequest

# --- M1 meetings ------------------------------------------------------------------------------


@requires(Perm.VIEW_MEETINGS)
def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    meetings = meetings_visible_to(
        request.user, Meeting.objects.select_related("host").order_by("-starts_at")
    )
    return render(request, "meetings/meeting_list.html", {"meetings": meetings})


@requires(Perm.MANAGE_MEETINGS)
def meeting_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None, initial={"number": services.next_number()})
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors(form) as outcome:
                meeting = once.create_once(
                    request,
                    lambda: services.plan_meeting(request.user, form.service_data()),
                    lambda m: reverse("meetings:meeting_detail", args=[m.pk]),
                )
        except once.AlreadyCreated as done:
            return once.show_first(request, done)
        if outcome:
            messages.success(request, _("Meeting planned."))
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "creating": True})


@requires(Perm.MANAGE_MEETINGS)
def meeting_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    local = timezone.localtime(meeting.starts_at)
    initial = {
        "number": meeting.number,
        "title": meeting.title,
        "date": local.date(),
        "time": local.time(),
        "place": meeting.place,
        "online_link": meeting.online_link,
        "host": meeting.host,
    }
    if meeting.ends_at:
        initial["duration_hours"] = round(
            (meeting.ends_at - meeting.starts_at).total_seconds() / 3600, 1
        )
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            services.update_meeting(request.user, meeting, form.service_data())
        if outcome:
            messages.success(request, _("Changes saved."))
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


@requires(Perm.VIEW_MEETINGS)
def meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(
        meetings_visible_to(request.user, Meeting.objects.select_related("host")), pk=pk
    )
    internals = sees_meeting_internals(request.user)
    tabs = _tab_labels() if internals else [t for t in _tab_labels() if t[0] in GUEST_TABS]
    tab = request.GET.get("tab", "agenda")
    if tab not in {key for key, _label in tabs}:
        tab = "agenda"
    ctx: dict[str, Any] = {
        "meeting": meeting,
        "tab": tab,
        "tabs": tabs,
        "can_edit": has_perm(request.user, Perm.MANAGE_MEETINGS)
        and services.agenda_is_open(meeting),
        "steps": meeting.next_steps() if has_perm(request.user, Perm.MANAGE_MEETINGS) else [],
        "agenda_steps": services.agenda_steps(meeting),
    }
    ctx["agenda"] = agenda_with_actions(meeting)
    if tab == "agenda":
        ctx["item_form"] = AgendaItemForm()
    elif tab == "invitations":
        ctx["invitations"] = meeting.invitations.select_related("institution").order_by(
            "guest", "name"
        )
    elif tab == "attendance":
        ctx["rows"] = services.attendance_candidates(meeting)
        ctx["participants"] = services.participants(meeting)
    elif tab == "minutes":
        ctx["versions"] = meeting.minutes_versions.order_by("-version")
        ctx["minutes"] = meeting.current_minutes()
        if ctx["minutes"]:
            ctx.update(papers.context(meeting, "minutes", ctx["minutes"]))
            ctx["comment_form"] = CommentForm()
            ctx["correction_form"] = CorrectionForm()
            ctx["comments"] = ctx["minutes"].comments.select_related("author", "item")
    elif tab == "papers":
        ctx["kinds"] = [
            (kind, label)
            for kind, label in _paper_labels()
            if internals or _guest_paper(request.user, meeting, kind) is not False
        ]
        ctx["languages"] = [("ru", "Русский"), ("tg", "Тоҷикӣ"), ("en", "English")]
    elif tab == "history":
        ctx["history"] = history_of(meeting)
    return render(request, "meetings/meeting_detail.html", ctx)


GUEST_TABS = ("agenda", "papers")  # a guest reads the agenda and the papers (issue 15, item 6)


def _paper_labels() -> list[tuple[str, str]]:
    return [
        ("agenda", _("Agenda")),
        ("participants", _("List of participants")),
        ("minutes", _("Minutes and action plan")),
    ]


def _guest_paper(user: User, meeting: Meeting, kind: str) -> Any:
    """For a guest: the agenda (True), the latest approved minutes, or False (not theirs)."""
    if kind == "agenda":
        return True
    if kind == "minutes":
        found = minutes_visible_to(user, meeting.minutes_versions.order_by("-version")).first()
        return found if found is not None else False
    return False


def _tab_labels() -> list[tuple[str, str]]:
    return [
        ("agenda", _("Agenda")),
        ("invitations", _("Invitations")),
        ("attendance", _("Attendance")),
        ("minutes", _("Minutes")),
        ("papers", _("Papers")),
        ("history", _("History")),
    ]


@require_POST
@requires(Perm.MANAGE_MEETINGS)
def meeting_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    with service_errors(request) as outcome:
        services.set_status(
            request.user,
            meeting,
            request.POST.get("status", ""),
            request.POST.get("reason", ""),
        )
    if outcome:
        messages.success(request, _("Status changed."))
    return redirect("meetings:meeting_detail", pk=pk)


# --- M6 papers --------------------------------------------------------------------------------


@requires(Perm.VIEW_MEETINGS)
def paper(
    request: AuthenticatedHttpRequest, pk: int, kind: str, lang: str, fmt: str
) -> HttpResponse:
    meeting = get_object_or_404(meetings_visible_to(request.user), pk=pk)
    if kind not in papers.KINDS or fmt not in papers.FORMATS or lang not in ("ru", "tg", "en"):
        raise Http404
    minutes = None
    if not sees_meeting_internals(request.user):
        allowed = _guest_paper(request.user, meeting, kind)
        if allowed is False:
            raise Http404
        minutes = allowed if kind == "minutes" else None
    data, content_type, name = papers.render(meeting, kind, fmt, lang, minutes)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
