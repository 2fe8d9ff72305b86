"""Filters: basin, status, date ranges (P4)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import django_filters as df
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField

from tailsafe.facilities.choices import BASIN_CHOICES
from tailsafe.facilities.models import Facility
from tailsafe.followup.models import ActionItem, Recommendation
from tailsafe.meetings.models import Meeting
from tailsafe.methodology.models import HazardAssessment
from tailsafe.monitoring.models import LEVEL_CHOICES, AlertEvent, MonitoringPoint, Observation


class UtcDateTimeField(IsoDateTimeField):
    """ISO 8601 instant, converted to UTC: PostgreSQL refuses offsets beyond ±15:59."""

    def to_python(self, value: Any) -> datetime | None:
        parsed: datetime | None = super().to_python(value)
        if parsed is None or parsed.tzinfo is None:
            return parsed
        try:
            return parsed.astimezone(UTC)
        except OverflowError:
            raise ValidationError(_("Date out of range."), code="invalid") from None


class UtcDateTimeFilter(df.IsoDateTimeFilter):
    field_class = UtcDateTimeField


MAX_ID = 2**53  # larger ids are input errors (400), never a database overflow


def IdFilter(field_name: str) -> df.NumberFilter:
    return df.NumberFilter(field_name=field_name, min_value=0, max_value=MAX_ID, decimal_places=0)


class FacilityFilter(df.FilterSet):
    basin = df.ChoiceFilter(choices=BASIN_CHOICES)
    status = df.ChoiceFilter(choices=Facility.Status.choices)
    confirmation = df.ChoiceFilter(choices=Facility.Confirmation.choices)
    code = df.CharFilter(lookup_expr="iexact", max_length=30)

    class Meta:
        model = Facility
        fields = ["basin", "status", "confirmation", "code"]


class PublicFacilityFilter(df.FilterSet):
    basin = df.ChoiceFilter(choices=BASIN_CHOICES)
    status = df.ChoiceFilter(choices=Facility.Status.choices)

    class Meta:
        model = Facility
        fields = ["basin", "status"]


class MeetingFilter(df.FilterSet):
    status = df.ChoiceFilter(choices=Meeting.Status.choices)
    from_date = df.DateFilter(field_name="starts_at", lookup_expr="date__gte")
    to_date = df.DateFilter(field_name="starts_at", lookup_expr="date__lte")

    class Meta:
        model = Meeting
        fields = ["status", "from_date", "to_date"]


class ActionItemFilter(df.FilterSet):
    status = df.ChoiceFilter(choices=ActionItem.Status.choices)
    due_from = df.DateFilter(field_name="due_date", lookup_expr="gte")
    due_to = df.DateFilter(field_name="due_date", lookup_expr="lte")
    meeting = IdFilter("meeting_id")
    institution = df.CharFilter(field_name="responsible__key", max_length=60, distinct=True)

    class Meta:
        model = ActionItem
        fields = ["status", "due_from", "due_to", "meeting", "institution"]


class RecommendationFilter(df.FilterSet):
    stage = df.ChoiceFilter(choices=Recommendation.Stage.choices)
    status = df.ChoiceFilter(choices=Recommendation.Status.choices)
    due_from = df.DateFilter(field_name="due_date", lookup_expr="gte")
    due_to = df.DateFilter(field_name="due_date", lookup_expr="lte")
    institution = df.CharFilter(field_name="addressee__key", max_length=60)

    class Meta:
        model = Recommendation
        fields = ["stage", "status", "due_from", "due_to", "institution"]


class HazardFilter(df.FilterSet):
    facility = IdFilter("facility_id")
    facility_code = df.CharFilter(field_name="facility__code", max_length=30)
    basin = df.ChoiceFilter(field_name="facility__basin", choices=BASIN_CHOICES)
    parameter_set = df.CharFilter(field_name="parameter_set__name", max_length=100)
    computed_from = df.DateFilter(field_name="computed_at", lookup_expr="date__gte")
    computed_to = df.DateFilter(field_name="computed_at", lookup_expr="date__lte")

    class Meta:
        model = HazardAssessment
        fields = [
            "facility",
            "facility_code",
            "basin",
            "parameter_set",
            "computed_from",
            "computed_to",
        ]


class PointFilter(df.FilterSet):
    facility = IdFilter("facility_id")
    basin = df.ChoiceFilter(field_name="facility__basin", choices=BASIN_CHOICES)
    kind = df.ChoiceFilter(choices=MonitoringPoint.Kind.choices)
    active = df.BooleanFilter()

    class Meta:
        model = MonitoringPoint
        fields = ["facility", "basin", "kind", "active"]


class ObservationFilter(df.FilterSet):
    facility = IdFilter("point__facility_id")
    point = IdFilter("point_id")
    point_code = df.CharFilter(field_name="point__code", max_length=40)
    parameter = df.CharFilter(field_name="parameter__code", max_length=40)
    level = df.ChoiceFilter(choices=LEVEL_CHOICES)
    basin = df.ChoiceFilter(field_name="point__facility__basin", choices=BASIN_CHOICES)
    taken_after = UtcDateTimeFilter(field_name="taken_at", lookup_expr="gte")
    taken_before = UtcDateTimeFilter(field_name="taken_at", lookup_expr="lt")

    class Meta:
        model = Observation
        fields = ["facility", "point", "point_code", "parameter", "level", "basin"]


class AlertFilter(df.FilterSet):
    status = df.ChoiceFilter(choices=AlertEvent.Status.choices)
    level = df.ChoiceFilter(field_name="to_level", choices=LEVEL_CHOICES)
    basin = df.ChoiceFilter(field_name="series__point__facility__basin", choices=BASIN_CHOICES)
    opened_from = df.DateFilter(field_name="opened_at", lookup_expr="date__gte")
    opened_to = df.DateFilter(field_name="opened_at", lookup_expr="date__lte")

    class Meta:
        model = AlertEvent
        fields = ["status", "level", "basin", "opened_from", "opened_to"]
