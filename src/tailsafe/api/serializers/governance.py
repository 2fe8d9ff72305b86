"""Institutions and members (private contact data only for MANAGE_GOVERNANCE)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tailsafe.core.permissions import sees_private_contacts
from tailsafe.governance.models import Institution, Membership


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
