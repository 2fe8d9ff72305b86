"""Who reads and acts on transboundary notifications (issue 19, §28).

The secretariat (MANAGE_CORRESPONDENCE) keeps the register and drafts; only the leading
co-chair of the term approves (correspondence.services.check_leading_cochair); readers of the
group's internal records see notices, except an exercise is as visible as a real one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from tailsafe.core.permissions import Perm, has_perm, rule
from tailsafe.transboundary.models import Notice

if TYPE_CHECKING:
    from tailsafe.core.models import User
    from tailsafe.core.typing import AnyUser


def notices_visible_to(user: AnyUser, qs: QuerySet[Notice] | None = None) -> QuerySet[Notice]:
    qs = Notice.objects.all() if qs is None else qs
    return qs if has_perm(user, Perm.VIEW_INTERNAL) else qs.none()


def can_manage(user: User, obj: Any = None) -> bool:
    return has_perm(user, Perm.MANAGE_CORRESPONDENCE)


@rule("transboundary.notice", "submit")
def can_submit(user: User, notice: Notice) -> bool:
    return can_manage(user) and notice.status == Notice.Status.DRAFT


@rule("transboundary.notice", "approve")
def can_approve(user: User, notice: Notice) -> bool:
    """Shown to the leading co-chair only; the service checks again."""
    from tailsafe.governance.rules import is_leading_cochair

    return notice.status == Notice.Status.SUBMITTED and is_leading_cochair(user)
