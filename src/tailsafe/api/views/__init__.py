"""REST API v1 (P4): the same permissions as the web views (tailsafe.api.permissions).

Internal endpoints need VIEW_INTERNAL to read; writes name their capability and use the area's
service (e.g. observations go through monitoring.services.record_observation, so thresholds
and alerts run). Endpoints under ``public/`` serve only what the secretariat published."""

from __future__ import annotations

from tailsafe.api.views.base import (
    ID,
    ReadOnly,
    Scoped,
)
from tailsafe.api.views.facilities import (
    CSV_RESPONSE,
    EXPORT_FIELDS_PUBLIC,
    GEOJSON_RESPONSE,
    ExportView,
    FacilityCSV,
    FacilityGeoJSON,
    FacilityViewSet,
    HazardAssessmentViewSet,
    ParameterSetViewSet,
    PublicFacilityCSV,
    PublicFacilityGeoJSON,
    csv_response,
    geojson_response,
)
from tailsafe.api.views.governance import (
    InstitutionViewSet,
    MemberViewSet,
)
from tailsafe.api.views.meetings import (
    ActionItemViewSet,
    MeetingViewSet,
)
from tailsafe.api.views.monitoring import (
    AlertViewSet,
    MonitoringPointViewSet,
    ObservationViewSet,
)
from tailsafe.api.views.public import (
    PublicFacilityViewSet,
    PublicMeetingViewSet,
    PublicRecommendationViewSet,
    RecommendationViewSet,
)
from tailsafe.api.views.schema import (
    DocsView,
    SchemaView,
)

__all__ = [
    "CSV_RESPONSE",
    "EXPORT_FIELDS_PUBLIC",
    "GEOJSON_RESPONSE",
    "ID",
    "ActionItemViewSet",
    "AlertViewSet",
    "DocsView",
    "ExportView",
    "FacilityCSV",
    "FacilityGeoJSON",
    "FacilityViewSet",
    "HazardAssessmentViewSet",
    "InstitutionViewSet",
    "MeetingViewSet",
    "MemberViewSet",
    "MonitoringPointViewSet",
    "ObservationViewSet",
    "ParameterSetViewSet",
    "PublicFacilityCSV",
    "PublicFacilityGeoJSON",
    "PublicFacilityViewSet",
    "PublicMeetingViewSet",
    "PublicRecommendationViewSet",
    "ReadOnly",
    "RecommendationViewSet",
    "SchemaView",
    "Scoped",
    "csv_response",
    "geojson_response",
]
