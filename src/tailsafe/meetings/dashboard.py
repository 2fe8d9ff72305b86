"""Dashboard panels of this area (see dashboard/panels.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from tailsafe.core.permissions import Perm, has_perm
from tailsafe.meetings import services
from tailsafe.meetings.models import Meeting, Proposal
from tailsafe.meetings.rules import meetings_visible_to

if TYPE_CHECKING:
    from tailsafe.core.models import User

MIN_MEETINGS_PER_YEAR = 2  # §25: "at least twice a year"


def next_meeting(user: User) -> dict[str, Any]:
    """The next meeting and the twice-a-year rule (§25, M1, P7)."""
    year = timezone.localdate().year
    upcoming = (
        meetings_visible_to(user)
        .filter(starts_at__gte=timezone.now())
        .exclude(
            status__in=(
                Meeting.Status.HELD,
                Meeting.Status.MINUTES_APPROVED,
                Meeting.Status.CANCELLED,
            )
        )
        .order_by("starts_at")
        .first()
    )
    counted = services.year_count(year)
    count = counted.total
    return {
        "template": "meetings/panel_meetings.html",
        "next": upcoming,
        "year": year,
        "count": count,
        "held": counted.held,
        "ahead": counted.ahead,
        "too_few": count < MIN_MEETINGS_PER_YEAR,
        "minimum": MIN_MEETINGS_PER_YEAR,
    }


def adoptions_not_holding(user: User) -> dict[str, Any] | None:
    """Adopted proposals whose consensus no longer holds (§28, issue 15): a later objection,
    a withdrawn position or a change of attendance. Shown only when there is one."""
    if not has_perm(user, Perm.VIEW_INTERNAL):
        return None
    flagged = (
        Proposal.objects.filter(
            consensus_lost_at__isnull=False,
            item__minutes__meeting__in=meetings_visible_to(user),
        )
        .select_related("item__minutes__meeting")
        .order_by("-consensus_lost_at")
    )
    items = list(flagged[:8])
    if not items:
        return None
    return {
        "template": "meetings/panel_consensus_lost.html",
        "items": items,
        "total": flagged.count(),
    }


PANELS: list[Callable[[Any], dict[str, Any] | None]] = [next_meeting, adoptions_not_holding]
