"""Programme configuration (T6): a series' thresholds and limits, an institution's column
mapping."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from tailsafe.core.audit import save_if_changed, save_with_audit
from tailsafe.core.permissions import Perm, require, require_can
from tailsafe.monitoring.models import (
    ColumnMapping,
    PointParameter,
)

if TYPE_CHECKING:
    from tailsafe.core.models import User

# --- programme configuration (T6) ----------------------------------------------------------


@transaction.atomic
def configure_series(user: User, pp: PointParameter, data: dict[str, Any]) -> PointParameter:
    """Set a series' norm, sampling interval and TARP thresholds, checked in order (T7)."""
    require(user, Perm.MANAGE_MONITORING)
    locked = PointParameter.objects.select_for_update().get(pk=pp.pk)
    notified = data.pop("notified", None)
    for key, value in data.items():
        setattr(locked, key, value)
    locked.full_clean()
    save_with_audit(locked, user, "thresholds configured")
    if notified is not None:
        locked.notified.set(notified)
    return locked


@transaction.atomic
def save_mapping(user: User, mapping: ColumnMapping) -> ColumnMapping:
    """Remember how a laboratory lays out its files. A mapping belongs to the institution that
    made it: only its users and the secretariat change it (monitoring.rules.can_edit_mapping);
    others copy it under another name (issue 14, item 7)."""
    require(user, Perm.SUBMIT_OBSERVATIONS)
    if mapping.pk is not None:
        stored = ColumnMapping.objects.select_for_update().get(pk=mapping.pk)
        require_can(
            user,
            "edit",
            stored,
            _(
                "This column mapping belongs to another institution: copy it or ask the "
                "secretariat."
            ),
        )
        mapping.owner_id = stored.owner_id
    elif mapping.owner_id is None:
        mapping.owner_id = getattr(user, "institution_id", None)
    mapping.full_clean()
    save_if_changed(mapping, user, "column mapping saved")
    return mapping
