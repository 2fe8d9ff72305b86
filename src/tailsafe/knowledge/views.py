"""Knowledge base and commissioned work views: load -> check access -> call a service -> render."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.db import models
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tailsafe.core import once
from tailsafe.core.audit import history_of
from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, has_perm, requires
from tailsafe.knowledge import services
from tailsafe.knowledge.forms import (
    AcceptForm,
    ReportForm,
    SelfAssessmentForm,
    WorkForm,
    record_form,
)
from tailsafe.knowledge.models import CommissionedWork, SelfAssessment
from tailsafe.knowledge.registers import REGISTERS, Register
from tailsafe.knowledge.rules import works_visible_to
from tailsafe.methodology import runout
from tailsafe.methodology import services as methodology
from tailsafe.methodology.models import RunoutFitVersion

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest


def _register(kind: str) -> Register:
    try:
        return REGISTERS[kind]
    except KeyError as exc:
        raise Http404 from exc


def _cell(obj: models.Model, name: str) -> Any:
    display = getattr(obj, f"get_{name}_display", None)
    value = display() if display else getattr(obj, name)
    return "—" if value in (None, "") else value


def _label(model: type[models.Model], name: str) -> Any:
    return getattr(model._meta.get_field(name), "verbose_name", name)


def _manager(model: type[models.Model]) -> Any:
    return getattr(model, "active", model._default_manager)


@requires(Perm.VIEW_INTERNAL)
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    counts = [(r, _manager(r.model).count()) for r in REGISTERS.values()]
    return render(
        request,
        "knowledge/index.html",
        {
            "counts": counts,
            "works": CommissionedWork.active.count(),
            "assessments": SelfAssessment.objects.count(),
        },
    )


@requires(Perm.VIEW_INTERNAL)
def record_list(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    reg = _register(kind)
    records = _manager(reg.model).all()
    sub = request.GET.get("kind", "")
    if sub and any(f.name == "kind" for f in reg.model._meta.fields):
        records = records.filter(kind=sub)
    headers = [_label(reg.model, c) for c in reg.columns]
    rows = [(r, [_cell(r, c) for c in reg.columns]) for r in records[:1000]]
    context: dict[str, Any] = {"reg": reg, "headers": headers, "rows": rows}
    if reg.slug == "lessons":  # the failures here refit the run-out regression (issue 17)
        context["runout_fit"] = methodology.current_runout_fit()
        context["runout_versions"] = list(RunoutFitVersion.objects.order_by("-version")[:10])
        context["reference_fit"] = runout.default_fit()
    return render(request, "knowledge/record_list.html", context)


@requires(Perm.VIEW_INTERNAL)
def record_detail(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    reg = _register(kind)
    record = get_object_or_404(reg.model, pk=pk)
    facts = []
    for name in reg.fields:
        field = reg.model._meta.get_field(name)
        if field.many_to_many:
            value: Any = ", ".join(str(x) for x in getattr(record, name).all()) or "—"
        else:
            value = _cell(record, name)
        facts.append((_label(reg.model, name), value))
    extra = {}
    if reg.slug == "epr":
        extra["measures"] = record.measures.all()  # type: ignore[attr-defined]
    if reg.slug == "lessons":
        for name in ("dam_height_m", "total_volume_mm3", "released_volume_mm3", "runout_km"):
            value = getattr(record, name)
            if value is not None:
                facts.append((_label(reg.model, name), value))
    return render(
        request,
        "knowledge/record_detail.html",
        {
            "reg": reg,
            "record": record,
            "facts": facts,
            "history": history_of(record) if has_perm(request.user, Perm.VIEW_HISTORY) else None,
            **extra,
        },
    )


def _record_form(
    request: AuthenticatedHttpRequest, reg: Register, record: models.Model | None
) -> HttpResponse:
    form_class = record_form(reg.model, reg.fields)
    form = form_class(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in reg.fields}
        with service_errors(form) as outcome:
            saved = services.save_record(request.user, reg.model, data, record)
        if outcome:
            messages.success(request, _("Saved."))
            return redirect("knowledge:record_detail", kind=reg.slug, pk=saved.pk)
    return render(
        request, "knowledge/form.html", {"form": form, "title": reg.title, "record": record}
    )


@requires(Perm.MANAGE_KNOWLEDGE)
def record_create(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    return _record_form(request, _register(kind), None)


@requires(Perm.MANAGE_KNOWLEDGE)
def record_edit(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    reg = _register(kind)
    return _record_form(request, reg, get_object_or_404(reg.model, pk=pk))


# --- K5 self-assessments -----------------------------------------------------------------------


@requires(Perm.VIEW_INTERNAL)
def assessment_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "knowledge/assessment_list.html",
        {"assessments": SelfAssessment.objects.all()},
    )


@requires(Perm.MANAGE_KNOWLEDGE)
def assessment_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SelfAssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            a = services.record_self_assessment(request.user, **form.cleaned_data)
        if outcome:
            messages.success(request, _("Self-assessment recorded."))
            return redirect("knowledge:assessment_detail", pk=a.pk)
    return render(request, "knowledge/form.html", {"form": form, "title": _("New self-assessment")})


@requires(Perm.VIEW_INTERNAL)
def assessment_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = get_object_or_404(SelfAssessment, pk=pk)
    others = SelfAssessment.objects.exclude(pk=pk)
    compare_with = None
    try:
        other_pk = int(request.GET.get("compare", "0"))
    except ValueError:
        other_pk = 0
    if other_pk:
        compare_with = others.filter(pk=other_pk).first()
    else:
        compare_with = others.filter(assessed_on__lte=assessment.assessed_on).first()
    compared = services.compare_assessments(compare_with, assessment) if compare_with else None
    return render(
        request,
        "knowledge/assessment_detail.html",
        {
            "assessment": assessment,
            "others": others,
            "compare_with": compare_with,
            "compared": compared,
        },
    )


# --- A3 commissioned work ----------------------------------------------------------------------


@requires(Perm.VIEW_INTERNAL)
def work_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    works = works_visible_to(
        request.user, CommissionedWork.active.select_related("report_to", "institution")
    )
    return render(request, "knowledge/work_list.html", {"works": works})


@requires(Perm.MANAGE_FOLLOWUP)
def work_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = WorkForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in WorkForm.Meta.fields}
        try:
            with service_errors(form, field="tor_upload") as outcome:
                work = once.create_once(
                    request,
                    lambda: services.commission_work(
                        request.user, data, tor_file=form.cleaned_data.get("tor_upload")
                    ),
                    lambda w: reverse("knowledge:work_detail", args=[w.pk]),
                )
        except once.AlreadyCreated as done:
            return once.show_first(request, done)
        if outcome:
            messages.success(request, _("Work commissioned."))
            return redirect("knowledge:work_detail", pk=work.pk)
    return render(
        request,
        "knowledge/form.html",
        {"form": form, "title": _("Commission work"), "multipart": True},
    )


@requires(Perm.VIEW_INTERNAL)
def work_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    work = get_object_or_404(
        works_visible_to(
            request.user,
            CommissionedWork.objects.select_related("report_to", "institution", "decision"),
        ),
        pk=pk,
    )
    return render(
        request,
        "knowledge/work_detail.html",
        {
            "work": work,
            "report_form": ReportForm(),
            "accept_form": AcceptForm(),
            "history": history_of(work) if has_perm(request.user, Perm.VIEW_HISTORY) else None,
        },
    )


@require_POST
@requires(Perm.MANAGE_FOLLOWUP)
def work_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    work = get_object_or_404(CommissionedWork, pk=pk)
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        with service_errors(request) as outcome:
            services.submit_report(request.user, work, form.cleaned_data["report"])
        if outcome:
            messages.success(request, _("Report received."))
    else:
        messages.error(request, _("Choose the report file."))
    return redirect("knowledge:work_detail", pk=pk)


@require_POST
@requires(Perm.MANAGE_FOLLOWUP)
def work_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    work = get_object_or_404(CommissionedWork, pk=pk)
    with service_errors(request) as outcome:
        services.accept_work(request.user, work, request.POST.get("note", ""))
    if outcome:
        messages.success(request, _("Recorded as accepted by the group."))
    return redirect("knowledge:work_detail", pk=pk)


@requires(Perm.VIEW_INTERNAL)
def work_file(request: AuthenticatedHttpRequest, pk: int, kind: str) -> FileResponse:
    work = get_object_or_404(works_visible_to(request.user), pk=pk)
    file = {"tor": work.tor_file, "report": work.report_file}.get(kind)
    if not file:
        raise Http404
    return FileResponse(file.open("rb"), content_type="application/pdf")
