"""The monitoring programme in the UI (issue 16, item 5): monitoring points and the parameters
of their programme (norm, sampling interval, TARP thresholds with direction and response).

Each service checks the permission (monitoring.rules.can_manage_points_of / can_manage_point),
validates the whole record, writes it with its audit entry, in one transaction. An edit that
changes nothing writes nothing (no history row).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tailsafe.core.audit import save_with_audit
from tailsafe.core.permissions import require_can
from tailsafe.monitoring import rules
from tailsafe.monitoring.models import MonitoringPoint, PointParameter

if TYPE_CHECKING:
    from tailsafe.core.models import User

POINT_FIELDS = ("code", "name", "kind", "latitude", "longitude", "responsible", "active")
ENTRY_FIELDS = (
    "norm",
    "sampling_interval_days",
    "mode",
    "direction",
    "alert",
    "alarm",
    "emergency",
    "trend_horizon_days",
    "expected_response",
)


def _refuse_other_facility(user: User, facility: Any) -> None:
    if not rules.can_manage_points_of(user, facility):
        raise PermissionDenied(
            _("Only the secretariat or the facility's operator changes its monitoring points.")
        )


def _apply(obj: Any, data: dict[str, Any], fields: tuple[str, ...]) -> bool:
    """Set the given fields from ``data``; True when any value differs from the stored one."""
    changed = False
    for name in fields:
        if name in data and getattr(obj, name) != data[name]:
            setattr(obj, name, data[name])
            changed = True
    return changed


@transaction.atomic
def create_point(user: User, facility: Any, data: dict[str, Any]) -> MonitoringPoint:
    """A new monitoring point of ``facility``."""
    _refuse_other_facility(user, facility)
    point = MonitoringPoint(facility=facility)
    _apply(point, data, POINT_FIELDS)
    point.full_clean()
    save_with_audit(point, user, "monitoring point created")
    return point


@transaction.atomic
def update_point(user: User, point: MonitoringPoint, data: dict[str, Any]) -> MonitoringPoint:
    """Change a point's code, name, kind, location, responsible institution or active flag;
    nothing when unchanged."""
    locked = MonitoringPoint.objects.select_for_update().select_related("facility").get(pk=point.pk)
    require_can(user, "manage", locked, _("You may not change this monitoring point."))
    if not _apply(locked, data, POINT_FIELDS):
        return locked
    locked.full_clean()
    save_with_audit(locked, user, "monitoring point updated")
    return locked


def _check_norm(entry: PointParameter) -> None:
    norm = entry.norm
    if norm is not None and norm.parameter_id not in (None, entry.parameter_id):
        raise ValidationError({"norm": _("This norm is published for another parameter.")})


@transaction.atomic
def add_entry(user: User, point: MonitoringPoint, data: dict[str, Any]) -> PointParameter:
    """Add a parameter to a point's programme."""
    locked = MonitoringPoint.objects.select_for_update().select_related("facility").get(pk=point.pk)
    require_can(user, "manage", locked, _("You may not change this monitoring point."))
    parameter = data.get("parameter")
    if parameter is None:
        raise ValidationError({"parameter": _("Choose a parameter.")})
    if PointParameter.objects.filter(point=locked, parameter=parameter).exists():
        raise ValidationError(
            {"parameter": _("This parameter is already in the point's programme.")}
        )
    entry = PointParameter(point=locked, parameter=parameter)
    _apply(entry, data, ENTRY_FIELDS)
    _check_norm(entry)
    entry.full_clean()
    save_with_audit(entry, user, "programme parameter added")
    return entry


@transaction.atomic
def update_entry(user: User, entry: PointParameter, data: dict[str, Any]) -> PointParameter:
    """Change a programme entry's norm, sampling interval or thresholds; nothing when
    unchanged. The parameter itself is not changed (its readings belong to it)."""
    locked = PointParameter.objects.select_for_update().get(pk=entry.pk)
    point = MonitoringPoint.objects.select_related("facility").get(pk=locked.point_id)
    require_can(user, "manage", point, _("You may not change this monitoring point."))
    if not _apply(locked, data, ENTRY_FIELDS):
        return locked
    _check_norm(locked)
    locked.full_clean()
    save_with_audit(locked, user, "programme parameter updated")
    return locked
