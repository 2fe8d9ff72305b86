"""Facilities: the public fields, and the full record for signed-in users."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tailsafe.api.serializers.hazard import HazardSummarySerializer, hazard_summary
from tailsafe.facilities.models import Facility

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
