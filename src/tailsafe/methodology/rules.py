"""Who may read hazard assessments (THI/TRI computations): whoever sees the facility
(docs/permissions.md; T4, issue 14). Operators see only those of their own institution's
facilities and of published facilities."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from tailsafe.core.permissions import Scope, institution_id, scope_of
from tailsafe.methodology.models import HazardAssessment

if TYPE_CHECKING:
    from tailsafe.core.typing import AnyUser


def hazard_assessments_visible_to(
    user: AnyUser, qs: QuerySet[HazardAssessment] | None = None
) -> QuerySet[HazardAssessment]:
    qs = HazardAssessment.objects.all() if qs is None else qs
    scope = scope_of(user)
    if scope in (Scope.ALL, Scope.TECHNICAL):
        return qs
    if scope == Scope.OWN:
        inst = institution_id(user)
        own = Q(facility__operator_id=inst) if inst is not None else Q(pk__in=[])
        return qs.filter(own | Q(facility__published=True))
    return qs.none()
