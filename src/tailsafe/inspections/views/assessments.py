"""Pages of checklist self-assessments, the comparison and the priority matrix."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, has_perm, requires
from tailsafe.facilities.models import Facility
from tailsafe.facilities.rules import facilities_visible_to
from tailsafe.governance.models import Institution
from tailsafe.inspections import rules, services
from tailsafe.inspections.forms import (
    StartAssessmentForm,
)
from tailsafe.inspections.models import (
    ANSWER_CHOICES,
    CREDIBILITY_CHOICES,
    Assessment,
)
from tailsafe.inspections.views.base import CATEGORY_LABELS, _category_rows
from tailsafe.methodology.models import Question

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest

# --- assessments ------------------------------------------------------------------------------


@requires(Perm.VIEW_INTERNAL)
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = None
    if has_perm(user, Perm.SELF_ASSESS) or has_perm(user, Perm.INSPECT):
        form = StartAssessmentForm(user)
    return render(
        request,
        "inspections/index.html",
        {"assessments": services.visible_assessments(user)[:200], "form": form},
    )


@requires(Perm.VIEW_INTERNAL)
@require_POST
def start(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = StartAssessmentForm(user, request.POST)
    if form.is_valid():
        with service_errors(form) as outcome:
            a = services.start_assessment(
                user,
                form.cleaned_data["facility"],
                form.cleaned_data["kind"],
                form.cleaned_data["module"],
            )
        if outcome:
            return redirect("inspections:assessment", pk=a.pk)
    return render(
        request,
        "inspections/index.html",
        {"assessments": services.visible_assessments(user)[:200], "form": form},
        status=400,
    )


def _assessment_context(request: AuthenticatedHttpRequest, a: Assessment) -> dict[str, Any]:
    answers = {x.question_id: x for x in a.answers.prefetch_related("evidence")}
    questions = services.questions_for(a.bank, a.module)
    rows: list[dict[str, Any]] = [{"question": q, "answer": answers.get(q.pk)} for q in questions]
    result = services.score(a)
    return {
        "a": a,
        "rows": rows,
        "result": result,
        "categories": _category_rows(result),
        "editable": services.can_edit(request.user, a),
        "answer_choices": ANSWER_CHOICES,
        "credibility_choices": CREDIBILITY_CHOICES,
        "category_labels": CATEGORY_LABELS,
        "answered": sum(1 for r in rows if r["answer"] and r["answer"].complete),
        "shortfalls": services.shortfalls(a) if not a.is_draft else [],
        "can_recommend": has_perm(request.user, Perm.MANAGE_FOLLOWUP),
        "institutions": Institution.objects.filter(archived_at__isnull=True).order_by("name_ru")
        if has_perm(request.user, Perm.MANAGE_FOLLOWUP) and not a.is_draft
        else [],
    }


@requires(Perm.VIEW_INTERNAL)
def assessment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    a = get_object_or_404(
        Assessment.objects.select_related("facility", "bank", "parameter_set"), pk=pk
    )
    services.check_view(request.user, a)
    return render(request, "inspections/assessment.html", _assessment_context(request, a))


def _question_of(request: AuthenticatedHttpRequest, bank_id: int) -> Question:
    try:
        qid = int(request.POST.get("question", ""))
    except ValueError:
        raise Http404 from None
    return get_object_or_404(Question, pk=qid, bank_id=bank_id)


@requires(Perm.VIEW_INTERNAL)
@require_POST
def answer_save(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Autosave of one answer (htmx, on change); without JavaScript it redirects back."""
    a = get_object_or_404(Assessment.objects.select_related("facility", "parameter_set"), pk=pk)
    services.check_view(request.user, a)
    q = _question_of(request, a.bank_id)
    with service_errors() as outcome:
        services.save_answer(request.user, a, q, request.POST)
    error = outcome.text
    if not request.htmx:  # type: ignore[attr-defined]
        if error:
            messages.error(request, error)
        return redirect("inspections:assessment", pk=a.pk)
    ctx = _assessment_context(request, a)
    ctx.update({"q": q, "error": error})
    return render(request, "inspections/_saved.html", ctx, status=200)


@requires(Perm.VIEW_INTERNAL)
@require_POST
def evidence(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    a = get_object_or_404(Assessment.objects.select_related("facility"), pk=pk)
    services.check_view(request.user, a)
    q = _question_of(request, a.bank_id)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
    else:
        with service_errors(request, join=True) as outcome:
            services.add_evidence(request.user, a, q, upload)
        if outcome:
            messages.success(request, _("Evidence attached."))
    return redirect("inspections:assessment", pk=a.pk)


@requires(Perm.VIEW_INTERNAL)
@require_POST
def submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    a = get_object_or_404(Assessment.objects.select_related("facility"), pk=pk)
    services.check_view(request.user, a)
    with service_errors(request, join=True) as outcome:
        services.submit_assessment(request.user, a)
    if outcome:
        messages.success(request, _("Assessment submitted; it is now frozen."))
    return redirect("inspections:assessment", pk=a.pk)


@requires(Perm.VIEW_INTERNAL)
def compare(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    facility = get_object_or_404(Facility, pk=pk)
    if not rules.can_see_facility_records(request.user, facility):
        raise PermissionDenied(_("You can open only the assessments of your own facilities."))
    ctx = services.compare(facility)
    ctx["facility"] = facility
    ctx["self_categories"] = _category_rows(ctx["self_score"])
    ctx["authority_categories"] = _category_rows(ctx["authority_score"])
    return render(request, "inspections/compare.html", ctx)


@requires(Perm.VIEW_INTERNAL)
def matrix(request: AuthenticatedHttpRequest) -> HttpResponse:
    from tailsafe.methodology import services as methodology

    m = services.priority_matrix(
        facilities_visible_to(request.user, Facility.objects.filter(archived_at__isnull=True))
    )
    return render(
        request,
        "inspections/matrix.html",
        {**m, "parameter_set": methodology.active_parameter_set()},
    )
