"""The monitoring block of a facility sheet (issue 17, item 7): ``{% load monitoring_sheet %}``
``{% sheet_monitoring facility user %}``. The facilities area shows it without importing the
monitoring area (docs/architecture.md: a higher area's data on a lower area's page): the
points the reader may see (mapdata.visible_points) and the current state of each."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template

from tailsafe.monitoring import mapdata

if TYPE_CHECKING:
    from tailsafe.core.models import User

register = template.Library()


@register.inclusion_tag("monitoring/_sheet_points.html")
def sheet_monitoring(facility: Any, user: User) -> dict[str, Any]:
    points = mapdata.visible_points(user, facility)
    return {"points": points, "count": len(points)}
