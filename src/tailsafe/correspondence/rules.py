"""Who may read a letter of the register (docs/permissions.md; A4, §28, issue 14).

The group reads every letter; operators and inspectors only letters to or from their own
institution (Letter.institution) and the group letters they drafted (none today: drafting is
the secretariat's); guests none."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from tailsafe.core.permissions import Perm, Scope, has_perm, institution_id, rule, scope_of
from tailsafe.correspondence.models import Letter

if TYPE_CHECKING:
    from tailsafe.core.models import User
    from tailsafe.core.typing import AnyUser


def letters_visible_to(user: AnyUser, qs: QuerySet[Letter] | None = None) -> QuerySet[Letter]:
    qs = Letter.objects.all() if qs is None else qs
    scope = scope_of(user)
    if scope == Scope.ALL:
        return qs
    if scope in (Scope.OWN, Scope.TECHNICAL):
        inst = institution_id(user)
        own = Q(institution_id=inst) if inst is not None else Q(pk__in=[])
        return qs.filter(own | Q(created_by_id=user.pk))
    return qs.none()


@rule("correspondence.letter", "view")
def can_view(user: User, letter: Letter) -> bool:
    if not has_perm(user, Perm.VIEW_INTERNAL):
        return False
    scope = scope_of(user)
    if scope == Scope.ALL:
        return True
    inst = institution_id(user)
    return (inst is not None and letter.institution_id == inst) or letter.created_by_id == user.pk
