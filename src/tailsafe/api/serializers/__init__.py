"""API representations. Private contact data (e-mail, phone) only for MANAGE_GOVERNANCE."""

from tailsafe.api.serializers.common import ErrorSerializer
from tailsafe.api.serializers.facilities import (
    PUBLIC_FACILITY_FIELDS,
    FacilitySerializer,
    PublicFacilitySerializer,
)
from tailsafe.api.serializers.governance import InstitutionSerializer, MemberSerializer
from tailsafe.api.serializers.hazard import (
    HazardAssessmentSerializer,
    HazardSummarySerializer,
    ParameterSetDetailSerializer,
    ParameterSetSerializer,
    hazard_summary,
)
from tailsafe.api.serializers.meetings import (
    ActionItemSerializer,
    MeetingSerializer,
    MinutesItemSummarySerializer,
    RecommendationSerializer,
)
from tailsafe.api.serializers.monitoring import (
    GEOJSON_SCHEMA,
    AlertSerializer,
    MonitoringPointSerializer,
    ObservationResultSerializer,
    ObservationSerializer,
    ObservationWriteSerializer,
    SamplingTimeField,
)

__all__ = [
    "GEOJSON_SCHEMA",
    "PUBLIC_FACILITY_FIELDS",
    "ActionItemSerializer",
    "AlertSerializer",
    "ErrorSerializer",
    "FacilitySerializer",
    "HazardAssessmentSerializer",
    "HazardSummarySerializer",
    "InstitutionSerializer",
    "MeetingSerializer",
    "MemberSerializer",
    "MinutesItemSummarySerializer",
    "MonitoringPointSerializer",
    "ObservationResultSerializer",
    "ObservationSerializer",
    "ObservationWriteSerializer",
    "ParameterSetDetailSerializer",
    "ParameterSetSerializer",
    "PublicFacilitySerializer",
    "RecommendationSerializer",
    "SamplingTimeField",
    "hazard_summary",
]
