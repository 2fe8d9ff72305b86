"""Dashboard panels of this area (see dashboard/panels.py)."""

from collections.abc import Callable
from typing import Any

PANELS: list[Callable[[Any], dict[str, Any] | None]] = []
