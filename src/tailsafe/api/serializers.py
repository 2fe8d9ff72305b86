"""API representations. Private contact data (e-mail, phone) only for MANAGE_GOVERNANCE."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tailsafe.core.permissions import can, sees_private_contacts
from tailsafe.facilities.models import Facility
from tailsafe.followup.models import ActionItem, Recommendation
from tailsafe.followup.rules import RECOMMENDATION_STEPS
from tailsafe.governance.models import Institution, Membership
from tailsafe.meetings.models import Meeting
from tailsafe.meetings.services import queries as meeting_queries
from tailsafe.methodology.models import HazardAssessment, ParameterSet
from tailsafe.monitoring.models import AlertEvent, MonitoringPoint, Observation


class ErrorSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()


class InstitutionSerializer(serializers.ModelSerializer[Institution]):
    email = serializers.CharField(read_only=True, help_text="Official e-mail of the institution")

    class Meta:
        model = Institution
        fields = [
            "id",
            "key",
            "type",
            "name_ru",
            "name_tg",
            "name_en",
            "short_name",
            "in_lpi",
            "rotating_cochair",
            "secretariat",
            "role_in_tor",
            "email",
            "archived_at",
        ]


class MemberSerializer(serializers.ModelSerializer[Membership]):
    """A seat: person, institution, term. E-mail and phone are null for callers without
    MANAGE_GOVERNANCE (private contact data, P4)."""

    full_name = serializers.CharField(source="person.full_name")
    position_title = serializers.CharField(source="person.position_title")
    email = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    institution_key = serializers.CharField(source="institution.key")
    is_current = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = [
            "id",
            "person",
            "full_name",
            "position_title",
            "email",
            "phone",
            "institution",
            "institution_key",
            "seat",
            "start_date",
            "end_date",
            "is_current",
        ]

    def _private(self) -> bool:
        request = self.context.get("request")
        return sees_private_contacts(getattr(request, "user", None))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_email(self, obj: Membership) -> str | None:
        return obj.person.email if self._private() else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_phone(self, obj: Membership) -> str | None:
        return obj.person.phone if self._private() else None

    def get_is_current(self, obj: Membership) -> bool:
        return obj.is_current()


class MinutesItemSummarySerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    summary = serializers.CharField()
    decisions = serializers.CharField()
    recommendations = serializers.CharField()


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    """A meeting and, once published by the secretariat, the summary of its approved minutes."""

    summary = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "number",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "status",
            "summary_published",
            "summary",
        ]

    @extend_schema_field(MinutesItemSummarySerializer(many=True, allow_null=True))
    def get_summary(self, obj: Meeting) -> list[dict[str, str]] | None:
        if not obj.summary_published:
            return None
        minutes = meeting_queries.approved_minutes(obj)
        if minutes is None:
            return None
        return [
            {
                "title": i.title,
                "summary": i.summary,
                "decisions": i.decisions,
                "recommendations": i.recommendations,
            }
            for i in minutes.items.all()
        ]


class ActionItemSerializer(serializers.ModelSerializer[ActionItem]):
    responsible: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="key"
    )
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "meeting",
            "description",
            "responsible",
            "due_date",
            "status",
            "overdue",
            "created_at",
        ]


class RecommendationSerializer(serializers.ModelSerializer[Recommendation]):
    """A recommendation of the group (§27, A2) with its implementation status."""

    addressee: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        read_only=True, slug_field="key"
    )
    facility = serializers.SerializerMethodField(
        help_text="Code of the facility; on public endpoints null for a facility that is not "
        "published (it is not named there)."
    )
    also_addressed: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        read_only=True, many=True, slug_field="key", help_text="Further addressed institutions."
    )
    next_steps = serializers.SerializerMethodField(
        help_text="The steps the requesting user may take now (edit, propose, adopt, update, "
        "publish, unpublish), asked of the same predicates as the pages (followup.rules); "
        "empty on public endpoints."
    )

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "text",
            "term",
            "addressee",
            "also_addressed",
            "facility",
            "due_date",
            "stage",
            "status",
            "progress",
            "adopted_at",
            "next_steps",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_next_steps(self, obj: Recommendation) -> list[str]:
        request = self.context.get("request")
        if self.context.get("public") or request is None:
            return []
        return [verb for verb in RECOMMENDATION_STEPS if can(request.user, verb, obj)]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_facility(self, obj: Recommendation) -> str | None:
        f = obj.facility
        if f is None:
            return None
        if self.context.get("public") and (not f.published or f.archived_at is not None):
            return None
        return str(f.code)


class ParameterSetSerializer(serializers.ModelSerializer[ParameterSet]):
    class Meta:
        model = ParameterSet
        fields = ["id", "name", "version", "provisional", "active", "description", "loaded_at"]


class ParameterSetDetailSerializer(ParameterSetSerializer):
    # DRF's metaclass takes declared fields off the class: this does not hide Serializer.data.
    data = serializers.JSONField()  # type: ignore[assignment]

    class Meta(ParameterSetSerializer.Meta):
        fields = [*ParameterSetSerializer.Meta.fields, "data"]


class HazardAssessmentSerializer(serializers.ModelSerializer[HazardAssessment]):
    """One THI/TRI computation with the parameter set that produced it (honest numbers)."""

    parameter_set = ParameterSetSerializer(read_only=True)
    facility_code = serializers.CharField(source="facility.code", read_only=True)
    terms = serializers.JSONField()
    missing = serializers.ListField(child=serializers.CharField())
    flags = serializers.JSONField()

    class Meta:
        model = HazardAssessment
        fields = [
            "id",
            "facility",
            "facility_code",
            "computed_at",
            "thi",
            "thi_min",
            "thi_max",
            "tri",
            "tri_min",
            "tri_max",
            "volume_min_m3",
            "volume_max_m3",
            "volume_basis",
            "estimate",
            "terms",
            "missing",
            "flags",
            "error",
            "parameter_set",
        ]


class HazardSummarySerializer(serializers.Serializer[Any]):
    """Latest index of a facility, its rank among all facilities and the parameter set."""

    rank = serializers.IntegerField(allow_null=True)
    tertile = serializers.IntegerField(allow_null=True)
    thi_min = serializers.FloatField(allow_null=True)
    thi_max = serializers.FloatField(allow_null=True)
    tri_min = serializers.FloatField(allow_null=True)
    tri_max = serializers.FloatField(allow_null=True)
    missing = serializers.ListField(child=serializers.CharField())
    computed_at = serializers.DateTimeField(allow_null=True)
    parameter_set = serializers.CharField(allow_null=True)
    parameter_set_version = serializers.CharField(allow_null=True)
    provisional = serializers.BooleanField(allow_null=True)
    thi_estimate = serializers.BooleanField()


def hazard_summary(row: dict[str, Any] | None) -> dict[str, Any]:
    a = (row or {}).get("assessment")
    ps = a.parameter_set if a is not None else None
    return {
        "rank": (row or {}).get("rank"),
        "tertile": (row or {}).get("tertile"),
        "thi_min": a.thi_min if a else None,
        "thi_max": a.thi_max if a else None,
        "tri_min": a.tri_min if a else None,
        "tri_max": a.tri_max if a else None,
        "missing": list(a.missing or []) if a else [],
        "computed_at": a.computed_at if a else None,
        "parameter_set": ps.name if ps else None,
        "parameter_set_version": ps.version if ps else None,
        "provisional": (row or {}).get("provisional", ps.provisional) if ps else None,
        "thi_estimate": bool((row or {}).get("estimate")),
    }


PUBLIC_FACILITY_FIELDS = [
    "id",
    "code",
    "name_ru",
    "name_tg",
    "name_en",
    "status",
    "commodity",
    "region",
    "district",
    "latitude",
    "longitude",
    "location_basis",
    "river",
    "basin",
    "downstream_countries",
    "hazard",
]


class PublicFacilitySerializer(serializers.ModelSerializer[Facility]):
    """What the public page shows of a published facility."""

    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    hazard = serializers.SerializerMethodField()

    class Meta:
        model = Facility
        fields = PUBLIC_FACILITY_FIELDS

    @extend_schema_field(HazardSummarySerializer)
    def get_hazard(self, obj: Facility) -> dict[str, Any]:
        return hazard_summary(self.context.get("ranks", {}).get(obj.pk))


class FacilitySerializer(PublicFacilitySerializer):
    operator: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        read_only=True, slug_field="key", allow_null=True
    )
    volume_m3 = serializers.FloatField(allow_null=True)
    dam_height_m = serializers.FloatField(allow_null=True)
    distance_to_river_km = serializers.FloatField(allow_null=True)
    distance_to_settlement_km = serializers.FloatField(allow_null=True)
    distance_to_border_km = serializers.FloatField(allow_null=True)

    class Meta:
        model = Facility
        fields = [
            *PUBLIC_FACILITY_FIELDS,
            "confirmation",
            "operator",
            "nearest_settlement",
            "volume_m3",
            "dam_height_m",
            "wgk",
            "radioactive",
            "management",
            "flood",
            "seismic",
            "dam_condition",
            "distance_to_river_km",
            "distance_to_settlement_km",
            "distance_to_border_km",
            "population_downstream",
            "confidence",
            "published",
            "archived_at",
        ]


class MonitoringPointSerializer(serializers.ModelSerializer[MonitoringPoint]):
    facility_code = serializers.CharField(source="facility.code", read_only=True)
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    responsible: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        read_only=True, slug_field="key", allow_null=True
    )

    class Meta:
        model = MonitoringPoint
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "facility",
            "facility_code",
            "latitude",
            "longitude",
            "responsible",
            "active",
        ]


class ObservationSerializer(serializers.ModelSerializer[Observation]):
    point_code = serializers.CharField(source="point.code", read_only=True)
    parameter_code = serializers.CharField(source="parameter.code", read_only=True)

    class Meta:
        model = Observation
        fields = [
            "id",
            "point",
            "point_code",
            "parameter",
            "parameter_code",
            "taken_at",
            "value",
            "censored",
            "unit",
            "detection_limit",
            "quantification_limit",
            "level",
            "norm_result",
        ]


class SamplingTimeField(serializers.DateTimeField):
    """A sampling time: refused with a clear message when before 1900 (a typing error; the
    year 1 would overflow when converted to UTC and give a 500)."""

    def to_internal_value(self, value: Any) -> Any:
        try:
            parsed = super().to_internal_value(value)
        except OverflowError:
            raise serializers.ValidationError(_("The date is before 1900.")) from None
        if parsed.year < 1900:
            raise serializers.ValidationError(_("The date is before 1900."))
        return parsed


class ObservationWriteSerializer(serializers.Serializer[Any]):
    """One reading by hand; stored by monitoring.services.record_observation (same checks,
    TARP levels and alerts as a laboratory import)."""

    point = serializers.SlugRelatedField(
        slug_field="code", queryset=MonitoringPoint.objects.filter(active=True)
    )
    parameter = serializers.CharField(max_length=60, help_text="Parameter code")
    taken_at = SamplingTimeField()
    value = serializers.CharField(max_length=40, help_text='e.g. "0.12" or "<0.01"')
    unit = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class ObservationResultSerializer(serializers.Serializer[Any]):
    imported = serializers.IntegerField()
    events = serializers.IntegerField()


class AlertSerializer(serializers.ModelSerializer[AlertEvent]):
    point_code = serializers.CharField(source="series.point.code", read_only=True)
    parameter_code = serializers.CharField(source="series.parameter.code", read_only=True)
    facility_code = serializers.CharField(source="series.point.facility.code", read_only=True)

    class Meta:
        model = AlertEvent
        fields = [
            "id",
            "point_code",
            "parameter_code",
            "facility_code",
            "basis",
            "from_level",
            "to_level",
            "value",
            "trend",
            "exercise",
            "opened_at",
            "status",
            "acknowledged_at",
            "resolved_at",
        ]


GEOJSON_SCHEMA = OpenApiTypes.OBJECT
