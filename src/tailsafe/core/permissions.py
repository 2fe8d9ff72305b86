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
    VIEW_HISTORY = "view_history"  # audit trail tabs
    # governance
    MANAGE_GOVERNANCE = "manage_governance"  # institutions, LPI, memberships, guests, ToR
    MANAGE_ROTATION = "manage_rotation"  # rotation order, start year, terms' officials
    # meetings and follow-up
    MANAGE_MEETINGS = "manage_meetings"  # meetings, agenda, invitations, attendance, minutes
    CHAIR = "chair"  # co-chair acts; refined: only the leading co-chair of the term approves
    STATE_POSITION = "state_position"  # an institution's position on a proposal
    COMMENT_MINUTES = "comment_minutes"  # comments on circulated minutes
    UPDATE_ACTION_ITEM = "update_action_item"  # refined: own institution's items only
    MANAGE_FOLLOWUP = "manage_followup"  # action items, recommendations, commissioned work
    MANAGE_CORRESPONDENCE = "manage_correspondence"  # letters register, drafts
    MANAGE_KNOWLEDGE = "manage_knowledge"  # legislation, practices, lessons, EPR, self-assessment
    PUBLISH = "publish"  # the "published" switch of the public page
    # facilities and methodology
    EDIT_FACILITY = "edit_facility"  # refined: operators edit only their own facilities
    CONFIRM_FACILITY = "confirm_facility"  # confirm candidates and operators' changes
    MANAGE_PARAMETERS = "manage_parameters"  # methodology parameter sets, question bank
    SELF_ASSESS = "self_assess"  # operator's checklist self-assessment (own facilities)
    INSPECT = "inspect"  # authority checklist assessments and joint inspections
    # monitoring
    MANAGE_MONITORING = "manage_monitoring"  # points, parameters, limits, TARP levels
    SUBMIT_OBSERVATIONS = "submit_observations"  # refined: operators only for own points
    HANDLE_ALERTS = "handle_alerts"  # acknowledge and resolve alerts
    ADMIN = "admin"


_INTERNAL = {Perm.VIEW_INTERNAL, Perm.VIEW_HISTORY, Perm.COMMENT_MINUTES}

ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.SECRETARIAT: frozenset(
        _INTERNAL
        | {
            Perm.MANAGE_GOVERNANCE,
            Perm.MANAGE_ROTATION,
            Perm.MANAGE_MEETINGS,
            Perm.STATE_POSITION,
            Perm.UPDATE_ACTION_ITEM,
            Perm.MANAGE_FOLLOWUP,
            Perm.MANAGE_CORRESPONDENCE,
            Perm.MANAGE_KNOWLEDGE,
            Perm.PUBLISH,
            Perm.EDIT_FACILITY,
            Perm.CONFIRM_FACILITY,
            Perm.MANAGE_MONITORING,
            Perm.SUBMIT_OBSERVATIONS,
            Perm.HANDLE_ALERTS,
        }
    ),
    Role.CO_CHAIR: frozenset(
        _INTERNAL | {Perm.CHAIR, Perm.STATE_POSITION, Perm.UPDATE_ACTION_ITEM, Perm.HANDLE_ALERTS}
    ),
    Role.MEMBER: frozenset(_INTERNAL | {Perm.STATE_POSITION, Perm.UPDATE_ACTION_ITEM}),
    Role.OPERATOR: frozenset(
        _INTERNAL
        | {Perm.EDIT_FACILITY, Perm.SELF_ASSESS, Perm.SUBMIT_OBSERVATIONS, Perm.UPDATE_ACTION_ITEM}
    ),
    Role.INSPECTOR: frozenset(
        _INTERNAL | {Perm.INSPECT, Perm.HANDLE_ALERTS, Perm.SUBMIT_OBSERVATIONS}
    ),
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
