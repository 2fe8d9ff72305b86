"""Who may read the knowledge base (docs/permissions.md; K1-K5, issue 14).

Legislation, good practices, lessons learned and the EPR recommendations are the group's
reference library: every internal reader sees them. Commissioned work (terms of reference,
reports of a contractor) is the group's business: the group sees all, operators and inspectors
only work their institution is responsible for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from tailsafe.core.permissions import Perm, Scope, has_perm, institution_id, rule, scope_of
from tailsafe.knowledge.models import CommissionedWork

if TYPE_CHECKING:
    from tailsafe.core.models import User
    from tailsafe.core.typing import AnyUser


def works_visible_to(
    user: AnyUser, qs: QuerySet[CommissionedWork] | None = None
) -> QuerySet[CommissionedWork]:
    qs = CommissionedWork.objects.all() if qs is None else qs
    scope = scope_of(user)
    if scope == Scope.ALL:
        return qs
    if scope in (Scope.OWN, Scope.TECHNICAL):
        inst = institution_id(user)
        return qs.filter(institution_id=inst) if inst is not None else qs.none()
    return qs.none()


@rule("knowledge.commissionedwork", "view")
def can_view_work(user: User, work: CommissionedWork) -> bool:
    if not has_perm(user, Perm.VIEW_INTERNAL):
        return False
    if scope_of(user) == Scope.ALL:
        return True
    inst = institution_id(user)
    return inst is not None and work.institution_id == inst
