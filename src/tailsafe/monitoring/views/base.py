"""Monitoring pages: points, series, readings entered by hand."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tailsafe.core.audit import history_of
from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, requires
from tailsafe.facilities.models import Facility
from tailsafe.monitoring import rules, services
from tailsafe.monitoring.forms import (
    SeriesForm,
)
from tailsafe.monitoring.models import (
    MonitoringPoint,
    PointParameter,
)

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest


def facility_url(facility: Any) -> str | None:
    try:
        return reverse("facilities:detail", args=[facility.pk])
    except NoReverseMatch:
        return None


@requires(Perm.VIEW_INTERNAL)
def point_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    points = rules.points_visible_to(
        request.user,
        MonitoringPoint.objects.select_related("facility", "responsible").filter(active=True),
    )
    facility = request.GET.get("facility", "")
    if facility.isdigit():
        points = points.filter(facility_id=int(facility))
    now = timezone.now()
    overdue: dict[int, int] = {}
    for pp in services.series_with_latest(PointParameter.objects.filter(point__in=points)):
        if services.is_overdue(pp, now):
            overdue[pp.point_id] = overdue.get(pp.point_id, 0) + 1
    groups: dict[Any, list[Any]] = {}
    for p in points:
        p.overdue = overdue.get(p.pk, 0)  # type: ignore[attr-defined]
        groups.setdefault(p.facility, []).append(p)
    return render(
        request,
        "monitoring/point_list.html",
        {
            "groups": [(f, facility_url(f), ps) for f, ps in groups.items()],
            "overdue_total": sum(overdue.values()),
            "can_add_point": rules.point_facilities_for(
                request.user, Facility.objects.filter(archived_at__isnull=True)
            ).exists(),
        },
    )


@requires(Perm.VIEW_INTERNAL)
def point_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    point = get_object_or_404(
        rules.points_visible_to(
            request.user, MonitoringPoint.objects.select_related("facility", "responsible")
        ),
        pk=pk,
    )
    now = timezone.now()
    rows = []
    programme = list(services.series_with_latest(point.programme.all()))
    counts = services.norm_counts(programme)
    for pp in programme:
        with service_errors() as resolved:
            rule, limit, problem = pp.resolved_thresholds(), pp.limit_value(), ""
            norms = pp.applicable_norms()
        if not resolved:
            rule, limit, problem, norms = {}, None, "; ".join(resolved.messages), []
        rows.append(
            {
                "pp": pp,
                "norms": norms,
                "counts": counts.get(pp.pk, {}),
                "rule": rule,
                "limit": limit,
                "problem": problem,
                "overdue": services.is_overdue(pp, now),
            }
        )
    tab = request.GET.get("tab", "overview")
    return render(
        request,
        "monitoring/point_detail.html",
        {
            "point": point,
            "rows": rows,
            "facility_url": facility_url(point.facility),
            "can_manage": rules.can_manage_point(request.user, point),
            "tab": tab,
            "history": history_of(point) if tab == "history" else None,
        },
    )


@requires(Perm.MANAGE_MONITORING)
def series_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    pp = get_object_or_404(PointParameter.objects.select_related("point", "parameter"), pk=pk)
    form = SeriesForm(request.POST or None, instance=PointParameter.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in SeriesForm.Meta.fields}
        with service_errors(form) as outcome:
            services.configure_series(request.user, pp, data)
        if outcome:
            messages.success(request, _("Thresholds saved."))
            return redirect("monitoring:point_detail", pk=pp.point_id)
    return render(
        request,
        "monitoring/form.html",
        {"form": form, "title": _("Thresholds: %(series)s") % {"series": pp}},
    )
