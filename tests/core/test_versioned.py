"""Cached aggregates keyed by versions in the database (core/versioned.py)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from tailsafe.core import versioned
from tailsafe.core.models import CacheVersion, Heartbeat

pytestmark = pytest.mark.django_db


def test_cached_until_bumped() -> None:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert versioned.cached("x", ["a"], ["x"], compute) == 1
    assert versioned.cached("x", ["a"], ["x"], compute) == 1  # cached
    assert versioned.cached("x", ["b"], ["x"], compute) == 2  # another scope
    versioned.bump("x")
    assert CacheVersion.objects.get(name="x").version == 1
    assert versioned.cached("x", ["a"], ["x"], compute) == 3  # built anew
    versioned.bump("x", "y")
    assert versioned.versions(["x", "y", "z"]) == {"x": 2, "y": 1, "z": 0}


def test_a_save_bumps_the_version_another_process_reads() -> None:
    versioned.bump_on_save("test.heartbeat", [Heartbeat])
    assert versioned.cached("h", [], ["test.heartbeat"], lambda: "old") == "old"
    try:
        Heartbeat.objects.create()
    finally:
        post_save.disconnect(sender=Heartbeat, dispatch_uid=f"test.heartbeat:{Heartbeat}")
        post_delete.disconnect(sender=Heartbeat, dispatch_uid=f"test.heartbeat-d:{Heartbeat}")
    # another process has its own (empty or old) cache; it reads the version from the database
    assert versioned.versions(["test.heartbeat"]) == {"test.heartbeat": 1}
    assert versioned.cached("h", [], ["test.heartbeat"], lambda: "new") == "new"
    cache.clear()
    assert versioned.cached("h", [], ["test.heartbeat"], lambda: "rebuilt") == "rebuilt"


def test_a_long_scope_is_keyed_by_its_digest() -> None:
    rows = [(pk, pk * 2) for pk in range(200)]  # the rows a page shows
    long_key = versioned.key("x", ["en", rows], {"x": 1})
    assert len(long_key) < 120
    assert long_key != versioned.key("x", ["en", rows[:-1]], {"x": 1})
    assert versioned.key("x", ["en"], {"x": 1}) == "versioned:x:en:x=1"
