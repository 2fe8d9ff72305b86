"""Consensus steps beside the positions table (§28, issue 15): the chair records that the
question was put without objection; a position is withdrawn with a reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, requires
from tailsafe.meetings import services
from tailsafe.meetings.models import Position, Proposal
from tailsafe.meetings.views.common import refused

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest


@require_POST
@requires(Perm.VIEW_INTERNAL)
def proposal_put(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal, pk=pk)
    put = request.POST.get("put", "1") == "1"
    try:
        with service_errors(request) as outcome:
            services.record_question_put(request.user, proposal, put)
    except PermissionDenied as exc:
        return refused(request, exc)
    if outcome:
        messages.success(request, _("Recorded."))
    return redirect("meetings:proposal_positions", pk=pk)


@require_POST
@requires(Perm.STATE_POSITION)
def position_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    position = get_object_or_404(Position.objects.select_related("institution"), pk=pk)
    try:
        with service_errors(request) as outcome:
            services.withdraw_position(
                request.user, position, request.POST.get("reason", "")[:2000]
            )
    except PermissionDenied as exc:
        return refused(request, exc)
    if outcome:
        messages.success(request, _("The position is withdrawn."))
    return redirect("meetings:proposal_positions", pk=position.proposal_id)
