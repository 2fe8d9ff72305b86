"""API: institutions and members."""

from __future__ import annotations

from tailsafe.api import serializers
from tailsafe.api.views.base import ReadOnly
from tailsafe.governance.models import Institution, Membership

# --- governance -------------------------------------------------------------------------------


class InstitutionViewSet(ReadOnly):
    """Institutions of the List of Participating Institutions and others (§19-21)."""

    queryset = Institution.objects.all()
    serializer_class = serializers.InstitutionSerializer
    filterset_fields = ["type", "in_lpi"]
    ordering_fields = ["key", "name_en", "name_ru"]
    ordering = ["key"]


class MemberViewSet(ReadOnly):
    """Members (seats). E-mail and phone only for MANAGE_GOVERNANCE (private contact data)."""

    queryset = Membership.objects.select_related("person", "institution").filter(
        archived_at__isnull=True
    )
    serializer_class = serializers.MemberSerializer
    filterset_fields = ["seat"]
    ordering_fields = ["start_date", "end_date", "id"]
    ordering = ["institution__key", "-start_date", "id"]
