"""Who may read and change a facility (docs/permissions.md; P2, P4, issue 14).

`facilities_visible_to(user)` is the one query every list, detail page, search, export, the
dashboard and the API start from; the `can_<verb>` predicates are the object rules the services
(through core.permissions.require_can), the views, the template tag and the API ask."""

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
from tailsafe.facilities.models import Facility

if TYPE_CHECKING:
    from tailsafe.core.models import User
    from tailsafe.core.typing import AnyUser


def facilities_visible_to(
    user: AnyUser, qs: QuerySet[Facility] | None = None
) -> QuerySet[Facility]:
    """ALL and TECHNICAL: every facility; OWN (operators): their institution's facilities and
    the published ones; anyone else: none (public pages ask for published ones themselves)."""
    qs = Facility.objects.all() if qs is None else qs
    scope = scope_of(user)
    if scope in (Scope.ALL, Scope.TECHNICAL):
        return qs
    if scope == Scope.OWN:
        inst = institution_id(user)
        own = Q(operator_id=inst) if inst is not None else Q(pk__in=[])
        return qs.filter(own | Q(published=True))
    return qs.none()


def is_own_facility(user: User, facility: Any) -> bool:
    """The facility is run by the user's institution."""
    inst = institution_id(user)
    return inst is not None and facility.operator_id == inst


@rule("facilities.facility", "view")
def can_view(user: User, facility: Facility) -> bool:
    """Read a facility's internal page (the scope of facilities_visible_to)."""
    if not has_perm(user, Perm.VIEW_INTERNAL):
        return False
    if own_institution_only(user):
        return is_own_facility(user, facility) or facility.published
    return scope_of(user) in (Scope.ALL, Scope.TECHNICAL)


@rule("facilities.facility", "edit")
def can_edit(user: User, facility: Facility) -> bool:
    """Secretariat and admin edit any facility; an operator only one run by their institution."""
    if not has_perm(user, Perm.EDIT_FACILITY) or facility.is_archived:
        return False
    if own_institution_only(user):
        return is_own_facility(user, facility)
    return True


@rule("facilities.facility", "change_operator")
def can_change_operator(user: User, facility: Facility) -> bool:
    """An operator cannot hand a facility to another institution (or take one)."""
    return can_edit(user, facility) and not own_institution_only(user)


@rule("facilities.facility", "confirm")
def can_confirm(user: User, facility: Facility) -> bool:
    """Changes by someone who is not the secretariat leave the facility a candidate."""
    return has_perm(user, Perm.CONFIRM_FACILITY) and not facility.is_archived


@rule("facilities.facility", "publish")
def can_publish(user: User, facility: Facility) -> bool:
    """Publishing is its own action, with the publish right (P4), never an edit-form field."""
    return has_perm(user, Perm.PUBLISH) and not facility.is_archived
