"""The cache of the public pages (the page, the Atom feed, the CAP documents), which survives
a rush during an incident and is invalidated at once by any change to what is published
(issue 19, item 6).

It is core.versioned's, the one cache mechanism of the platform (the dashboard's panels use
it too): every value depends on the version "public", which public/signals.py bumps inside
the writer's transaction on each save or delete of published material, so readers in every
process see the change the moment it commits and never before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tailsafe.core import versioned

VERSION = "public"


def bump() -> None:
    """Everything cached is stale once the writer's transaction commits, in every process."""
    versioned.bump(VERSION)


def cached(key: str, build: Callable[[], Any]) -> Any:
    """The value built for ``key`` under the current version (built now if stale)."""
    return versioned.cached(f"public:{key}", (), [VERSION], build)
