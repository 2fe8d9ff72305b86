"""Dashboard panels of this area (see dashboard/panels.py)."""

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from tailsafe.meetings import services
from tailsafe.meetings.models import Meeting
from tailsafe.meetings.rules import meetings_visible_to

MIN_MEETINGS_PER_YEAR = 2  # §25: "at least twice a year"


def next_meeting(user: Any) -> dict[str, Any]:
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


PANELS: list[Callable[[Any], dict[str, Any] | None]] = [next_meeting]
