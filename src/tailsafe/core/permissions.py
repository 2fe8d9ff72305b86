"""One permission layer for views, services and the API (P2).

A permission is a named capability; each role has a fixed set. Object-level rules (an operator
edits only their own facilities, a member updates only their institution's action items) are
functions next to the capability they refine, so views and services ask the same question.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import update_wrapper
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from tailsafe.core.roles import Role

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect

    from tailsafe.core.typing import AnyUser, AuthenticatedHttpRequest


class Perm(StrEnum):
    VIEW_INTERNAL = "view_internal"  # read the group's internal records
    VIEW_HISTORY = "view_history"  # audit trail tabs
    # the meetings one is invited to, their agenda and papers (guests too; refined by
    # meetings.rules.meetings_visible_to)
    VIEW_MEETINGS = "view_meetings"
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


_INTERNAL = {Perm.VIEW_INTERNAL, Perm.VIEW_HISTORY, Perm.VIEW_MEETINGS, Perm.COMMENT_MINUTES}

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
    Role.GUEST: frozenset({Perm.VIEW_MEETINGS}),
    Role.ADMIN: frozenset(set(Perm)),
}


def has_perm(user: AnyUser | None, perm: Perm) -> bool:
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


def require(user: AnyUser | None, perm: Perm) -> None:
    """Raise PermissionDenied unless `user` has `perm` (used by services)."""
    if not has_perm(user, perm):
        raise PermissionDenied(perm.value)


# --- data scope (issue 14, docs/permissions.md) ----------------------------------------------


class Scope(StrEnum):
    """How far a role reads the group's records (docs/permissions.md, the scope table).

    ALL: every internal record. TECHNICAL (inspectors): every facility and everything under it
    (points, readings, alerts, assessments, inspections) - what inspections need - but of the
    group's governance records only their own institution's and the meetings they are invited
    to. OWN (operators): their own institution's facilities and everything under them, the
    meetings they are invited to, letters to or from their institution, recommendations
    addressed to them, and everything published. INVITED (guests): only the meetings they are
    invited to. NONE: nothing internal (anonymous, inactive, archived)."""

    ALL = "all"
    TECHNICAL = "technical"
    OWN = "own"
    INVITED = "invited"
    NONE = "none"


ROLE_SCOPE: dict[Role, Scope] = {
    Role.SECRETARIAT: Scope.ALL,
    Role.CO_CHAIR: Scope.ALL,
    Role.MEMBER: Scope.ALL,
    Role.OPERATOR: Scope.OWN,
    Role.INSPECTOR: Scope.TECHNICAL,
    Role.GUEST: Scope.INVITED,
    Role.ADMIN: Scope.ALL,
}


def scope_of(user: AnyUser | None) -> Scope:
    """The data scope of an active, signed-in user; NONE for anyone else."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope.NONE
    if getattr(user, "archived_at", None) is not None:
        return Scope.NONE
    try:
        return ROLE_SCOPE[Role(user.role)]
    except ValueError:
        return Scope.NONE


def sees_all(user: AnyUser | None) -> bool:
    """Reads every internal record (secretariat, co-chairs, members, admins)."""
    return scope_of(user) == Scope.ALL


def sees_all_facilities(user: AnyUser | None) -> bool:
    """Reads every facility and everything under it (Scope ALL and TECHNICAL)."""
    return scope_of(user) in (Scope.ALL, Scope.TECHNICAL)


def own_institution_only(user: AnyUser | None) -> bool:
    """Limited to the records of their own institution (operators, Scope OWN)."""
    return scope_of(user) == Scope.OWN


def institution_id(user: AnyUser | None) -> int | None:
    """The user's institution, or None (then no institution-scoped record matches)."""
    return getattr(user, "institution_id", None) if scope_of(user) != Scope.NONE else None


def sees_private_contacts(user: AnyUser | None) -> bool:
    """Members' and guests' e-mail and phone: only those who manage governance (issue 14)."""
    return has_perm(user, Perm.MANAGE_GOVERNANCE)


def sees_nomination_letter(user: AnyUser | None, institution: int | None) -> bool:
    """A member's nomination letter (governance; issue 14): the group (Scope ALL) reads all;
    operators and inspectors only their own institution's. Kept here, not in governance, until
    governance has its rules module (engineer meet's)."""
    if not has_perm(user, Perm.VIEW_INTERNAL):
        return False
    if sees_all(user):
        return True
    own = institution_id(user)
    return own is not None and own == institution


# --- object rules (each app's rules.py registers its can_<verb> predicates) -----------------

Rule = Callable[[Any, Any], bool]
_RULES: dict[tuple[str, str], Rule] = {}


def rule(model: str, verb: str) -> Callable[[Rule], Rule]:
    """Register `can_<verb>(user, obj)` for a model ("app_label.modelname"), so the template
    tag {% can "verb" obj as ok %}, require_can() and the API ask the same predicate."""

    def register(func: Rule) -> Rule:
        _RULES[(model.lower(), verb)] = func
        return func

    return register


def can(user: AnyUser, verb: str, obj: Any) -> bool:
    """The registered predicate for (obj's model, verb); False when none is registered."""
    func = _RULES.get((obj._meta.label_lower, verb))
    return bool(func is not None and func(user, obj))


def require_can(user: AnyUser, verb: str, obj: Any, message: Any = "") -> None:
    """Raise PermissionDenied unless the object rule allows it (used by services and views)."""
    if not can(user, verb, obj):
        raise PermissionDenied(message or f"{verb} {obj._meta.label_lower}")


def registered_rules() -> dict[tuple[str, str], Rule]:
    return dict(_RULES)


P = ParamSpec("P")
R = TypeVar("R", bound="HttpResponseBase")


def requires(
    perm: Perm,
) -> Callable[
    [Callable[Concatenate[AuthenticatedHttpRequest, P], R]],
    Callable[Concatenate[HttpRequest, P], R | HttpResponseRedirect],
]:
    """View decorator: anonymous users go to the login page, others without `perm` get 403.
    The view itself receives an AuthenticatedHttpRequest (its `request.user` is a User)."""

    def decorator(
        view: Callable[Concatenate[AuthenticatedHttpRequest, P], R],
    ) -> Callable[Concatenate[HttpRequest, P], R | HttpResponseRedirect]:
        def wrapped(
            request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs
        ) -> R | HttpResponseRedirect:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require(request.user, perm)
            # signed in, checked above: the one place a request becomes an authenticated one
            return view(cast("AuthenticatedHttpRequest", request), *args, **kwargs)

        update_wrapper(wrapped, view)
        wrapped.required_perm = perm  # type: ignore[attr-defined]  # read by the matrix test
        return wrapped

    return decorator
