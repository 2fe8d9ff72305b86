"""A per-process cache of the public pages (the page, the Atom feed, the CAP documents) that
survives a rush during an incident and is invalidated within a second of any change to what is
published (issue 19, item 6).

Invalidation is cross-process without a shared cache server: ``bump()`` (called by the
receivers in public/signals.py on every save or delete of published material) rewrites a stamp
file under MEDIA_ROOT; each request compares the stamp's modification time (one stat call) with
the one its cached copy was built under. Entries also expire after MAX_AGE seconds as a guard.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings

MAX_AGE = 60.0
_lock = threading.Lock()
_entries: dict[str, tuple[int, float, Any]] = {}


def _stamp() -> Path:
    return Path(settings.MEDIA_ROOT) / ".public-cache-stamp"


def generation() -> int:
    try:
        return os.stat(_stamp()).st_mtime_ns
    except FileNotFoundError:
        return 0


def bump() -> None:
    """Everything cached is stale from now on, in every process."""
    path = _stamp()
    path.parent.mkdir(parents=True, exist_ok=True)
    now = time.time_ns()
    # a strictly newer mtime even when two bumps fall in the same clock tick
    now = max(now, generation() + 1)
    path.touch()
    os.utime(path, ns=(now, now))
    with _lock:
        _entries.clear()


def cached(key: str, build: Callable[[], Any]) -> Any:
    """The value built for ``key`` under the current generation (built now if stale)."""
    gen = generation()
    hit = _entries.get(key)
    if hit is not None and hit[0] == gen and hit[1] > time.monotonic():
        return hit[2]
    value = build()
    with _lock:
        _entries[key] = (gen, time.monotonic() + MAX_AGE, value)
    return value
