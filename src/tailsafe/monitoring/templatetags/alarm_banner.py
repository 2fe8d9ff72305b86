"""The alarm banner of every internal page (issue 15, item 6): ``{% load alarm_banner %}``
``{% alarm_banner %}`` in the base template.

An open (not yet acknowledged) alert at TARP level alarm or emergency stays on top of every page
until someone acknowledges it, for whoever may see its facility's monitoring (points_visible_to:
an operator of another institution does not get it, even when the alert is published). A drill's
alert shows marked EXERCISE. One query per page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template

from tailsafe.core.permissions import Perm, has_perm
from tailsafe.monitoring import rules
from tailsafe.monitoring.models import AlertEvent

if TYPE_CHECKING:
    from tailsafe.core.typing import AnyUser

register = template.Library()

BANNER_LEVELS = ("alarm", "emergency")
SHOWN = 5


def banner_alerts(user: AnyUser | None) -> list[AlertEvent]:
    """At most SHOWN + 1 open alarm and emergency alerts the user's scope covers, newest and
    most severe first (the extra one says "more")."""
    if user is None or not has_perm(user, Perm.VIEW_INTERNAL):
        return []
    qs = rules.alerts_visible_to(
        user,
        AlertEvent.objects.filter(
            status=AlertEvent.Status.OPEN,
            basis=AlertEvent.Basis.TARP,
            to_level__in=BANNER_LEVELS,
            series__point__in=rules.points_visible_to(user),
        ).select_related("series__point__facility", "series__parameter"),
    )
    return list(qs.order_by("exercise", "-to_level", "-opened_at", "-id")[: SHOWN + 1])


@register.inclusion_tag("monitoring/_alarm_banner.html", takes_context=True)
def alarm_banner(context: Any) -> dict[str, Any]:
    request = context.get("request")
    alerts = banner_alerts(getattr(request, "user", None))
    return {"alerts": alerts[:SHOWN], "more": len(alerts) > SHOWN}
