"""Dashboard panels of correspondence: letters awaiting the leading co-chair, and the term
report (handover pack) for the leading and the next co-chair (§22-24)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from tailsafe.core.permissions import Perm, has_perm
from tailsafe.correspondence.models import Letter
from tailsafe.governance import services as governance
from tailsafe.governance.rules import is_leading_cochair

if TYPE_CHECKING:
    from tailsafe.core.models import User


def letters_and_handover(user: User) -> dict[str, Any] | None:
    if not has_perm(user, Perm.VIEW_INTERNAL):
        return None
    year = timezone.localdate().year
    _leading, nxt = governance.leading_and_next(year)
    institution_id = getattr(user, "institution_id", None)
    is_next = (
        has_perm(user, Perm.CHAIR)
        and nxt is not None
        and institution_id is not None
        and institution_id == nxt.pk
    )
    is_leading = is_leading_cochair(user)
    waiting = Letter.objects.filter(status=Letter.Status.SUBMITTED).count()
    return {
        "template": "correspondence/panel_letters.html",
        "year": year,
        "waiting": waiting,
        "is_leading": is_leading,
        "is_next": is_next,
        "show_handover": is_next or is_leading or has_perm(user, Perm.MANAGE_CORRESPONDENCE),
    }


PANELS: list[Callable[[Any], dict[str, Any] | None]] = [letters_and_handover]
