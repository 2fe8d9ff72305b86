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
from tailsafe.meetings.models import Meeting


def published_facilities() -> QuerySet[Facility]:
    return Facility.objects.filter(published=True, archived_at__isnull=True)


def published_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.filter(summary_published=True).order_by("-starts_at")


# kind -> (model, field of the switch)
SWITCHES: dict[str, tuple[Any, str]] = {
    "facility": (Facility, "published"),
    "meeting": (Meeting, "summary_published"),
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
    setattr(obj, field, published)
    reason = _("published on the public page") if published else _("withdrawn from public page")
    if hasattr(model, "history"):
        save_with_audit(obj, user, reason)
    else:
        obj.save(update_fields=[field])
    return obj
