"""Dashboard panels of this area (see dashboard/panels.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tailsafe.core.permissions import Perm, has_perm

if TYPE_CHECKING:
    from tailsafe.core.models import User


def highest_hazard(user: User) -> dict[str, Any] | None:
    """Top 5 facilities by THI max, with the parameter set (provisional label) used."""
    if not has_perm(user, Perm.VIEW_INTERNAL):
        return None
    from tailsafe.facilities.models import Facility
    from tailsafe.facilities.rules import facilities_visible_to
    from tailsafe.methodology import ranking
    from tailsafe.methodology import services as methodology

    facilities = Facility.objects.filter(archived_at__isnull=True)
    visible = facilities_visible_to(user, facilities).values_list("pk", flat=True)
    order = ranking.rank(facilities)  # ranks among all facilities
    top = [r for r in order.among(visible) if r["rank"]][:5]
    rows = ranking.with_objects(top, facilities)
    return {
        "template": "facilities/panel_hazard.html",
        "rows": rows,
        "parameter_set": methodology.active_parameter_set(),
    }


PANELS: list[Callable[[Any], dict[str, Any] | None]] = [highest_hazard]
