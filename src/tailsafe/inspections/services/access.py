"""Who may see, fill and edit an assessment."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tailsafe.core.permissions import Perm, has_perm, require_can
from tailsafe.facilities import rules as facility_rules
from tailsafe.inspections import rules
from tailsafe.inspections.models import (
    Assessment,
)

if TYPE_CHECKING:
    from tailsafe.core.models import User
    from tailsafe.core.typing import AnyUser

# --- access -----------------------------------------------------------------------------------


def is_own_facility(user: User, facility: Any) -> bool:
    return facility_rules.is_own_facility(user, facility)


def can_view(user: User, assessment: Assessment) -> bool:
    """Operators see only assessments of their own facilities; the group sees all."""
    return rules.can_view(user, assessment)


def check_view(user: User, assessment: Assessment) -> None:
    require_can(
        user, "view", assessment, _("You can open only the assessments of your own facilities.")
    )


def can_fill(user: User, kind: str, facility: Any) -> bool:
    """Self-assessments: the facility's operator (SELF_ASSESS, own facility) or an admin;
    authority assessments: inspectors (INSPECT)."""
    if kind == Assessment.Kind.SELF:
        return rules.can_self_assess(user, facility)
    if kind == Assessment.Kind.AUTHORITY:
        return has_perm(user, Perm.INSPECT)
    return False


def can_edit(user: User, assessment: Assessment) -> bool:
    return rules.can_edit(user, assessment)


def visible_assessments(user: AnyUser) -> QuerySet[Assessment]:
    return rules.assessments_visible_to(
        user, Assessment.objects.select_related("facility", "bank", "parameter_set")
    )
