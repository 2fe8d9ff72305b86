"""M3 invitations, replies and attendance pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, requires
from tailsafe.meetings import services
from tailsafe.meetings.forms import (
    ReplyForm,
)
from tailsafe.meetings.models import (
    Meeting,
)

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest

# --- M3 invitations and attendance ----------------------------------------------------------


@requires(Perm.MANAGE_MEETINGS)
def invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    invitees = services.possible_invitees()
    invited = {
        (f"p{i.person_id}" if i.person_id else f"g{i.guest_id}") for i in meeting.invitations.all()
    }
    error = ""
    if request.method == "POST":
        keys = request.POST.getlist("invitee")
        with service_errors() as outcome:
            sent, skipped = services.invite(
                request.user,
                meeting,
                keys,
                reply_url=lambda token: request.build_absolute_uri(
                    reverse("meetings:invitation_reply", args=[token])
                ),
            )
        error = outcome.text
        if outcome:
            messages.success(
                request, _("%(n)s invitations sent with the calendar file.") % {"n": len(sent)}
            )
            if skipped:
                messages.warning(
                    request,
                    _("Not sent (already invited or no e-mail address): %(names)s")
                    % {"names": ", ".join(skipped)},
                )
            return redirect(reverse("meetings:meeting_detail", args=[pk]) + "?tab=invitations")
    return render(
        request,
        "meetings/invite.html",
        {"meeting": meeting, "invitees": invitees, "invited": invited, "error": error},
    )


def invitation_reply(request: HttpRequest, token: str) -> HttpResponse:
    """The reply link of an invitation e-mail: public on purpose, the token is the key (M3).
    A wrong or used link shows a clear message and changes nothing."""
    with service_errors() as found:
        invitation = services.invitation_for_token(token)
    if not found:
        return render(request, "meetings/reply.html", {"link_error": found.text}, status=404)
    form = ReplyForm(request.POST or None)
    status = 200
    if invitation.replied_at is not None and request.method != "POST":
        return render(request, "meetings/reply.html", {"invitation": invitation, "done": True})
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            invitation = services.reply_to_invitation(
                token, form.cleaned_data["reply"], form.cleaned_data["delegate_name"]
            )
        if outcome:
            return render(request, "meetings/reply.html", {"invitation": invitation, "done": True})
        else:
            status = 400
    return render(
        request, "meetings/reply.html", {"invitation": invitation, "form": form}, status=status
    )


@require_POST
@requires(Perm.MANAGE_MEETINGS)
def attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    with service_errors(request) as outcome:
        services.record_attendance(request.user, meeting, request.POST.getlist("present"))
    if outcome:
        messages.success(request, _("Attendance saved."))
    return redirect(reverse("meetings:meeting_detail", args=[pk]) + "?tab=attendance")
