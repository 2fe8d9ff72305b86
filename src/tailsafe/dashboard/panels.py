"""The dashboard's panels (P7). Each area contributes a function that returns a panel context;
the dashboard reads every area through its services and nothing below imports it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from tailsafe.correspondence.dashboard import PANELS as CORRESPONDENCE_PANELS
from tailsafe.dashboard.approvals import awaiting_approval
from tailsafe.facilities.dashboard import PANELS as FACILITIES_PANELS
from tailsafe.followup.dashboard import PANELS as FOLLOWUP_PANELS
from tailsafe.governance import services as governance
from tailsafe.inspections.dashboard import PANELS as INSPECTIONS_PANELS
from tailsafe.meetings.dashboard import PANELS as MEETINGS_PANELS
from tailsafe.monitoring.dashboard import PANELS as MONITORING_PANELS

Panel = Callable[[Any], dict[str, Any] | None]


def cochairs(user: Any) -> dict[str, Any]:
    year = timezone.localdate().year
    leading, nxt = governance.leading_and_next(year)
    return {
        "template": "dashboard/panel_cochairs.html",
        "year": year,
        "leading": leading,
        "next": nxt,
    }


def members(user: Any) -> dict[str, Any]:
    return {
        "template": "dashboard/panel_members.html",
        "expiring": governance.expiring_memberships(),
        "without_member": governance.institutions_without_member(),
    }


PANELS: list[Panel] = [
    awaiting_approval,
    cochairs,
    *MEETINGS_PANELS,
    *FOLLOWUP_PANELS,
    *MONITORING_PANELS,
    *FACILITIES_PANELS,
    *INSPECTIONS_PANELS,
    *CORRESPONDENCE_PANELS,
    members,
]
