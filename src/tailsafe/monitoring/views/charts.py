"""The chart page and its data endpoint."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, has_perm, requires
from tailsafe.monitoring import rules, services
from tailsafe.monitoring.models import (
    PointParameter,
)

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest

# --- charts ------------------------------------------------------------------------------------


@requires(Perm.VIEW_INTERNAL)
def series_chart(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    pp = get_object_or_404(
        PointParameter.objects.select_related("point__facility", "parameter", "norm").filter(
            point__in=rules.points_visible_to(request.user)
        ),
        pk=pk,
    )
    data = services.chart_data(pp)
    return render(
        request,
        "monitoring/chart.html",
        {
            "pp": pp,
            "data": data,
            "chart": services.chart_series(pp),
            "can_enter": has_perm(request.user, Perm.SUBMIT_OBSERVATIONS),
        },
    )


@requires(Perm.VIEW_INTERNAL)
def series_data(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    pp = get_object_or_404(
        PointParameter.objects.select_related("point__facility", "parameter", "norm").filter(
            point__in=rules.points_visible_to(request.user)
        ),
        pk=pk,
    )
    with service_errors() as read:
        width, start, end = _chart_params(request)
    if not read:
        return JsonResponse({"error": read.text}, status=400)
    return JsonResponse(services.chart_series(pp, width, start, end))


CHART_WIDTH_MAX = 10_000


def _chart_params(
    request: AuthenticatedHttpRequest,
) -> tuple[int, dt.datetime | None, dt.datetime | None]:
    """`width` (readings the chart draws, 10 to 10,000) and the zoom range `from`/`to` (ISO
    date or date and time, local time) of the chart endpoint; bad input is a ValidationError
    in the user's language."""
    raw = request.GET.get("width", "")
    try:
        width = int(raw) if raw else services.CHART_WIDTH
    except ValueError:
        width = -1
    if not 10 <= width <= CHART_WIDTH_MAX:
        raise ValidationError(
            _("The chart width must be a whole number from 10 to %(max)s.")
            % {"max": CHART_WIDTH_MAX}
        )
    bounds: list[dt.datetime | None] = []
    for key in ("from", "to"):
        value = request.GET.get(key, "").strip()
        if not value:
            bounds.append(None)
            continue
        try:
            moment = parse_datetime(value) or (
                dt.datetime.combine(day, dt.time()) if (day := parse_date(value)) else None
            )
        except ValueError:
            moment = None
        if moment is None:
            raise ValidationError(
                _("“%(value)s” is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM).") % {"value": value}
            )
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        bounds.append(moment)
    start, end = bounds
    if start is not None and end is not None and start >= end:
        raise ValidationError(_("The start of the time range must be before its end."))
    return width, start, end
