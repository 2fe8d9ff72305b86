"""Dashboard panels of this area (see dashboard/panels.py)."""

from collections.abc import Callable
from typing import Any

from tailsafe.core.permissions import Perm, has_perm


def priority_one(user: Any) -> dict[str, Any] | None:
    """Facilities in priority 1 of the matrix (top hazard third and red safety level)."""
    if not has_perm(user, Perm.VIEW_INTERNAL):
        return None
    from tailsafe.facilities.models import Facility
    from tailsafe.inspections import services

    m = services.priority_matrix(Facility.objects.filter(archived_at__isnull=True))
    first = [
        e for row in m["grid"] for c in row["cells"] if c["priority"] == 1 for e in c["facilities"]
    ]
    return {"template": "inspections/panel_priority.html", "rows": first}


PANELS: list[Callable[[Any], dict[str, Any] | None]] = [priority_one]
