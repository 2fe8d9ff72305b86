"""Export of readings (issue 16, item 7) and the points on the map and the facility page
(item 6). Load -> check access -> call the export / map services -> respond."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from tailsafe.core.permissions import Perm, requires
from tailsafe.facilities.models import Facility
from tailsafe.facilities.rules import facilities_visible_to
from tailsafe.monitoring import export, mapdata, rules
from tailsafe.monitoring.forms import ExportForm
from tailsafe.monitoring.models import MonitoringPoint

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest


def _filters(form: ExportForm) -> export.Filters:
    data = form.cleaned_data
    return export.Filters(
        facility=data["facility"].pk if data.get("facility") else None,
        basin=data.get("basin") or "",
        point=data["point"].pk if data.get("point") else None,
        parameter=data["parameter"].pk if data.get("parameter") else None,
        start=data.get("start"),
        end=data.get("end"),
    )


@requires(Perm.VIEW_INTERNAL)
def readings_export(request: AuthenticatedHttpRequest) -> HttpResponse | StreamingHttpResponse:
    facilities = facilities_visible_to(
        request.user, Facility.objects.filter(archived_at__isnull=True).order_by("code")
    )
    points = rules.points_visible_to(request.user, MonitoringPoint.objects.order_by("code"))
    form = ExportForm(request.GET or None, facilities=facilities, points=points)
    count = None
    if form.is_bound and form.is_valid():
        qs = export.readings(request.user, _filters(form))
        fmt = request.GET.get("download", "")
        count = qs.count()
        if fmt == "xlsx" and count > export.XLSX_MAX_ROWS:
            form.add_error(
                None,
                _("Too many readings for one spreadsheet: narrow the filters or export CSV."),
            )
        elif fmt in ("csv", "xlsx"):
            return export.response(qs, fmt)
    return render(request, "monitoring/export.html", {"form": form, "count": count})


@requires(Perm.VIEW_INTERNAL)
def points_geojson(request: AuthenticatedHttpRequest) -> JsonResponse:
    """The points the user may see, with their worst current state, for the map's layer."""
    return JsonResponse(mapdata.geojson(request.user))


@requires(Perm.VIEW_INTERNAL)
def facility_points(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The facility page's list of its monitoring points and their states (loaded by htmx)."""
    facility = get_object_or_404(facilities_visible_to(request.user), pk=pk)
    return render(
        request,
        "monitoring/_facility_points.html",
        {
            "facility": facility,
            "points": mapdata.visible_points(request.user, facility),
            "can_add": rules.can_manage_points_of(request.user, facility),
        },
    )
