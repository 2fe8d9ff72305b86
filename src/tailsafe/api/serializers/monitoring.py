"""Monitoring points, readings (read and write) and alerts."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers

from tailsafe.monitoring.models import AlertEvent, MonitoringPoint, Observation


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
