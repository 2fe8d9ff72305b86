"""Pages of the institutions (G2)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tailsafe.core import once
from tailsafe.core.audit import history_of
from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, requires
from tailsafe.governance import services
from tailsafe.governance.forms import (
    InstitutionForm,
)
from tailsafe.governance.models import (
    Institution,
    LpiChange,
    Membership,
)

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest

# --- institutions (G2) ------------------------------------------------------------------------


@requires(Perm.VIEW_INTERNAL)
def institution_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    show = request.GET.get("show", "lpi")
    qs = Institution.objects.all()
    if show == "lpi":
        qs = qs.filter(in_lpi=True, archived_at__isnull=True)
    elif show == "archived":
        qs = qs.filter(archived_at__isnull=False)
    else:
        show = "all"
    today = timezone.localdate()
    current = Membership.objects.current(today).select_related("person")
    qs = qs.prefetch_related(Prefetch("memberships", queryset=current, to_attr="current_members"))
    return render(request, "governance/institution_list.html", {"institutions": qs, "show": show})


@requires(Perm.VIEW_INTERNAL)
def institution_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    inst = get_object_or_404(Institution, pk=pk)
    tab = request.GET.get("tab", "overview")
    context: dict[str, Any] = {
        "institution": inst,
        "tab": tab,
        "memberships": inst.memberships.select_related("person").order_by("-start_date"),
        "lpi_changes": inst.lpi_changes.all(),
    }
    if tab == "history":
        context["history"] = history_of(inst)
    return render(request, "governance/institution_detail.html", context)


@requires(Perm.MANAGE_GOVERNANCE)
def institution_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = InstitutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != once.FIELD}
        try:
            with service_errors(form) as outcome:
                inst = once.create_once(
                    request,
                    lambda: services.create_institution(
                        request.user,
                        data,
                        effective_on=data.pop("effective_on", None),
                        decided_at=data.pop("decided_at", ""),
                    ),
                    lambda inst: reverse("governance:institution_detail", args=[inst.pk]),
                )
        except once.AlreadyCreated as done:
            return once.show_first(request, done)
        if outcome:
            messages.success(request, _("Institution added."))
            return redirect("governance:institution_detail", pk=inst.pk)
    return render(request, "governance/institution_form.html", {"form": form, "creating": True})


@requires(Perm.MANAGE_GOVERNANCE)
def institution_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    inst = get_object_or_404(Institution, pk=pk, archived_at__isnull=True)
    form = InstitutionForm(request.POST or None, instance=Institution.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != once.FIELD}
        with service_errors(form) as outcome:
            services.update_institution(
                request.user,
                inst,
                data,
                effective_on=data.pop("effective_on", None),
                decided_at=data.pop("decided_at", ""),
            )
        if outcome:
            messages.success(request, _("Changes saved."))
            return redirect("governance:institution_detail", pk=inst.pk)
    return render(request, "governance/institution_form.html", {"form": form, "institution": inst})


@require_POST
@requires(Perm.MANAGE_GOVERNANCE)
def institution_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    inst = get_object_or_404(Institution, pk=pk)
    with service_errors(request) as outcome:
        services.archive_institution(
            request.user, inst, decided_at=request.POST.get("decided_at", "")[:300]
        )
    if outcome:
        messages.success(request, _("Institution archived."))
    return redirect("governance:institution_detail", pk=inst.pk)


@requires(Perm.VIEW_INTERNAL)
def lpi_changes(request: AuthenticatedHttpRequest) -> HttpResponse:
    changes = LpiChange.objects.select_related("institution", "recorded_by")[:500]
    return render(request, "governance/lpi_changes.html", {"changes": changes})
