"""Recommendation views (A2): load -> check access -> call a service -> render."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, has_perm, requires
from tailsafe.followup import recommendations as services
from tailsafe.followup import rules
from tailsafe.followup.forms import RecommendationForm
from tailsafe.followup.models import Recommendation
from tailsafe.governance.models import Institution
from tailsafe.meetings.models import Meeting, MinutesItem

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest


def _user(request: AuthenticatedHttpRequest) -> Any:
    return request.user


def _refused(request: AuthenticatedHttpRequest, exc: PermissionDenied) -> None:
    """A refused step: say why in the user's language; nothing was changed (a ValidationError
    is shown the same way by ``service_errors(request, join=True)``)."""
    messages.error(request, str(exc) or _("You are not allowed to take this step."))


def _get(request: AuthenticatedHttpRequest, pk: int) -> Recommendation:
    return get_object_or_404(
        rules.recommendations_visible_to(
            request.user, Recommendation.objects.select_related("addressee", "facility", "proposal")
        ),
        pk=pk,
    )


@requires(Perm.VIEW_INTERNAL)
def recommendation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    qs = rules.recommendations_visible_to(
        request.user, Recommendation.objects.select_related("addressee", "facility")
    )
    return render(
        request,
        "followup/recommendation_list.html",
        {
            "recommendations": qs[:300],
            "overdue": services.overdue().count(),
            "meetings": Meeting.objects.order_by("-starts_at")[:10]
            if has_perm(request.user, Perm.MANAGE_FOLLOWUP)
            else [],
        },
    )


@requires(Perm.MANAGE_FOLLOWUP)
@require_POST
def recommendation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """From a shortfall of a submitted checklist assessment or a finding of a completed joint
    inspection (its candidate recommendations): the catalogue measure of the chosen term,
    addressed to the chosen institution (default: the facility's operator)."""
    from tailsafe.inspections.models import Assessment, JointInspection
    from tailsafe.methodology.models import Question

    assessment = inspection = None
    try:
        if request.POST.get("inspection"):
            inspection = JointInspection.objects.select_related("facility").get(
                pk=int(request.POST["inspection"])
            )
        else:
            assessment = Assessment.objects.select_related("facility").get(
                pk=int(request.POST.get("assessment", ""))
            )
        question = Question.objects.get(pk=int(request.POST.get("question", "")))
    except (ValueError, Assessment.DoesNotExist, JointInspection.DoesNotExist):
        raise Http404 from None
    except Question.DoesNotExist:
        raise Http404 from None
    source = inspection or assessment
    term = request.POST.get("term", "")
    text = dict(question.measures()).get(term, "")
    addressee = Institution.objects.filter(pk=request.POST.get("addressee") or 0).first()
    with service_errors(request, join=True) as outcome:
        rec = services.draft_recommendation(
            request.user,
            text=text or f"{question.code}: {question.text}",
            term=term,
            addressee=addressee,
            facility=source.facility if source is not None else None,
            question=question,
            source_assessment=assessment,
            source_inspection=inspection,
        )
    if not outcome:
        if inspection is not None:
            return redirect("inspections:inspection", pk=inspection.pk)
        return redirect("inspections:assessment", pk=source.pk if source else 0)
    messages.success(request, _("Draft recommendation created."))
    return redirect("followup:recommendation", pk=rec.pk)


@requires(Perm.VIEW_INTERNAL)
def recommendation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rec = _get(request, pk)
    items = []
    if rules.can_propose_recommendation(request.user, rec):
        items = list(
            MinutesItem.objects.filter(minutes__status="draft")
            .select_related("minutes__meeting")
            .order_by("-minutes__meeting__starts_at", "order")[:50]
        )
    agenda_meetings: list[Meeting] = []
    if rules.can_propose_recommendation(request.user, rec):
        agenda_meetings = list(
            Meeting.objects.exclude(agenda_status=Meeting.AgendaStatus.FINAL)
            .filter(status__in=[Meeting.Status.PLANNED, Meeting.Status.CONVENED])
            .order_by("starts_at")[:20]
        )
    outcome = None
    if rec.proposal is not None:
        from tailsafe.meetings import services as meetings

        outcome = meetings.outcome(rec.proposal)
    return render(
        request,
        "followup/recommendation_detail.html",
        {
            "rec": rec,
            "items": items,
            "agenda_meetings": agenda_meetings,
            "outcome": outcome,
            "timeline": services.timeline(rec),
            "can_update": services.can_update(request.user, rec),
            "can_edit": rules.can_edit_recommendation(request.user, rec),
            "can_propose": rules.can_propose_recommendation(request.user, rec),
            "can_adopt": rules.can_adopt_recommendation(request.user, rec),
            "can_publish": rules.can_publish_recommendation(request.user, rec),
            "can_unpublish": rules.can_unpublish_recommendation(request.user, rec),
            "statuses": Recommendation.Status.choices,
            "today": dt.date.today().isoformat(),
        },
    )


def _step_with(
    request: AuthenticatedHttpRequest, pk: int, target: Any, missing: str, step: Any, done: str
) -> HttpResponse:
    """A step that names another record (a minutes section, a meeting): refused with a message
    in the user's language when it is missing or the step is not allowed; nothing changes."""
    rec = _get(request, pk)
    if target is None:
        messages.error(request, missing)
    else:
        try:
            with service_errors(request, join=True) as outcome:
                step(request.user, rec, target)
        except PermissionDenied as exc:
            _refused(request, exc)
        if outcome:
            messages.success(request, done)
    return redirect("followup:recommendation", pk=rec.pk)


@requires(Perm.MANAGE_FOLLOWUP)
@require_POST
def recommendation_propose(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _step_with(
        request,
        pk,
        MinutesItem.objects.filter(pk=request.POST.get("item") or 0).first(),
        _("Choose the minutes item to propose it under."),
        services.propose,
        _("Proposed to the meeting for consensus."),
    )


@requires(Perm.MANAGE_FOLLOWUP)
@require_POST
def recommendation_agenda(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _step_with(
        request,
        pk,
        Meeting.objects.filter(pk=request.POST.get("meeting") or 0).first(),
        _("Choose a meeting."),
        services.put_on_agenda,
        _("Put on the agenda of the meeting."),
    )


@requires(Perm.MANAGE_FOLLOWUP)
@require_POST
def recommendation_adopt(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rec = _get(request, pk)
    try:
        with service_errors(request, join=True) as outcome:
            services.record_adoption(request.user, rec)
    except PermissionDenied as exc:
        _refused(request, exc)
    if outcome:
        messages.success(request, _("Adopted by consensus; follow-up starts."))
    return redirect("followup:recommendation", pk=rec.pk)


@requires(Perm.UPDATE_ACTION_ITEM)
@require_POST
def recommendation_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rec = _get(request, pk)
    raw_date = request.POST.get("date") or ""
    try:
        date = dt.date.fromisoformat(raw_date) if raw_date else None
    except ValueError:
        messages.error(request, _("Enter a valid date."))
        return redirect("followup:recommendation", pk=rec.pk)
    try:
        with service_errors(request, join=True) as outcome:
            services.update_status(
                request.user,
                rec,
                status=request.POST.get("status", ""),
                progress=request.POST.get("progress", ""),
                text=request.POST.get("text", ""),
                date=date,
                evidence=request.FILES.get("evidence"),
            )
    except PermissionDenied as exc:
        _refused(request, exc)
    if outcome:
        messages.success(request, _("Status updated."))
    return redirect("followup:recommendation", pk=rec.pk)


@requires(Perm.MANAGE_FOLLOWUP)
@require_POST
def overdue_to_agenda(request: AuthenticatedHttpRequest) -> HttpResponse:
    meeting = Meeting.objects.filter(pk=request.POST.get("meeting") or 0).first()
    if meeting is None:
        messages.error(request, _("Choose a meeting."))
    else:
        with service_errors(request, join=True) as outcome:
            services.add_overdue_to_agenda(request.user, meeting)
        if outcome:
            messages.success(request, _("Overdue recommendations added to the agenda."))
    return redirect("followup:recommendations")


@requires(Perm.MANAGE_FOLLOWUP)
def recommendation_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The secretariat corrects text, term, addressees, facility and due date; saved unchanged,
    nothing is written."""
    rec = _get(request, pk)
    if not rules.can_edit_recommendation(request.user, rec):
        messages.error(request, _("Only the secretariat corrects a recommendation."))
        return redirect("followup:recommendation", pk=rec.pk)
    form = RecommendationForm(request.POST or None, initial=RecommendationForm.initial_for(rec))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        also = data.pop("also_addressed")
        with service_errors(form) as outcome:
            changed = services.edit_recommendation(request.user, rec, data, also)
        if outcome:
            messages.success(request, _("Changes saved.") if changed else _("Nothing was changed."))
            return redirect("followup:recommendation", pk=rec.pk)
    return render(
        request,
        "followup/recommendation_form.html",
        {"form": form, "rec": rec},
        status=400 if form.errors else 200,
    )
