"""The API asks the same permission layer as the web views (P2): no second one.

Each view names the capability it needs (``read_perm`` for GET/HEAD/OPTIONS, ``write_perm``
for the rest); ``None`` marks a public, read-only view of published data. Object rules are the
area services' functions (e.g. facilities.services.can_edit), named by ``object_check``.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission

from tailsafe.core.permissions import Perm, has_perm


def perm_for(view: Any, method: str) -> Perm | None:
    if method in SAFE_METHODS:
        return getattr(view, "read_perm", Perm.VIEW_INTERNAL)
    return getattr(view, "write_perm", Perm.ADMIN)


class PermRequired(BasePermission):
    """has_perm(user, view.read_perm / view.write_perm); object checks from the area."""

    def has_permission(self, request: Any, view: Any) -> bool:
        perm = perm_for(view, request.method)
        if perm is None:
            return request.method in SAFE_METHODS
        return has_perm(request.user, perm)

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        check = getattr(view, "object_check", None)
        if check is None or request.method in SAFE_METHODS:
            return True
        return bool(check(request.user, obj))
