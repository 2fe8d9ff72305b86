"""Who may read a meeting, its agenda papers and its minutes (docs/permissions.md; M1-M5,
§20, issue 14).

The group (Scope ALL) reads every meeting. Operators and inspectors read the meetings they or
their institution are invited to, and those whose summary is published. Guests read only the
meetings they are invited to (matched by their account's e-mail address on the invitation),
with the agenda and the papers, and the minutes only once approved (issue 15, item 6).
Minutes and agenda papers follow their meeting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from tailsafe.core.permissions import Perm, Scope, has_perm, institution_id, rule, scope_of
from tailsafe.meetings.models import Invitation, Meeting, Minutes

if TYPE_CHECKING:
    from tailsafe.core.models import User
    from tailsafe.core.typing import AnyUser


def _invited(user: AnyUser) -> Q:
    """Meetings with an invitation of the user (as a person or a guest) or their institution."""
    q = Q(person__user_id=user.pk)
    inst = institution_id(user)
    if inst is not None:
        q |= Q(institution_id=inst)
    email = (getattr(user, "email", "") or "").strip()
    if email:
        q |= Q(email__iexact=email)
    return Q(pk__in=Invitation.objects.filter(q).values("meeting_id"))


def meetings_visible_to(user: AnyUser, qs: QuerySet[Meeting] | None = None) -> QuerySet[Meeting]:
    qs = Meeting.objects.all() if qs is None else qs
    scope = scope_of(user)
    if scope == Scope.ALL:
        return qs
    if scope in (Scope.OWN, Scope.TECHNICAL):
        return qs.filter(_invited(user) | Q(summary_published=True))
    if scope == Scope.INVITED:
        return qs.filter(_invited(user))
    return qs.none()


def minutes_visible_to(user: AnyUser, qs: QuerySet[Minutes] | None = None) -> QuerySet[Minutes]:
    qs = Minutes.objects.all() if qs is None else qs
    scope = scope_of(user)
    if scope == Scope.ALL:
        return qs
    if scope == Scope.INVITED:  # a guest reads the minutes once they are approved
        qs = qs.filter(status=Minutes.Status.APPROVED)
    return qs.filter(meeting__in=meetings_visible_to(user))


def sees_meeting_internals(user: User) -> bool:
    """Invitations, attendance, draft minutes and history of a meeting: the group's users; a
    guest reads only the agenda and the papers (issue 15, item 6)."""
    return has_perm(user, Perm.VIEW_INTERNAL)


@rule("meetings.meeting", "view")
def can_view(user: User, meeting: Meeting) -> bool:
    if scope_of(user) == Scope.ALL:
        return True
    return meetings_visible_to(user, Meeting.objects.filter(pk=meeting.pk)).exists()


@rule("meetings.minutes", "view")
def can_view_minutes(user: User, minutes: Minutes) -> bool:
    return can_view(user, minutes.meeting)
