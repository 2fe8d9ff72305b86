"""Reference and demo data of this area; idempotent."""

from typing import Any


def load(users: dict[str, Any] | None) -> None:
    """Load reference data (always) and demo data (when users is not None)."""
