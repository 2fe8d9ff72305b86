"""One permission layer for views, services and the API (P2).

A permission is a named capability; each role has a fixed set. Object-level rules (an operator
edits only their own facilities, a member updates only their institution's action items) are
functions next to the capability they refine, so views and services ask the same question.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from tailsafe.core.roles import Role

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponseBase


class Perm(StrEnum):
    VIEW_INTERNAL = "view_internal"  # read the group's internal records
    MANAGE_GOVERNANCE = "manage_governance"  # institutions, LPI, memberships, guests, ToR
    MANAGE_ROTATION = "manage_rotation"  # rotation order, start year, terms' officials
    VIEW_HISTORY = "view_history"  # audit trail tabs
    EDIT_FACILITY = "edit_facility"  # refined by can_edit_facility (operators: own only)
    CONFIRM_FACILITY = "confirm_facility"  # confirm candidates and operators' changes
    MANAGE_PARAMETERS = "manage_parameters"  # methodology parameter sets
    ADMIN = "admin"


_INTERNAL = {Perm.VIEW_INTERNAL, Perm.VIEW_HISTORY}

ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.SECRETARIAT: frozenset(
        _INTERNAL
        | {Perm.MANAGE_GOVERNANCE, Perm.MANAGE_ROTATION, Perm.EDIT_FACILITY, Perm.CONFIRM_FACILITY}
    ),
    Role.CO_CHAIR: frozenset(_INTERNAL),
    Role.MEMBER: frozenset(_INTERNAL),
    Role.OPERATOR: frozenset(_INTERNAL | {Perm.EDIT_FACILITY}),
    Role.INSPECTOR: frozenset(_INTERNAL),
    Role.GUEST: frozenset(),
    Role.ADMIN: frozenset(set(Perm)),
}


def has_perm(user: Any, perm: Perm) -> bool:
    """True when an active, signed-in user's role grants `perm`."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if getattr(user, "archived_at", None) is not None:
        return False
    try:
        role = Role(user.role)
    except ValueError:
        return False
    return perm in ROLE_PERMISSIONS[role]


def require(user: Any, perm: Perm) -> None:
    """Raise PermissionDenied unless `user` has `perm` (used by services)."""
    if not has_perm(user, perm):
        raise PermissionDenied(perm.value)


F = TypeVar("F", bound=Callable[..., "HttpResponseBase"])


def requires(perm: Perm) -> Callable[[F], F]:
    """View decorator: anonymous users go to the login page, others without `perm` get 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require(request.user, perm)
            return view(request, *args, **kwargs)

        wrapped.required_perm = perm  # type: ignore[attr-defined]  # read by the matrix test
        return wrapped  # type: ignore[return-value]

    return decorator
