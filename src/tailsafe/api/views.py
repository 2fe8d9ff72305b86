"""REST API v1 (P4): the same permissions as the web views (tailsafe.api.permissions).

Internal endpoints need VIEW_INTERNAL to read; writes name their capability and use the area's
service (e.g. observations go through monitoring.services.record_observation, so thresholds
and alerts run). Endpoints under ``public/`` serve only what the secretariat published."""

from __future__ import annotations

import io
import json
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max, QuerySet
from django.http import HttpResponse, HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tailsafe.api import filters, serializers
from tailsafe.api.conditional import ConditionalListMixin, history_last_modified
from tailsafe.core.permissions import Perm, require_can
from tailsafe.core.spreadsheet import SafeWriter
from tailsafe.facilities.models import Facility
from tailsafe.facilities.rules import facilities_visible_to
from tailsafe.followup.models import ActionItem, Recommendation
from tailsafe.followup.rules import action_items_visible_to, recommendations_visible_to
from tailsafe.governance.models import Institution, Membership
from tailsafe.meetings.models import Meeting
from tailsafe.meetings.rules import meetings_visible_to
from tailsafe.methodology import ranking
from tailsafe.methodology.models import HazardAssessment, ParameterSet
from tailsafe.methodology.rules import hazard_assessments_visible_to
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

ID = r"[0-9]{1,18}"


class Scoped:
    """Lists and details start from the area's visible_to(user) query (the rules.py of each
    app, docs/permissions.md): a record outside the user's scope is a 404, as on the web."""

    visible: Any = None  # a function (user, queryset) -> queryset, or None for public views

    def get_queryset(self) -> QuerySet[Any]:
        qs: QuerySet[Any] = super().get_queryset()  # type: ignore[misc]
        visible = type(self).visible
        if visible is None:
            return qs
        scoped: QuerySet[Any] = visible(self.request.user, qs)  # type: ignore[attr-defined]
        return scoped


class ReadOnly(Scoped, ConditionalListMixin, viewsets.ReadOnlyModelViewSet[Any]):
    read_perm: Perm | None = Perm.VIEW_INTERNAL
    lookup_value_regex = ID


# --- governance -------------------------------------------------------------------------------


class InstitutionViewSet(ReadOnly):
    """Institutions of the List of Participating Institutions and others (§19-21)."""

    queryset = Institution.objects.all()
    serializer_class = serializers.InstitutionSerializer
    filterset_fields = ["type", "in_lpi"]
    ordering_fields = ["key", "name_en", "name_ru"]
    ordering = ["key"]


class MemberViewSet(ReadOnly):
    """Members (seats). E-mail and phone only for MANAGE_GOVERNANCE (private contact data)."""

    queryset = Membership.objects.select_related("person", "institution").filter(
        archived_at__isnull=True
    )
    serializer_class = serializers.MemberSerializer
    filterset_fields = ["seat"]
    ordering_fields = ["start_date", "end_date", "id"]
    ordering = ["institution__key", "-start_date", "id"]


# --- meetings and follow-up -------------------------------------------------------------------


class MeetingViewSet(ReadOnly):
    """Meetings; the summary of approved minutes appears once the secretariat publishes it."""

    queryset = Meeting.objects.all()
    visible = staticmethod(meetings_visible_to)
    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilter
    ordering_fields = ["starts_at", "number"]
    ordering = ["-starts_at", "-number"]


class ActionItemViewSet(ReadOnly):
    """Action items of the action plan (A1); overdue is derived from the due date."""

    queryset = ActionItem.objects.prefetch_related("responsible")
    visible = staticmethod(action_items_visible_to)
    serializer_class = serializers.ActionItemSerializer
    filterset_class = filters.ActionItemFilter
    ordering_fields = ["due_date", "status", "id"]
    ordering = ["due_date", "id"]


# --- facilities and hazard ----------------------------------------------------------------------


def _ranks() -> dict[int, dict[str, Any]]:
    """Rank and latest assessment of every active facility (ranked among all of them)."""
    _ranking, rows = ranking.ranked_rows(Facility.objects.filter(archived_at__isnull=True))
    return {row["facility"].pk: row for row in rows}


def _facility_last_modified(qs: QuerySet[Any]) -> datetime | None:
    times = [
        history_last_modified(Facility),
        HazardAssessment.objects.aggregate(last=Max("computed_at"))["last"],
    ]
    known = [t for t in times if t is not None]
    return max(known) if known else None


class FacilityViewSet(ReadOnly):
    """Tailings facilities with their latest THI/TRI, rank and the parameter set used."""

    queryset = Facility.objects.select_related("operator").filter(archived_at__isnull=True)
    visible = staticmethod(facilities_visible_to)
    serializer_class = serializers.FacilitySerializer
    filterset_class = filters.FacilityFilter
    ordering_fields = ["code", "name_en", "name_ru", "basin", "status"]
    ordering = ["code"]

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "ranks": _ranks()}

    def last_modified(self) -> datetime | None:
        return _facility_last_modified(self.get_queryset())


class HazardAssessmentViewSet(ReadOnly):
    """Every THI/TRI computation with its parameter set (provisional sets say so)."""

    queryset = HazardAssessment.objects.select_related("facility", "parameter_set")
    visible = staticmethod(hazard_assessments_visible_to)
    serializer_class = serializers.HazardAssessmentSerializer
    filterset_class = filters.HazardFilter
    ordering_fields = ["computed_at", "thi_max", "tri_max", "id"]
    ordering = ["-computed_at", "-id"]

    def last_modified(self) -> datetime | None:
        last: datetime | None = HazardAssessment.objects.aggregate(last=Max("computed_at"))["last"]
        return last


class ParameterSetViewSet(ReadOnly):
    """Methodology parameter sets (points, bins, weights) behind every score."""

    queryset = ParameterSet.objects.all()
    filterset_fields = ["active", "provisional"]
    ordering_fields = ["loaded_at", "name"]
    ordering = ["-loaded_at", "-id"]

    def get_serializer_class(self) -> Any:
        if self.action == "retrieve":
            return serializers.ParameterSetDetailSerializer
        return serializers.ParameterSetSerializer


EXPORT_FIELDS_PUBLIC = (
    "code",
    "name_en",
    "name_ru",
    "status",
    "commodity",
    "region",
    "district",
    "location_basis",
    "river",
    "basin",
    "downstream_countries",
)


def _public_record(row: dict[str, Any]) -> dict[str, Any]:
    f = row["facility"]
    record: dict[str, Any] = {name: getattr(f, name) for name in EXPORT_FIELDS_PUBLIC}
    summary = serializers.hazard_summary(row)
    summary["computed_at"] = summary["computed_at"].isoformat() if summary["computed_at"] else None
    summary["missing"] = " ".join(summary["missing"])
    record.update(summary)
    return record


def _internal_record(row: dict[str, Any]) -> dict[str, Any]:
    from tailsafe.facilities.views import _export_record

    record = _export_record(row)
    return {k: (None if v == "" else v) for k, v in record.items()}


def geojson_response(rows: list[dict[str, Any]], record: Any, filename: str) -> HttpResponse:
    """RFC 7946 FeatureCollection: positions are [longitude, latitude] in WGS 84."""
    features = []
    for row in rows:
        f = row["facility"]
        geometry = None
        if f.latitude is not None and f.longitude is not None:
            geometry = {"type": "Point", "coordinates": [float(f.longitude), float(f.latitude)]}
        props = record(row)
        props.pop("latitude", None)
        props.pop("longitude", None)
        features.append(
            {"type": "Feature", "id": f.code, "geometry": geometry, "properties": props}
        )
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/geo+json")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def csv_response(rows: list[dict[str, Any]], record: Any, filename: str) -> HttpResponse:
    records = [record(r) for r in rows]
    out = io.StringIO()
    names = list(records[0]) if records else ["code"]
    writer = SafeWriter(out)  # no cell runs as a formula in a spreadsheet (OWASP)
    writer.writerow(names)
    for rec in records:
        writer.writerow("" if rec.get(k) is None else rec[k] for k in names)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


GEOJSON_RESPONSE = {
    (200, "application/geo+json"): OpenApiResponse(
        OpenApiTypes.OBJECT, description="RFC 7946 FeatureCollection"
    )
}
CSV_RESPONSE = {(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV")}


class ExportView(ConditionalListMixin, APIView):
    conditional_name = "list"
    read_perm: Perm | None = Perm.VIEW_INTERNAL
    fmt = "geojson"
    public = False

    def rows(self) -> list[dict[str, Any]]:
        ranks = _ranks()
        facilities = Facility.objects.filter(archived_at__isnull=True)
        if self.public:
            facilities = facilities.filter(published=True)
        else:
            facilities = facilities_visible_to(self.request.user, facilities)
        keep = set(facilities.values_list("pk", flat=True))
        return sorted(
            (r for pk, r in ranks.items() if pk in keep), key=lambda r: r["facility"].code
        )

    def last_modified(self) -> datetime | None:
        return _facility_last_modified(Facility.objects.all())

    def get(self, request: Request) -> HttpResponse:
        record = _public_record if self.public else _internal_record
        name = "tailsafe-public-facilities" if self.public else "tailsafe-facilities"
        if self.fmt == "csv":
            return csv_response(self.rows(), record, f"{name}.csv")
        return geojson_response(self.rows(), record, f"{name}.geojson")


@extend_schema(responses=GEOJSON_RESPONSE, summary="Facilities as GeoJSON (RFC 7946)")
class FacilityGeoJSON(ExportView):
    fmt = "geojson"


@extend_schema(responses=CSV_RESPONSE, summary="Facilities as CSV")
class FacilityCSV(ExportView):
    fmt = "csv"


@extend_schema(responses=GEOJSON_RESPONSE, summary="Published facilities as GeoJSON (RFC 7946)")
class PublicFacilityGeoJSON(ExportView):
    read_perm = None
    fmt = "geojson"
    public = True


@extend_schema(responses=CSV_RESPONSE, summary="Published facilities as CSV")
class PublicFacilityCSV(ExportView):
    read_perm = None
    fmt = "csv"
    public = True


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
        try:
            report = monitoring.record_observation(
                request.user,
                series,
                taken_at=data.validated_data["taken_at"],
                value=data.validated_data["value"],
                unit=data.validated_data["unit"],
            )
        except ValidationError as exc:
            return Response({"detail": " ".join(exc.messages)}, status=400)
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


# --- public (published only) --------------------------------------------------------------------


class PublicFacilityViewSet(ReadOnly):
    """Published facilities with hazard rank and whether the parameters are provisional."""

    read_perm = None
    queryset = Facility.objects.filter(archived_at__isnull=True, published=True)
    serializer_class = serializers.PublicFacilitySerializer
    filterset_class = filters.PublicFacilityFilter
    ordering_fields = ["code", "name_en", "name_ru"]
    ordering = ["code"]

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "ranks": _ranks()}

    def last_modified(self) -> datetime | None:
        return _facility_last_modified(self.get_queryset())


class PublicMeetingViewSet(ReadOnly):
    """Meetings whose summary the secretariat published."""

    read_perm = None
    queryset = Meeting.objects.filter(summary_published=True)
    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilter
    ordering_fields = ["starts_at", "number"]
    ordering = ["-starts_at", "-number"]


class RecommendationViewSet(ReadOnly):
    """Recommendations of the group to authorities and operators (§27, A2), with status."""

    queryset = Recommendation.objects.select_related("addressee", "facility").prefetch_related(
        "also_addressed"
    )
    visible = staticmethod(recommendations_visible_to)
    serializer_class = serializers.RecommendationSerializer
    filterset_class = filters.RecommendationFilter
    ordering_fields = ["due_date", "status", "id"]
    ordering = ["due_date", "id"]


class PublicRecommendationViewSet(RecommendationViewSet):
    """Adopted recommendations the secretariat published (the public page's list)."""

    read_perm = None
    visible = None  # type: ignore[assignment]  # public: published only, no user scope
    queryset = Recommendation.objects.filter(
        published=True, stage=Recommendation.Stage.ADOPTED
    ).select_related("addressee", "facility")

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "public": True}


# --- schema and docs ----------------------------------------------------------------------------


class SchemaView(SpectacularJSONAPIView):
    read_perm = None


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI with its start-up script served from this URL (``?script``) and the page's
    styles from a file: the Content-Security-Policy allows no inline script or style."""

    read_perm = None
    template_name = "api/swagger_ui.html"
