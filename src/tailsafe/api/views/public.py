"""API: what is published, for everyone."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tailsafe.api import filters, serializers
from tailsafe.api.views.base import ReadOnly
from tailsafe.api.views.facilities import _facility_last_modified, _ranks
from tailsafe.facilities.models import Facility
from tailsafe.followup.models import Recommendation
from tailsafe.followup.rules import recommendations_visible_to
from tailsafe.meetings.models import Meeting

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
