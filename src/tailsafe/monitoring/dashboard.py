"""Dashboard panels of this area (see dashboard/panels.py): open alerts and overdue samples."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tailsafe.core.permissions import Perm, has_perm, sees_all_facilities

if TYPE_CHECKING:
    from tailsafe.core.models import User


def alerts(user: User) -> dict[str, Any] | None:
    if not has_perm(user, Perm.VIEW_INTERNAL):
        return None
    from tailsafe.monitoring import rules, services

    open_alerts = rules.alerts_visible_to(user, services.open_alerts())
    if sees_all_facilities(user):
        overdue = services.overdue_series(10)
    else:  # only the series of the points they see
        points = set(rules.points_visible_to(user).values_list("pk", flat=True))
        overdue = [pp for pp in services.overdue_series(500) if pp.point_id in points][:10]
    return {
        "template": "monitoring/panel_alerts.html",
        "alerts": list(open_alerts[:10]),
        "alert_count": open_alerts.count(),
        "overdue": overdue,
        "norms": services.norm_summary(rules.points_visible_to(user)),
    }


PANELS: list[Callable[[Any], dict[str, Any] | None]] = [alerts]
