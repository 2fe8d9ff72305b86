"""Parameter sets and hazard assessments (THI/TRI with the set that produced them)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from tailsafe.methodology.models import HazardAssessment, ParameterSet


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
