"""API: monitoring points, observations (read and write) and alerts."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from django.http import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tailsafe.api import filters, serializers
from tailsafe.api.conditional import ConditionalListMixin
from tailsafe.api.views.base import ID, ReadOnly, Scoped
from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, require_can
from tailsafe.monitoring import export as readings_export
from tailsafe.monitoring import services as monitoring
from tailsafe.monitoring.models import (
    AlertEvent,
    MonitoringPoint,
    Observation,
    Parameter,
    PointParameter,
)
from tailsafe.monitoring.rules import (
    alerts_visible_to,
    observations_visible_to,
    points_visible_to,
)

if TYPE_CHECKING:
    from tailsafe.core.models import User

# --- monitoring ---------------------------------------------------------------------------------


class MonitoringPointViewSet(ReadOnly):
    """Monitoring points of the programme (T6)."""

    queryset = MonitoringPoint.objects.select_related("facility", "responsible")
    visible = staticmethod(points_visible_to)
    serializer_class = serializers.MonitoringPointSerializer
    filterset_class = filters.PointFilter
    ordering_fields = ["code", "kind"]
    ordering = ["code"]


class ObservationViewSet(
    Scoped,
    ConditionalListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[Any],
):
    """Observations: read with VIEW_INTERNAL; write with SUBMIT_OBSERVATIONS, operators only for
    the points of their own facilities (the monitoring area's rule)."""

    read_perm: Perm | None = Perm.VIEW_INTERNAL
    write_perm = Perm.SUBMIT_OBSERVATIONS
    lookup_value_regex = ID
    queryset = Observation.objects.select_related("point", "parameter")
    visible = staticmethod(observations_visible_to)
    serializer_class = serializers.ObservationSerializer
    filterset_class = filters.ObservationFilter
    ordering_fields = ["taken_at", "id"]
    ordering = ["-taken_at", "-id"]

    def last_modified(self) -> datetime | None:
        return None  # no history table (millions of rows); the ETag still applies

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return serializers.ObservationWriteSerializer
        return serializers.ObservationSerializer

    @extend_schema(
        request=serializers.ObservationWriteSerializer,
        responses={201: serializers.ObservationResultSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = serializers.ObservationWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        point: MonitoringPoint = data.validated_data["point"]
        require_can(request.user, "submit", point)
        parameter = Parameter.objects.filter(code=data.validated_data["parameter"]).first()
        series = (
            PointParameter.objects.filter(point=point, parameter=parameter).first()
            if parameter is not None
            else None
        )
        if series is None:
            return Response(
                {"parameter": ["This parameter is not in the point's programme."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        with service_errors() as outcome:
            report = monitoring.record_observation(
                cast("User", request.user),  # signed in: PermRequired checked write_perm
                series,
                taken_at=data.validated_data["taken_at"],
                value=data.validated_data["value"],
                unit=data.validated_data["unit"],
            )
        if not outcome:
            return Response({"detail": outcome.text}, status=400)
        return Response({"imported": report.imported, "events": report.events}, status=201)

    @extend_schema(
        parameters=[
            OpenApiParameter("output", str, enum=["csv", "xlsx"], description="csv (default)")
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV"),
            (200, readings_export.XLSX_TYPE): OpenApiResponse(
                OpenApiTypes.BINARY, description="XLSX"
            ),
        },
        summary="Readings as CSV or XLSX, with the list's filters (issue 16)",
    )
    @action(detail=False, methods=["get"], url_path="export")
    def export(self, request: Request) -> HttpResponseBase:
        """The readings the list would give (same filters, same scope), as the web page's
        export: unit, censoring, DL/LOQ, norm and comparison, TARP level, batch, who."""
        output = request.query_params.get("output", "csv")
        if output not in ("csv", "xlsx"):
            return Response({"output": ["csv or xlsx"]}, status=status.HTTP_400_BAD_REQUEST)
        qs = self.filterset_class(
            request.query_params, queryset=self.get_queryset(), request=request
        )
        if not qs.is_valid():
            return Response(qs.errors, status=status.HTTP_400_BAD_REQUEST)
        readings = readings_export.readings(request.user, readings_export.Filters(), qs.qs)
        if output == "xlsx" and readings.count() > readings_export.XLSX_MAX_ROWS:
            return Response(
                {"detail": "Too many readings for one spreadsheet: narrow the filters."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return readings_export.response(readings, output)


class AlertViewSet(ReadOnly):
    """TARP alerts (T7): level changes and how they were handled."""

    queryset = AlertEvent.objects.select_related("series__point__facility", "series__parameter")
    visible = staticmethod(alerts_visible_to)
    serializer_class = serializers.AlertSerializer
    filterset_class = filters.AlertFilter
    ordering_fields = ["opened_at", "id"]
    ordering = ["-opened_at", "-id"]
