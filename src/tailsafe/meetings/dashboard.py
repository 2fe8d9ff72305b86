"""Dashboard panels of this area (see dashboard/panels.py)."""

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from tailsafe.meetings import services
from tailsafe.meetings.models import Meeting

MIN_MEETINGS_PER_YEAR = 2  # §25: "at least twice a year"


def next_meeting(user: Any) -> dict[str, Any]:
    """The next meeting and the twice-a-year rule (§25, M1, P7)."""
    year = timezone.localdate().year
    upcoming = (
        Meeting.objects.filter(starts_at__gte=timezone.now())
        .exclude(status=Meeting.Status.HELD)
        .order_by("starts_at")
        .first()
    )
    count = services.meetings_in_year(year)
    return {
        "template": "meetings/panel_meetings.html",
        "next": upcoming,
        "year": year,
        "count": count,
        "too_few": count < MIN_MEETINGS_PER_YEAR,
        "minimum": MIN_MEETINGS_PER_YEAR,
    }


PANELS: list[Callable[[Any], dict[str, Any] | None]] = [next_meeting]
