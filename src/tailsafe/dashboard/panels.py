"""The dashboard's panels (P7). Each area contributes a function that returns a panel context;
the dashboard reads every area through its services and nothing below imports it."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from tailsafe.core import versioned
from tailsafe.correspondence.dashboard import PANELS as CORRESPONDENCE_PANELS
from tailsafe.dashboard.approvals import awaiting_approval
from tailsafe.facilities.dashboard import PANELS as FACILITIES_PANELS
from tailsafe.followup.dashboard import PANELS as FOLLOWUP_PANELS
from tailsafe.governance import services as governance
from tailsafe.inspections.dashboard import PANELS as INSPECTIONS_PANELS
from tailsafe.meetings.dashboard import PANELS as MEETINGS_PANELS
from tailsafe.monitoring.dashboard import PANELS as MONITORING_PANELS

if TYPE_CHECKING:
    from tailsafe.core.models import User

Panel = Callable[[Any], dict[str, Any] | None]


def cochairs(user: User) -> dict[str, Any]:
    year = timezone.localdate().year
    leading, nxt = governance.leading_and_next(year)
    return {
        "template": "dashboard/panel_cochairs.html",
        "year": year,
        "leading": leading,
        "next": nxt,
    }


def members(user: User) -> dict[str, Any]:
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

# Panels whose value is cached (core.versioned) until a save or delete of one of these models
# (issue 20): the hazard ranking's top five, priority 1 of the matrix, the overdue action items
# and recommendations (overdue by the date, in the key), the memberships, the co-chairs of the
# year and the letters awaiting approval. The alerts panel stays live (its overdue samples and
# chart data are cached under the readings' version, monitoring.services.queries) and so do
# the panels that change with the hour (the next meeting, adoptions not holding).
CACHED: dict[Panel, tuple[str, ...]] = {
    FACILITIES_PANELS[0]: (
        "facilities.Facility",
        "methodology.HazardAssessment",
        "methodology.ParameterSet",
    ),
    INSPECTIONS_PANELS[0]: (
        "facilities.Facility",
        "methodology.HazardAssessment",
        "methodology.ParameterSet",
        "methodology.QuestionBank",
        "methodology.Question",
        "inspections.Assessment",
        "inspections.Answer",
    ),
    # overdue is derived from the date, which is part of every cached panel's key
    FOLLOWUP_PANELS[0]: ("followup.ActionItem", "governance.Institution"),
    FOLLOWUP_PANELS[1]: (
        "followup.Recommendation",
        "governance.Institution",
        "facilities.Facility",
    ),
    members: ("governance.Membership", "governance.Institution", "governance.Person"),
    cochairs: ("governance.RotationConfig", "governance.Institution", "governance.CoChairTerm"),
    CORRESPONDENCE_PANELS[0]: (
        "correspondence.Letter",
        "governance.RotationConfig",
        "governance.Institution",
        "governance.CoChairTerm",
    ),
}


def _version_name(panel: Panel) -> str:
    return f"dashboard.{panel.__name__}"


def connect_versions() -> None:
    """Saves and deletes of the models a cached panel shows bump its version (apps ready)."""
    for panel, labels in CACHED.items():
        versioned.bump_on_save(_version_name(panel), [apps.get_model(m) for m in labels])


def _rendered(panel: Panel, user: User) -> dict[str, Any] | None:
    """A panel as HTML (its template rendered with its context), or None when not shown."""
    value = panel(user)
    if not value:
        return None
    return {
        "template": value["template"],
        "html": render_to_string(value["template"], {"panel": value}),
    }


def panels_for(user: User) -> list[dict[str, Any]]:
    """The panels the user sees, the cached ones as HTML from the cache of their own view (the
    user, their role and institution, today, the language) while nothing they show has
    changed."""
    current = versioned.versions(_version_name(p) for p in CACHED)
    scope = (
        getattr(user, "pk", None),
        getattr(user, "role", ""),
        getattr(user, "institution_id", None),
        timezone.localdate().isoformat(),
        get_language(),
    )
    shown = []
    for panel in PANELS:
        if panel in CACHED:
            name = _version_name(panel)
            value = versioned.cached(name, scope, [name], partial(_rendered, panel, user), current)
        else:
            value = panel(user)
        if value:
            shown.append(value)
    return shown
