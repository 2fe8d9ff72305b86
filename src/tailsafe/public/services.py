"""The public transparency page (P4, Aarhus Convention): only what the secretariat published.

Every item has a "published" switch owned by the secretariat (Perm.PUBLISH). The queries here
are the only way the public page and the public API read data, so nothing unpublished leaks.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tailsafe.core.audit import save_with_audit
from tailsafe.core.permissions import Perm, require
from tailsafe.facilities.models import Facility
from tailsafe.followup.models import Recommendation
from tailsafe.meetings.models import Meeting
from tailsafe.monitoring.models import AlertEvent


def published_facilities() -> QuerySet[Facility]:
    return Facility.objects.filter(published=True, archived_at__isnull=True)


def published_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.filter(summary_published=True).order_by("-starts_at")


def published_recommendations() -> QuerySet[Recommendation]:
    """Adopted recommendations the secretariat published, with their status (§27, A2)."""
    return (
        Recommendation.objects.filter(published=True, stage=Recommendation.Stage.ADOPTED)
        .select_related("addressee", "facility")
        .order_by("due_date", "id")
    )


def published_alerts() -> QuerySet[AlertEvent]:
    """Alerts published as public warnings (CAP 1.2), newest first (§27, T7)."""
    return (
        AlertEvent.objects.filter(published=True)
        .exclude(to_level="normal")
        .select_related("series__point__facility", "series__parameter")
        .order_by("-opened_at")
    )


# kind -> (model, field of the switch)
SWITCHES: dict[str, tuple[Any, str]] = {
    "facility": (Facility, "published"),
    "meeting": (Meeting, "summary_published"),
    "recommendation": (Recommendation, "published"),
    "alert": (AlertEvent, "published"),
}


@transaction.atomic
def set_published(user: Any, kind: str, pk: int, published: bool) -> Any:
    """Switch one item on or off the public page (secretariat; audited)."""
    require(user, Perm.PUBLISH)
    if kind not in SWITCHES:
        raise ValidationError(_("Unknown kind of item."))
    model, field = SWITCHES[kind]
    obj = model.objects.select_for_update().filter(pk=pk).first()
    if obj is None:
        raise ValidationError(_("No such item."))
    if kind == "facility" and published and obj.archived_at is not None:
        raise ValidationError(_("An archived facility cannot be published."))
    if kind == "recommendation" and published and obj.stage != Recommendation.Stage.ADOPTED:
        raise ValidationError(_("Only recommendations adopted by the group can be published."))
    if kind == "alert" and published and obj.to_level == "normal":
        raise ValidationError(_("A return to normal is not a warning to publish."))
    setattr(obj, field, published)
    reason = _("published on the public page") if published else _("withdrawn from public page")
    if hasattr(model, "history"):
        save_with_audit(obj, user, reason)
    else:
        obj.save(update_fields=[field])
    return obj
