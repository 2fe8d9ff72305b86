"""API: meetings and action items."""

from __future__ import annotations

from tailsafe.api import filters, serializers
from tailsafe.api.views.base import ReadOnly
from tailsafe.followup.models import ActionItem
from tailsafe.followup.rules import action_items_visible_to
from tailsafe.meetings.models import Meeting
from tailsafe.meetings.rules import meetings_visible_to

# --- meetings and follow-up -------------------------------------------------------------------


class MeetingViewSet(ReadOnly):
    """Meetings; the summary of approved minutes appears once the secretariat publishes it."""

    queryset = Meeting.objects.all()
    visible = staticmethod(meetings_visible_to)
    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilter
    ordering_fields = ["starts_at", "number"]
    ordering = ["-starts_at", "-number"]


class ActionItemViewSet(ReadOnly):
    """Action items of the action plan (A1); overdue is derived from the due date."""

    queryset = ActionItem.objects.prefetch_related("responsible")
    visible = staticmethod(action_items_visible_to)
    serializer_class = serializers.ActionItemSerializer
    filterset_class = filters.ActionItemFilter
    ordering_fields = ["due_date", "status", "id"]
    ordering = ["due_date", "id"]
