"""Who may read and fill checklist assessments and joint inspections (docs/permissions.md;
T8, issue 14). They belong to their facility: operators see only those of their own
institution's facilities; inspectors and the group see all."""

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
from tailsafe.facilities.rules import is_own_facility
from tailsafe.inspections.models import Assessment, JointInspection

if TYPE_CHECKING:
    from tailsafe.core.models import User
    from tailsafe.core.typing import AnyUser


def _by_facility(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    scope = scope_of(user)
    if scope in (Scope.ALL, Scope.TECHNICAL):
        return qs
    if scope == Scope.OWN:
        inst = institution_id(user)
        return qs.filter(Q(facility__operator_id=inst) if inst is not None else Q(pk__in=[]))
    return qs.none()


def assessments_visible_to(
    user: AnyUser, qs: QuerySet[Assessment] | None = None
) -> QuerySet[Assessment]:
    return _by_facility(user, Assessment.objects.all() if qs is None else qs)


def inspections_visible_to(
    user: AnyUser, qs: QuerySet[JointInspection] | None = None
) -> QuerySet[JointInspection]:
    return _by_facility(user, JointInspection.objects.all() if qs is None else qs)


def can_see_facility_records(user: User, facility: Any) -> bool:
    """Assessments, comparisons and inspections of this facility: operators only their own."""
    if not has_perm(user, Perm.VIEW_INTERNAL):
        return False
    if own_institution_only(user):
        return is_own_facility(user, facility)
    return scope_of(user) in (Scope.ALL, Scope.TECHNICAL)


@rule("inspections.assessment", "view")
def can_view(user: User, assessment: Assessment) -> bool:
    """Operators see only assessments of their own facilities; the group sees all."""
    return can_see_facility_records(user, assessment.facility)


@rule("inspections.jointinspection", "view")
def can_view_inspection(user: User, inspection: JointInspection) -> bool:
    return can_see_facility_records(user, inspection.facility)


def can_self_assess(user: User, facility: Any) -> bool:
    """A self-assessment: SELF_ASSESS, and an operator only for their own facilities."""
    if not has_perm(user, Perm.SELF_ASSESS):
        return False
    return not own_institution_only(user) or is_own_facility(user, facility)


@rule("inspections.assessment", "edit")
def can_edit(user: User, assessment: Assessment) -> bool:
    if not assessment.is_draft:
        return False
    if assessment.kind == Assessment.Kind.SELF:
        return can_self_assess(user, assessment.facility)
    return assessment.kind == Assessment.Kind.AUTHORITY and has_perm(user, Perm.INSPECT)
