"""API: facilities, hazard assessments, parameter sets and their exports."""

from __future__ import annotations

import io
import json
from datetime import datetime
from typing import Any

from django.db.models import Max, QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.views import APIView

from tailsafe.api import filters, serializers
from tailsafe.api.conditional import ConditionalListMixin, history_last_modified
from tailsafe.api.views.base import ReadOnly
from tailsafe.core.permissions import Perm
from tailsafe.core.spreadsheet import SafeWriter
from tailsafe.facilities.exports import export_record
from tailsafe.facilities.models import Facility
from tailsafe.facilities.rules import facilities_visible_to
from tailsafe.methodology import ranking
from tailsafe.methodology.models import HazardAssessment, ParameterSet
from tailsafe.methodology.rules import hazard_assessments_visible_to

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
    record = export_record(row)
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
