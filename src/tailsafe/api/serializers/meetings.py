"""Meetings, their minutes' items, action items and recommendations."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tailsafe.core.permissions import can
from tailsafe.followup.models import ActionItem, Recommendation
from tailsafe.followup.rules import RECOMMENDATION_STEPS
from tailsafe.meetings.models import Meeting
from tailsafe.meetings.services import queries as meeting_queries


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
