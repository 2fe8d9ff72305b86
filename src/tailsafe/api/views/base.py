"""What every API view shares: the scope of a user's records, read-only viewsets."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import viewsets

from tailsafe.api.conditional import ConditionalListMixin
from tailsafe.core.permissions import Perm

ID = r"[0-9]{1,18}"


class Scoped:
    """Lists and details start from the area's visible_to(user) query (the rules.py of each
    app, docs/permissions.md): a record outside the user's scope is a 404, as on the web."""

    visible: Any = None  # a function (user, queryset) -> queryset, or None for public views

    def get_queryset(self) -> QuerySet[Any]:
        qs: QuerySet[Any] = super().get_queryset()  # type: ignore[misc]
        visible = type(self).visible
        if visible is None:
            return qs
        scoped: QuerySet[Any] = visible(self.request.user, qs)  # type: ignore[attr-defined]
        return scoped


class ReadOnly(Scoped, ConditionalListMixin, viewsets.ReadOnlyModelViewSet[Any]):
    read_perm: Perm | None = Perm.VIEW_INTERNAL
    lookup_value_regex = ID
