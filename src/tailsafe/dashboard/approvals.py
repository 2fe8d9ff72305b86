"""The co-chair's panel: what waits for their approval (issue 15, item 6; §22, §28).

Minutes circulated for comments wait for the leading co-chair of their meeting's year, letters
submitted for approval for the leading co-chair of the day. Who that is, is asked of the rule
each area already enforces on approval (`check_leading_cochair`), never decided again here."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from tailsafe.core.permissions import Perm, has_perm
from tailsafe.correspondence import services as correspondence
from tailsafe.correspondence.models import Letter
from tailsafe.meetings import services as meetings
from tailsafe.meetings.models import Minutes

if TYPE_CHECKING:
    from tailsafe.core.models import User


def _allowed(check: Callable[[], None]) -> bool:
    try:
        check()
    except PermissionDenied:
        return False
    return True


def awaiting_approval(user: User) -> dict[str, Any] | None:
    """Minutes and letters the user, as the leading co-chair, is to approve (co-chairs only)."""
    if not has_perm(user, Perm.CHAIR):
        return None
    circulated = Minutes.objects.filter(status=Minutes.Status.CIRCULATED).select_related("meeting")
    leads: dict[int, bool] = {}  # one look-up of the term per year
    minutes = []
    for m in circulated.order_by("meeting__starts_at", "version"):
        year = m.meeting.year
        if year not in leads:
            leads[year] = _allowed(partial(meetings.check_leading_cochair, user, m.meeting))
        if leads[year]:
            minutes.append(m)
    letters: list[Letter] = []
    if _allowed(partial(correspondence.check_leading_cochair, user)):
        letters = list(Letter.objects.filter(status=Letter.Status.SUBMITTED).order_by("date", "pk"))
    return {
        "template": "dashboard/panel_approvals.html",
        "minutes": minutes,
        "letters": letters,
    }
