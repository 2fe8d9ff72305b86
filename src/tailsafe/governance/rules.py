"""Object rules of governance (docs/permissions.md): the leading co-chair's authority (§28).

``is_leading_cochair`` is the one check behind every approval of minutes, letters and
notifications of the group: the official of the co-chair term in force on the day of approval,
whose account belongs to the authority leading that year under the current rotation."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tailsafe.core.permissions import Perm, has_perm, require
from tailsafe.governance.cochair import leading_and_next, leading_cochair_user

if TYPE_CHECKING:
    from tailsafe.core.models import User


def is_leading_cochair(user: User, on_date: dt.date | None = None) -> bool:
    """True when `user` holds the leading co-chair's approval rights on `on_date` (default
    today): the term of that day's year, not of the item's (§21-22, §28)."""
    if not getattr(user, "is_authenticated", False) or not has_perm(user, Perm.CHAIR):
        return False
    leading = leading_cochair_user(on_date or timezone.localdate())
    return leading is not None and leading.pk == user.pk


def require_leading_cochair(user: User, refusal: str) -> None:
    """Refuse (PermissionDenied) anyone but the leading co-chair of today's term, with
    ``refusal``: the paper's own words, a translated text with ``%(year)s`` and
    ``%(authority)s`` (the year and the authority leading it). Minutes, letters and
    notifications of the group all approve through this one check (§22, §28)."""
    require(user, Perm.CHAIR)
    today = timezone.localdate()
    if not is_leading_cochair(user, today):
        lead, _next = leading_and_next(today.year)
        raise PermissionDenied(refusal % {"year": today.year, "authority": lead or "—"})
