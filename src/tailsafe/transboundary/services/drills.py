"""Drills of the warning chain and their reports (item 4)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tailsafe.core.permissions import Perm, require
from tailsafe.facilities.models import Facility
from tailsafe.monitoring.models import AlertEvent
from tailsafe.transboundary import rules
from tailsafe.transboundary.models import (
    Drill,
    Notice,
)
from tailsafe.transboundary.services.base import OPENING_LEVELS
from tailsafe.transboundary.services.drafting import draft_notice

if TYPE_CHECKING:
    from tailsafe.core.models import User

# --- drills (item 4) ----------------------------------------------------------------------


@transaction.atomic
def start_drill(user: User, facility: Facility, level: str = "emergency") -> Drill:
    """A joint exercise (Annex IX §4): an EXERCISE alert at the facility's exercise point
    (a demo point, so it is never Actual and never counted), which runs the whole chain."""
    from tailsafe.monitoring.models import MonitoringPoint, Parameter, PointParameter

    require(user, Perm.MANAGE_CORRESPONDENCE)
    if level not in OPENING_LEVELS:
        raise ValidationError(_("A drill starts at alarm or emergency."))
    point, _new = MonitoringPoint.objects.get_or_create(
        code=f"exercise-{facility.code}"[:40],
        defaults={
            "facility": facility,
            "name": "EXERCISE",
            "kind": "freeboard",
            "is_demo": True,
        },
    )
    parameter = Parameter.objects.filter(code="freeboard").first() or Parameter.objects.first()
    if parameter is None:
        raise ValidationError(_("No monitoring parameter is defined."))
    pp, _new = PointParameter.objects.get_or_create(point=point, parameter=parameter)
    event = AlertEvent.objects.create(
        series=pp,
        from_level="normal",
        to_level=level,
        opened_at=timezone.now(),
        note="EXERCISE",
        exercise=True,
    )
    drill = Drill.objects.create(facility=facility, event=event, started_by=user)
    # a drill tests the chain wherever the secretariat chose to run it: drafted whatever the
    # border verdict, and the first CAP message (status Exercise) issued at once
    draft_notice(None, event, Notice.Kind.EARLY_WARNING)
    from tailsafe.transboundary import cap

    cap.current(event)
    return drill


def drill_report(drill: Drill) -> dict[str, Any]:
    """Times from the alert to the draft, the approval and the sending, and who acted."""
    start = drill.event.opened_at
    first = Notice.objects.filter(event=drill.event, first__isnull=True).order_by("id").first()

    def since(value: dt.datetime | None) -> float | None:
        return None if value is None else round((value - start).total_seconds() / 60, 1)

    return {
        "drill": drill,
        "notice": first,
        "draft_min": since(first.created_at) if first else None,
        "submitted_min": since(first.submitted_at) if first else None,
        "approved_min": since(first.approved_at) if first else None,
        "sent_min": since(first.sent_at) if first else None,
        "approved_by": first.approved_by if first else None,
        "deliveries": list(first.deliveries.select_related("body")) if first else [],
        "started_by": drill.started_by,
    }


def statistics() -> dict[str, int]:
    """Counts for reports: real notifications only, exercises excluded (Annex IX §4 drills
    are tests of the chain, not events)."""
    real = Notice.objects.filter(exercise=False)
    return {
        "sent": real.filter(status=Notice.Status.SENT).count(),
        "early_warnings": real.filter(kind=Notice.Kind.EARLY_WARNING).count(),
        "drills": Drill.objects.count(),
    }


def require_manage(user: User) -> None:
    if not rules.can_manage(user):
        raise PermissionDenied
