"""Named write operations of the platform floor."""

from typing import Any

from django.conf import settings

from tailsafe.core.audit import save_with_audit


def set_user_language(user: Any, code: str) -> None:
    """Remember the interface language of a signed-in user (P1)."""
    if code not in dict(settings.LANGUAGES):
        raise ValueError(f"unsupported language {code!r}")
    if user.language != code:
        user.language = code
        save_with_audit(user, user, "language changed")
