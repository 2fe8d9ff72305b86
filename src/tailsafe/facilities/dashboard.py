"""Dashboard panels of this area (see dashboard/panels.py)."""

from collections.abc import Callable
from typing import Any

from tailsafe.core.permissions import Perm, has_perm


def highest_hazard(user: Any) -> dict[str, Any] | None:
    """Top 5 facilities by THI max, with the parameter set (provisional label) used."""
    if not has_perm(user, Perm.VIEW_INTERNAL):
        return None
    from tailsafe.facilities.models import Facility
    from tailsafe.methodology import services as methodology

    facilities = Facility.objects.filter(archived_at__isnull=True)
    top = [r for r in methodology.ranking_order(facilities) if r["rank"]][:5]
    rows = methodology.with_objects(top, facilities)
    return {
        "template": "facilities/panel_hazard.html",
        "rows": rows,
        "parameter_set": methodology.active_parameter_set(),
    }


PANELS: list[Callable[[Any], dict[str, Any] | None]] = [highest_hazard]
