"""M4 minutes and M5 consensus pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, has_perm, requires
from tailsafe.governance.models import Institution
from tailsafe.meetings import papers, services
from tailsafe.meetings.forms import (
    POSITION_CHOICES,
    ProposalForm,
)
from tailsafe.meetings.models import (
    Meeting,
    Minutes,
    MinutesItem,
    Position,
    Proposal,
)
from tailsafe.meetings.rules import minutes_visible_to
from tailsafe.meetings.views.common import refused

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest

# --- M4 minutes -------------------------------------------------------------------------------


@require_POST
@requires(Perm.MANAGE_MEETINGS)
def minutes_start(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    with service_errors(request) as outcome:
        minutes = services.start_minutes(request.user, meeting)
    if not outcome:
        return redirect(reverse("meetings:meeting_detail", args=[pk]) + "?tab=minutes")
    return redirect("meetings:minutes_edit", pk=minutes.pk)


def _editor_context(minutes: Minutes) -> dict[str, Any]:
    ctx = papers.context(minutes.meeting, "minutes", minutes)
    ctx["present"] = services.present_institutions(minutes.meeting)
    return ctx


@requires(Perm.MANAGE_MEETINGS)
def minutes_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    minutes = get_object_or_404(Minutes.objects.select_related("meeting"), pk=pk)
    if minutes.is_frozen:
        messages.error(
            request, _("Approved minutes cannot be edited; record a correction as a new version.")
        )
        return redirect(
            reverse("meetings:meeting_detail", args=[minutes.meeting_id]) + "?tab=minutes"
        )
    ctx = _editor_context(minutes)
    ctx.update(minutes=minutes, revision=minutes.revision, posted={}, error="")
    status = 200
    if request.method == "POST":
        data: dict[int, dict[str, str]] = {}
        for entry in ctx["items"]:
            item = entry["item"]
            data[item.pk] = {
                key: request.POST.get(f"item-{item.pk}-{key}", "")[:20000]
                for key in services.MINUTES_ITEM_FIELDS
            }
        proposals = {
            item_pk: (
                request.POST.get(f"proposal-{item_pk}-kind", Proposal.Kind.DECISION),
                request.POST.get(f"proposal-{item_pk}-text", "")[:20000],
            )
            for item_pk in data
        }
        ctx["proposals"] = proposals
        try:
            expected = int(request.POST.get("revision", ""))
        except ValueError:
            expected = -1
        try:
            with service_errors(let_through=(services.StaleMinutes,)) as outcome:
                added = services.save_minutes_with_proposals(
                    request.user, minutes, data, expected, proposals
                )
        except services.StaleMinutes as exc:
            # Nothing is lost: the user's text goes back into the form, now at the saved
            # revision (saving again is a deliberate choice), with the saved text beside it.
            saved = Minutes.objects.get(pk=minutes.pk)
            ctx.update(error=" ".join(exc.messages), posted=data, revision=saved.revision)
            ctx["saved"] = {
                item.pk: {
                    k: getattr(item, k)
                    for k in services.MINUTES_ITEM_FIELDS
                    if getattr(item, k) != data.get(item.pk, {}).get(k, getattr(item, k))
                }
                for item in saved.items.all()
            }
            status = 409
        if outcome.error is not None:  # refused (the stale case above is let through)
            # Nothing is lost: the user's text goes back into the form.
            ctx.update(error=outcome.text, posted=data, revision=expected)
            status = 409
        if outcome:
            messages.success(request, _("Minutes saved."))
            wanted = request.POST.get("add_proposal", "")
            chosen = [p for p in added if str(p.item_id) == wanted]
            if chosen:
                return redirect("meetings:proposal_positions", pk=chosen[0].pk)
            return redirect("meetings:minutes_edit", pk=minutes.pk)
    for entry in ctx["items"]:
        item = entry["item"]
        posted = ctx["posted"].get(item.pk)
        entry["values"] = posted or {k: getattr(item, k) for k in services.MINUTES_ITEM_FIELDS}
        entry["saved"] = ctx.get("saved", {}).get(item.pk, {})
        entry["proposal_kind"], entry["proposal_text"] = ctx.get("proposals", {}).get(
            item.pk, ("", "")
        )
    ctx["proposal_form"] = ProposalForm()
    return render(request, "meetings/minutes_edit.html", ctx, status=status)


def _minutes_action(
    request: AuthenticatedHttpRequest, pk: int, action: Any, done: str
) -> HttpResponse:
    minutes = get_object_or_404(Minutes.objects.select_related("meeting"), pk=pk)
    try:
        with service_errors(request) as outcome:
            action(minutes)
    except PermissionDenied as exc:
        return refused(request, exc)
    if outcome:
        messages.success(request, done)
    return redirect(reverse("meetings:meeting_detail", args=[minutes.meeting_id]) + "?tab=minutes")


@require_POST
@requires(Perm.MANAGE_MEETINGS)
def minutes_circulate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _minutes_action(
        request,
        pk,
        lambda m: services.circulate_minutes(request.user, m),
        _("The minutes are circulated for comments."),
    )


@require_POST
@requires(Perm.CHAIR)
def minutes_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _minutes_action(
        request,
        pk,
        lambda m: services.approve_minutes(request.user, m),
        _("The minutes are approved and frozen."),
    )


@require_POST
@requires(Perm.MANAGE_MEETINGS)
def minutes_correct(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    minutes = get_object_or_404(minutes_visible_to(request.user), pk=pk)
    with service_errors(request) as outcome:
        new = services.correct_minutes(request.user, minutes, request.POST.get("reason", ""))
    if not outcome:
        return redirect(
            reverse("meetings:meeting_detail", args=[minutes.meeting_id]) + "?tab=minutes"
        )
    messages.success(request, _("A new version was opened for the correction."))
    return redirect("meetings:minutes_edit", pk=new.pk)


@require_POST
@requires(Perm.COMMENT_MINUTES)
def minutes_comment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    minutes = get_object_or_404(minutes_visible_to(request.user), pk=pk)
    item = None
    item_id = request.POST.get("item", "")
    if item_id.isdigit():
        item = MinutesItem.objects.filter(pk=int(item_id)).first()
    with service_errors(request) as outcome:
        services.comment_minutes(request.user, minutes, request.POST.get("text", "")[:5000], item)
    if outcome:
        messages.success(request, _("Comment added."))
    return redirect(reverse("meetings:meeting_detail", args=[minutes.meeting_id]) + "?tab=minutes")


@requires(Perm.VIEW_INTERNAL)
def minutes_diff(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    minutes = get_object_or_404(
        minutes_visible_to(request.user, Minutes.objects.select_related("meeting", "previous")),
        pk=pk,
    )
    if minutes.previous is None:
        raise Http404
    return render(
        request,
        "meetings/minutes_diff.html",
        {"minutes": minutes, "meeting": minutes.meeting, "lines": services.diff_lines(minutes)},
    )


# --- M5 consensus -----------------------------------------------------------------------------


@require_POST
@requires(Perm.MANAGE_MEETINGS)
def proposal_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(MinutesItem.objects.select_related("minutes"), pk=pk)
    form = ProposalForm(request.POST)
    if form.is_valid():
        with service_errors(request) as outcome:
            proposal = services.add_proposal(request.user, item, **form.cleaned_data)
        if outcome:
            return redirect("meetings:proposal_positions", pk=proposal.pk)
    else:
        messages.error(request, _("Write the proposal."))
    return redirect(
        reverse("meetings:minutes_edit", args=[item.minutes_id]) + f"#section-{item.pk}"
    )


@requires(Perm.STATE_POSITION)
def proposal_positions(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Each present institution's position on a proposal (§28). The secretariat records any
    institution's position; a member only their own institution's."""
    proposal = get_object_or_404(Proposal.objects.select_related("item__minutes__meeting"), pk=pk)
    minutes = proposal.item.minutes
    present = services.present_institutions(minutes.meeting)
    manager = has_perm(request.user, Perm.MANAGE_MEETINGS)
    own = getattr(request.user, "institution_id", None)
    editable = [i for i in present if manager or i.pk == own]
    current = {p.institution_id: p for p in proposal.positions.filter(withdrawn_at__isnull=True)}
    errors: dict[int, str] = {}
    posted: dict[int, tuple[str, str]] = {}
    if request.method == "POST":
        if minutes.is_frozen:
            messages.error(request, _("Approved minutes cannot be edited."))
            return redirect("meetings:proposal_positions", pk=pk)
        entries = []
        for inst in editable:
            value = request.POST.get(f"position-{inst.pk}", "")
            reason = request.POST.get(f"reason-{inst.pk}", "")[:2000]
            posted[inst.pk] = (value, reason)
            seen = None
            if f"seen-{inst.pk}" in request.POST:
                seen = (
                    request.POST.get(f"seen-{inst.pk}", ""),
                    request.POST.get(f"seen-reason-{inst.pk}", ""),
                )
            entries.append((inst, value, reason, seen))
        try:
            with service_errors() as outcome:
                errors = services.record_positions(request.user, proposal, entries)
        except PermissionDenied as exc:
            return refused(request, exc)
        if outcome.error is not None:  # nothing saved; a stale row shows what is stored now
            errors = {int(k): " ".join(v) for k, v in outcome.error.message_dict.items()}
            for stale_pk in errors:
                posted.pop(stale_pk, None)
        if not errors:
            messages.success(request, _("Positions saved."))
            return redirect("meetings:proposal_positions", pk=pk)
        current = {
            p.institution_id: p for p in proposal.positions.filter(withdrawn_at__isnull=True)
        }
    rows = []
    for inst in present:
        pos: Position | None = current.get(inst.pk)
        value, reason = posted.get(
            inst.pk, (pos.position if pos else "", pos.reason if pos else "")
        )
        rows.append(
            {
                "institution": inst,
                "value": value,
                "reason": reason,
                "editable": inst in editable and not minutes.is_frozen,
                "position": pos,
                "error": errors.get(inst.pk, ""),
            }
        )
    return render(
        request,
        "meetings/proposal_positions.html",
        {
            "proposal": proposal,
            "minutes": minutes,
            "meeting": minutes.meeting,
            "rows": rows,
            "choices": POSITION_CHOICES,
            "outcome": services.outcome(proposal),
            "may_put": (manager or has_perm(request.user, Perm.CHAIR)) and not minutes.is_frozen,
            "institutions": {
                i.key: i for i in Institution.objects.filter(pk__in=[i.pk for i in present])
            },
            "history": history_of_positions(proposal)
            if has_perm(request.user, Perm.VIEW_HISTORY)
            else [],
        },
        status=400 if errors else 200,
    )


def history_of_positions(proposal: Proposal) -> list[Any]:
    """Every change of every position on the proposal (M5: position changes are audited)."""
    records = (
        Position.history.filter(proposal_id=proposal.pk)
        .select_related("history_user", "institution")
        .order_by("-history_date", "-history_id")[:200]
    )
    return list(records)
