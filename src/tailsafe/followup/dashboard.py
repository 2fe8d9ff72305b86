"""Dashboard panels of this area (see dashboard/panels.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tailsafe.followup import rules, services

if TYPE_CHECKING:
    from tailsafe.core.models import User


def overdue_actions(user: User) -> dict[str, Any]:
    """Overdue action items (A1, P7), oldest first."""
    overdue = rules.action_items_visible_to(user, services.overdue_items())
    items = list(overdue.prefetch_related("responsible").order_by("due_date")[:8])
    return {
        "template": "followup/panel_overdue.html",
        "items": items,
        "total": overdue.count(),
    }


def overdue_recommendations(user: User) -> dict[str, Any] | None:
    """Adopted recommendations past their due date (A2, P7)."""
    from tailsafe.core.permissions import Perm, has_perm
    from tailsafe.followup import recommendations

    if not has_perm(user, Perm.VIEW_INTERNAL):
        return None
    qs = rules.recommendations_visible_to(user, recommendations.overdue())
    return {
        "template": "followup/panel_overdue_recommendations.html",
        "items": list(qs[:8]),
        "total": qs.count(),
    }


PANELS: list[Callable[[Any], dict[str, Any] | None]] = [overdue_actions, overdue_recommendations]
