"""Dashboard panels of this area (see dashboard/panels.py): open alerts and overdue samples."""

from collections.abc import Callable
from typing import Any

from tailsafe.core.permissions import Perm, has_perm


def alerts(user: Any) -> dict[str, Any] | None:
    if not has_perm(user, Perm.VIEW_INTERNAL):
        return None
    from tailsafe.monitoring import services

    open_alerts = services.open_alerts()
    return {
        "template": "monitoring/panel_alerts.html",
        "alerts": list(open_alerts[:10]),
        "alert_count": open_alerts.count(),
        "overdue": services.overdue_series(10),
    }


PANELS: list[Callable[[Any], dict[str, Any] | None]] = [alerts]
