"""Monitoring points on the facilities map and the facility page (issue 16, item 6): each
point the user may see with its worst current state (thresholds.worst_state over the latest
reading of every series: TARP level and verdict against the norm)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from tailsafe.monitoring import rules, services
from tailsafe.monitoring import thresholds as tarp
from tailsafe.monitoring.models import EVENT_STATE_LABELS, MonitoringPoint, PointParameter

if TYPE_CHECKING:
    from tailsafe.core.models import User
    from tailsafe.core.typing import AnyUser


def state_label(state: str) -> str:
    if state == tarp.INCONCLUSIVE:
        return _("inconclusive")
    if not state:
        return _("no readings")
    return str(EVENT_STATE_LABELS.get(state, state))


def point_states(points: QuerySet[MonitoringPoint]) -> dict[int, str]:
    """point id -> its worst current state ("" without readings)."""
    states: dict[int, list[str]] = {}
    for pp in services.series_with_latest(PointParameter.objects.filter(point__in=points)):
        states.setdefault(pp.point_id, []).extend(
            [pp.last_level or "", pp.last_norm_result or ""]  # type: ignore[attr-defined]
        )
    return {pk: tarp.worst_state(found) for pk, found in states.items()}


def visible_points(user: AnyUser, facility: Any = None) -> list[MonitoringPoint]:
    """The active points the user may see (of one facility if given), each with ``state``
    and ``state_label``."""
    qs = rules.points_visible_to(
        user, MonitoringPoint.objects.select_related("facility").filter(active=True)
    )
    if facility is not None:
        qs = qs.filter(facility=facility)
    states = point_states(qs)
    points = list(qs)
    for p in points:
        p.state = states.get(p.pk, "")  # type: ignore[attr-defined]
        p.state_label = state_label(p.state)  # type: ignore[attr-defined]
    return points


def geojson(user: User) -> dict[str, Any]:
    """RFC 7946 FeatureCollection of the user's visible points ([longitude, latitude]); a
    point without its own coordinates is placed at its facility's, marked approximate."""
    features = []
    for p in visible_points(user):
        where = p.location()
        if where is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": p.code,
                "geometry": {"type": "Point", "coordinates": [where[1], where[0]]},
                "properties": {
                    "code": p.code,
                    "name": p.name,
                    "facility": p.facility.code,
                    "basin": p.facility.basin,
                    "kind": p.get_kind_display(),
                    "state": p.state,  # type: ignore[attr-defined]
                    "state_label": p.state_label,  # type: ignore[attr-defined]
                    "approximate": p.latitude is None or p.longitude is None,
                    "url": reverse("monitoring:point_detail", args=[p.pk]),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
