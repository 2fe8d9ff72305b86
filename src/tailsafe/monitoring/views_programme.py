"""Pages of the monitoring programme (issue 16, item 5): create and edit monitoring points and
the parameters of their programme. Load -> check access -> call programme services -> render."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tailsafe.core import once
from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, requires
from tailsafe.facilities.models import Facility
from tailsafe.monitoring import programme, rules
from tailsafe.monitoring.forms import EntryCreateForm, EntryForm, PointCreateForm, PointForm
from tailsafe.monitoring.models import MonitoringPoint, PointParameter

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest


def _visible_point(request: AuthenticatedHttpRequest, pk: int) -> MonitoringPoint:
    return get_object_or_404(
        rules.points_visible_to(request.user, MonitoringPoint.objects.select_related("facility")),
        pk=pk,
    )


def _data(form: PointForm | EntryForm) -> dict[str, object]:
    return {k: v for k, v in form.cleaned_data.items() if k != once.FIELD}


@requires(Perm.SUBMIT_OBSERVATIONS)
def point_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    facilities = rules.point_facilities_for(
        request.user, Facility.objects.filter(archived_at__isnull=True).order_by("code")
    )
    if not rules.may_add_points(request.user):  # inspectors submit readings, not points
        messages.error(request, _("You may not add monitoring points."))
        return redirect("monitoring:point_list")
    initial = {}
    if request.GET.get("facility", "").isdigit():
        initial["facility"] = request.GET["facility"]
    if repeated := once.used_before(request):
        return once.show_first(request, repeated)
    form = PointCreateForm(request.POST or None, initial=initial, facilities=facilities)
    if request.method == "POST" and form.is_valid():
        data = _data(form)
        facility = data.pop("facility")
        try:
            with service_errors(form) as outcome:
                point = once.create_once(
                    request,
                    lambda: programme.create_point(request.user, facility, data),
                    lambda point: reverse("monitoring:point_detail", args=[point.pk]),
                )
        except once.AlreadyCreated as done:
            return once.show_first(request, done)
        if outcome:
            messages.success(request, _("Monitoring point added."))
            return redirect("monitoring:point_detail", pk=point.pk)
    return render(
        request, "monitoring/form.html", {"form": form, "title": _("Add monitoring point")}
    )


@requires(Perm.SUBMIT_OBSERVATIONS)
def point_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    point = _visible_point(request, pk)
    if not rules.can_manage_point(request.user, point):
        raise PermissionDenied(_("You may not change this monitoring point."))
    form = PointForm(request.POST or None, instance=MonitoringPoint.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            programme.update_point(request.user, point, _data(form))
        if outcome:
            messages.success(request, _("Changes saved."))
            return redirect("monitoring:point_detail", pk=point.pk)
    return render(
        request,
        "monitoring/form.html",
        {"form": form, "title": _("Monitoring point %(code)s") % {"code": point.code}},
    )


@requires(Perm.SUBMIT_OBSERVATIONS)
def entry_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    point = _visible_point(request, pk)
    if not rules.can_manage_point(request.user, point):
        raise PermissionDenied(_("You may not change this monitoring point."))
    if repeated := once.used_before(request):
        return once.show_first(request, repeated)
    form = EntryCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = _data(form)
        try:
            with service_errors(form) as outcome:
                once.create_once(
                    request,
                    lambda: programme.add_entry(request.user, point, data),
                    lambda entry: reverse("monitoring:point_detail", args=[entry.point_id]),
                )
        except once.AlreadyCreated as done:
            return once.show_first(request, done)
        if outcome:
            messages.success(request, _("Parameter added to the programme."))
            return redirect("monitoring:point_detail", pk=point.pk)
    return render(
        request,
        "monitoring/form.html",
        {"form": form, "title": _("Add parameter to programme: %(code)s") % {"code": point.code}},
    )


@requires(Perm.SUBMIT_OBSERVATIONS)
def entry_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(
        PointParameter.objects.select_related("point__facility", "parameter").filter(
            point__in=rules.points_visible_to(request.user)
        ),
        pk=pk,
    )
    if not rules.can_manage_point(request.user, entry.point):
        raise PermissionDenied(_("You may not change this monitoring point."))
    form = EntryForm(request.POST or None, instance=PointParameter.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            programme.update_entry(request.user, entry, _data(form))
        if outcome:
            messages.success(request, _("Changes saved."))
            return redirect("monitoring:point_detail", pk=entry.point_id)
    return render(
        request,
        "monitoring/form.html",
        {"form": form, "title": _("Programme: %(series)s") % {"series": entry}},
    )
