"""Who may read monitoring records and act on them (docs/permissions.md; T6, T7, issue 14).

Points, readings and alerts belong to their facility: whoever sees the facility's internal
records (facilities.rules) sees them, except that an operator sees only those of their own
institution's facilities (not of a published facility of another operator), plus published
alerts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from tailsafe.core.permissions import (
    Perm,
    Scope,
    has_perm,
    institution_id,
    own_institution_only,
    rule,
    scope_of,
)
from tailsafe.monitoring.models import AlertEvent, ColumnMapping, MonitoringPoint, Observation

if TYPE_CHECKING:
    from tailsafe.core.models import User
    from tailsafe.core.typing import AnyUser


def _own_facility_filter(user: AnyUser, prefix: str) -> Q:
    inst = institution_id(user)
    if inst is None:
        return Q(pk__in=[])
    return Q(**{f"{prefix}facility__operator_id": inst})


def points_visible_to(
    user: AnyUser, qs: QuerySet[MonitoringPoint] | None = None
) -> QuerySet[MonitoringPoint]:
    """ALL and TECHNICAL: every point; OWN: the points of their institution's facilities."""
    qs = MonitoringPoint.objects.all() if qs is None else qs
    scope = scope_of(user)
    if scope in (Scope.ALL, Scope.TECHNICAL):
        return qs
    if scope == Scope.OWN:
        return qs.filter(_own_facility_filter(user, ""))
    return qs.none()


def observations_visible_to(
    user: AnyUser, qs: QuerySet[Observation] | None = None
) -> QuerySet[Observation]:
    """Readings of the points the user sees."""
    qs = Observation.objects.all() if qs is None else qs
    scope = scope_of(user)
    if scope in (Scope.ALL, Scope.TECHNICAL):
        return qs
    if scope == Scope.OWN:
        return qs.filter(_own_facility_filter(user, "point__"))
    return qs.none()


def alerts_visible_to(
    user: AnyUser, qs: QuerySet[AlertEvent] | None = None
) -> QuerySet[AlertEvent]:
    """Alerts of the points the user sees, and (for operators) every published alert."""
    qs = AlertEvent.objects.all() if qs is None else qs
    scope = scope_of(user)
    if scope in (Scope.ALL, Scope.TECHNICAL):
        return qs
    if scope == Scope.OWN:
        return qs.filter(_own_facility_filter(user, "series__point__") | Q(published=True))
    return qs.none()


@rule("monitoring.monitoringpoint", "view")
def can_view_point(user: User, point: MonitoringPoint) -> bool:
    if not has_perm(user, Perm.VIEW_INTERNAL):
        return False
    if own_institution_only(user):
        inst = institution_id(user)
        return inst is not None and point.facility.operator_id == inst
    return scope_of(user) in (Scope.ALL, Scope.TECHNICAL)


@rule("monitoring.monitoringpoint", "submit")
def can_submit(user: User, point: MonitoringPoint) -> bool:
    """SUBMIT_OBSERVATIONS, refined: operators only for their own institution's facilities."""
    if not has_perm(user, Perm.SUBMIT_OBSERVATIONS):
        return False
    if own_institution_only(user):
        inst = institution_id(user)
        return inst is not None and point.facility.operator_id == inst
    return True


@rule("monitoring.alertevent", "view")
def can_view_alert(user: User, event: AlertEvent) -> bool:
    if not has_perm(user, Perm.VIEW_INTERNAL):
        return False
    if own_institution_only(user):
        return event.published or can_view_point(user, event.series.point)
    return scope_of(user) in (Scope.ALL, Scope.TECHNICAL)


@rule("monitoring.alertevent", "handle")
def can_handle(user: User, event: AlertEvent) -> bool:
    """HANDLE_ALERTS, refined: the secretariat, co-chairs and admins handle any alert; an
    inspector only those of the points their institution is responsible for or notified of."""
    if not has_perm(user, Perm.HANDLE_ALERTS):
        return False
    if scope_of(user) == Scope.ALL:
        return True
    pp = event.series
    inst = institution_id(user)
    if inst is None:
        return False
    return pp.point.responsible_id == inst or pp.notified.filter(pk=inst).exists()


@rule("monitoring.columnmapping", "edit")
def can_edit_mapping(user: User, mapping: ColumnMapping) -> bool:
    """A laboratory's column mapping belongs to the institution that made it: only its users
    and the secretariat (MANAGE_MONITORING) change it; others use it, copy it, or ask
    (issue 14, item 7)."""
    if has_perm(user, Perm.MANAGE_MONITORING):
        return True
    if not has_perm(user, Perm.SUBMIT_OBSERVATIONS):
        return False
    owner = getattr(mapping, "owner_id", None)
    inst = institution_id(user)
    return owner is not None and inst is not None and owner == inst


def may_add_points(user: User) -> bool:
    """Whether the user adds monitoring points at all (to which facilities:
    point_facilities_for)."""
    if has_perm(user, Perm.MANAGE_MONITORING):
        return True
    return has_perm(user, Perm.SUBMIT_OBSERVATIONS) and own_institution_only(user)


def can_manage_points_of(user: User, facility: Any) -> bool:
    """Create and edit monitoring points and their programme (issue 16, item 5): the
    secretariat (MANAGE_MONITORING) for any facility; an operator (SUBMIT_OBSERVATIONS, scope
    OWN) for their own institution's facilities. Inspectors submit readings but do not set the
    operator's programme."""
    if has_perm(user, Perm.MANAGE_MONITORING):
        return True
    if not has_perm(user, Perm.SUBMIT_OBSERVATIONS) or not own_institution_only(user):
        return False
    inst = institution_id(user)
    return inst is not None and facility.operator_id == inst


@rule("monitoring.monitoringpoint", "manage")
def can_manage_point(user: User, point: MonitoringPoint) -> bool:
    return can_manage_points_of(user, point.facility)


def point_facilities_for(user: User, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Of the facilities in ``qs``, those where the user may add monitoring points."""
    if has_perm(user, Perm.MANAGE_MONITORING):
        return qs
    if not has_perm(user, Perm.SUBMIT_OBSERVATIONS) or not own_institution_only(user):
        return qs.none()
    inst = institution_id(user)
    return qs.none() if inst is None else qs.filter(operator_id=inst)
