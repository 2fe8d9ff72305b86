"""Named write operations of the platform floor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings

from tailsafe.core.audit import save_with_audit

if TYPE_CHECKING:
    from tailsafe.core.models import User


def set_user_language(user: User, code: str) -> None:
    """Remember the interface language of a signed-in user (P1)."""
    if code not in dict(settings.LANGUAGES):
        raise ValueError(f"unsupported language {code!r}")
    if user.language != code:
        user.language = code
        save_with_audit(user, user, "language changed")
