"""Pages of joint inspections and their report."""

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
from tailsafe.governance.models import Institution
from tailsafe.inspections import rules, services
from tailsafe.inspections.forms import (
    CompleteInspectionForm,
    PlanInspectionForm,
)
from tailsafe.inspections.models import (
    ANSWER_CHOICES,
    CREDIBILITY_CHOICES,
    JointInspection,
)
from tailsafe.inspections.views.base import CATEGORY_LABELS, _category_rows
from tailsafe.reports import render as reports

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest

# --- joint inspections ------------------------------------------------------------------------


def _inspection_or_403(request: AuthenticatedHttpRequest, pk: int) -> JointInspection:
    inspection = get_object_or_404(
        JointInspection.objects.select_related("facility", "bank", "parameter_set"), pk=pk
    )
    if not rules.can_view_inspection(request.user, inspection):
        raise PermissionDenied(_("You can open only the inspections of your own facilities."))
    return inspection


@requires(Perm.VIEW_INTERNAL)
def inspection_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    qs = rules.inspections_visible_to(
        request.user,
        JointInspection.objects.select_related("facility").prefetch_related("institutions"),
    )
    return render(request, "inspections/inspection_list.html", {"inspections": qs[:200]})


@requires(Perm.INSPECT)
def inspection_plan(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PlanInspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            inspection = services.plan_inspection(
                request.user,
                form.cleaned_data["facility"],
                date=form.cleaned_data["date"],
                module=form.cleaned_data["module"],
                institutions=form.cleaned_data["institutions"],
                inspectors=form.cleaned_data["inspectors"],
            )
        if outcome:
            return redirect("inspections:inspection", pk=inspection.pk)
    return render(
        request,
        "inspections/inspection_plan.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@requires(Perm.VIEW_INTERNAL)
def inspection(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    insp = _inspection_or_403(request, pk)
    findings = {f.question_id: f for f in insp.findings.all()}
    rows = [
        {"question": q, "finding": findings.get(q.pk)}
        for q in services.questions_for(insp.bank, insp.module)
    ]
    result = services.score(insp)
    completed = insp.status == JointInspection.Status.COMPLETED
    can_recommend = has_perm(request.user, Perm.MANAGE_FOLLOWUP)
    return render(
        request,
        "inspections/inspection.html",
        {
            "insp": insp,
            "rows": rows,
            "result": result,
            "categories": _category_rows(result),
            "editable": has_perm(request.user, Perm.INSPECT)
            and insp.status == JointInspection.Status.PLANNED,
            "answer_choices": ANSWER_CHOICES,
            "credibility_choices": CREDIBILITY_CHOICES,
            "category_labels": CATEGORY_LABELS,
            "complete_form": CompleteInspectionForm(),
            "languages": reports.LANGUAGES,
            # A completed inspection's findings below compliant are candidate recommendations.
            "shortfalls": services.shortfalls(insp) if completed else [],
            "can_recommend": can_recommend,
            "institutions": Institution.objects.filter(archived_at__isnull=True).order_by("name_ru")
            if can_recommend and completed
            else [],
        },
    )


@requires(Perm.INSPECT)
@require_POST
def finding_save(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every question's finding is saved with one action (any "Record" button submits the whole
    page), so nothing typed on another question is lost."""
    insp = _inspection_or_403(request, pk)
    rows: dict[int, dict[str, str]] = {}
    for key in request.POST.getlist("question"):
        try:
            qpk = int(key)
        except ValueError:
            continue
        rows[qpk] = {
            "answer": request.POST.get(f"answer-{qpk}", ""),
            "credibility": request.POST.get(f"credibility-{qpk}", ""),
            "text": request.POST.get(f"text-{qpk}", ""),
        }
    with service_errors(request, join=True) as outcome:
        written = services.record_findings(request.user, insp, rows)
    if outcome:
        messages.success(request, _("Findings saved: %(n)s changed.") % {"n": len(written)})
    focus = request.POST.get("focus", "")
    anchor = f"#q-{focus}" if focus.isdigit() else ""
    return redirect(f"{request.path.rsplit('/findings/', 1)[0]}/{anchor}")


@requires(Perm.INSPECT)
@require_POST
def inspection_complete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    insp = _inspection_or_403(request, pk)
    form = CompleteInspectionForm(request.POST)
    if form.is_valid():
        with service_errors(request, join=True) as outcome:
            services.complete_inspection(request.user, insp, form.cleaned_data["summary"])
        if outcome:
            messages.success(request, _("Inspection completed."))
    else:
        messages.error(request, _("Write a summary to complete the inspection."))
    return redirect("inspections:inspection", pk=insp.pk)


def _report_paper(ctx: dict[str, Any]) -> reports.Paper:
    insp = ctx["inspection"]
    res = ctx["result"]
    ps = ctx["parameter_set"]
    paper = reports.Paper(
        title=_("Joint inspection report: %(facility)s") % {"facility": insp.facility},
        status=_("Date: %(date)s; module: %(module)s; status: %(status)s")
        % {
            "date": insp.date.isoformat(),
            "module": insp.get_module_display(),
            "status": insp.get_status_display(),
        },
        draft=ctx["draft"],
    )
    b = paper.blocks
    if insp.summary:
        b.append(reports.Block("heading", _("Summary")))
        b.append(reports.Block("paragraph", insp.summary))
    b.append(reports.Block("heading", _("Participating institutions")))
    b.append(reports.Block("paragraph", "; ".join(str(i) for i in ctx["institutions"])))
    if ctx["inspectors"]:
        b.append(reports.Block("paragraph", "; ".join(str(s) for s in ctx["signatories"])))
    b.append(reports.Block("heading", _("Safety level")))
    sl = "—" if res.overall is None else f"{res.overall:.0f}"
    b.append(
        reports.Block(
            "paragraph",
            _("Safety level %(sl)s (%(band)s), evidence coverage %(cov)s%%")
            % {"sl": sl, "band": res.band or "—", "cov": f"{res.coverage * 100:.0f}"},
            bold=True,
        )
    )
    provisional = _(" (provisional parameters)") if ps.provisional else ""
    b.append(
        reports.Block(
            "paragraph",
            _("Parameter set: %(ps)s%(prov)s; question bank: %(bank)s; %(eq)s")
            % {"ps": ps.name, "prov": provisional, "bank": ctx["bank"], "eq": res.equation},
        )
    )
    b.append(reports.Block("heading", _("Findings")))
    b.append(
        reports.Block(
            "table",
            columns=[_("Code"), _("Question"), _("Answer"), _("Credibility"), _("Finding")],
            rows=[
                [
                    f.question.code,
                    f.question.text,
                    f.get_answer_display(),
                    f.get_credibility_display(),
                    f.text,
                ]
                for f in ctx["findings"]
            ],
        )
    )
    if ctx["shortfalls"]:
        b.append(reports.Block("heading", _("Proposed measures")))
        for s in ctx["shortfalls"]:
            b.append(reports.Block("paragraph", f"{s['question'].code}: {s['question'].text}"))
            for term, text in s["measures"]:
                b.append(reports.Block("paragraph", f"  {term}: {text}"))
    if ctx["signatories"]:
        paper.signature = [str(_("Inspectors")) + ":"] + [
            f"{s}  ____________________" for s in ctx["signatories"]
        ]
    return paper


@requires(Perm.VIEW_INTERNAL)
def inspection_report(
    request: AuthenticatedHttpRequest, pk: int, lang: str, fmt: str
) -> HttpResponse:
    insp = _inspection_or_403(request, pk)
    if lang not in reports.LANGUAGES or fmt not in ("pdf", "docx"):
        raise Http404
    ctx = services.report_context(insp)
    filename = f"inspection-{insp.facility.code}-{insp.date.isoformat()}-{lang}.{fmt}"
    if fmt == "pdf":
        data = reports.render_pdf("inspections/report.html", ctx, lang)
        content_type = "application/pdf"
    else:
        data = reports.render_docx(_report_paper, ctx, lang)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
