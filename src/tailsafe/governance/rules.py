"""Object rules of governance (docs/permissions.md): the leading co-chair's authority (§28).

``is_leading_cochair`` is the one check behind every approval of minutes, letters and
notifications of the group: the official of the co-chair term in force on the day of approval,
whose account belongs to the authority leading that year under the current rotation."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from tailsafe.core.permissions import Perm, has_perm
from tailsafe.governance.cochair import leading_cochair_user

if TYPE_CHECKING:
    from tailsafe.core.models import User


def is_leading_cochair(user: User, on_date: dt.date | None = None) -> bool:
    """True when `user` holds the leading co-chair's approval rights on `on_date` (default
    today): the term of that day's year, not of the item's (§21-22, §28)."""
    if not getattr(user, "is_authenticated", False) or not has_perm(user, Perm.CHAIR):
        return False
    leading = leading_cochair_user(on_date or timezone.localdate())
    return leading is not None and leading.pk == user.pk
