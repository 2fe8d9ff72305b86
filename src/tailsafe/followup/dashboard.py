"""Dashboard panels of this area (see dashboard/panels.py)."""

from collections.abc import Callable
from typing import Any

from tailsafe.followup import services


def overdue_actions(user: Any) -> dict[str, Any]:
    """Overdue action items (A1, P7), oldest first."""
    items = list(services.overdue_items().prefetch_related("responsible").order_by("due_date")[:8])
    return {
        "template": "followup/panel_overdue.html",
        "items": items,
        "total": services.overdue_items().count(),
    }


PANELS: list[Callable[[Any], dict[str, Any] | None]] = [overdue_actions]
