"""Dashboard panels of this area (see dashboard/panels.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tailsafe.core.permissions import Perm, has_perm

if TYPE_CHECKING:
    from tailsafe.core.models import User


def priority_one(user: User) -> dict[str, Any] | None:
    """Facilities in priority 1 of the matrix (top hazard third and red safety level)."""
    if not has_perm(user, Perm.VIEW_INTERNAL):
        return None
    from tailsafe.facilities.models import Facility

    # the cell (top third, red) of services.priority_matrix, without building the other
    # cells: only the top third's safety levels and the facilities shown are loaded (issue 9)
    from tailsafe.facilities.rules import facilities_visible_to
    from tailsafe.inspections import services
    from tailsafe.methodology import ranking

    facilities = Facility.objects.filter(archived_at__isnull=True)
    visible = set(facilities_visible_to(user, facilities).values_list("pk", flat=True))
    top = [
        r
        for r in ranking.rank(facilities).rows
        if r["tertile"] == 1 and r["facility_id"] in visible
    ]
    levels = services.safety_levels(r["facility_id"] for r in top)
    first = []
    for row in top:
        result, assessment = levels.get(row["facility_id"], (None, None))
        if result is not None and services._priority(row["tertile"], result.band) == 1:
            first.append({**row, "result": result, "checklist": assessment, "band": result.band})
    return {
        "template": "inspections/panel_priority.html",
        "rows": ranking.with_objects(first, facilities),
    }


PANELS: list[Callable[[Any], dict[str, Any] | None]] = [priority_one]
