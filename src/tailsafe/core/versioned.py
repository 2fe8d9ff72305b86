"""Cached aggregates keyed by versions kept in the database (issue 20, item 2).

A cached value is stored (Django's configured cache) under its name, its scope (whose view it
is) and the current versions of what it depends on; a write that changes one of those adds one
to its version (`bump`, in the writer's transaction), so the next reader in any process builds
a new value. Readers pay one indexed query for the versions, whatever the number of values.
Connect writes to versions with `bump_on_save`: saves and deletes of the models given.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any, cast

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from tailsafe.core.models import CacheVersion

TIMEOUT_S = 3600  # a bound on memory only: correctness comes from the versions
PREFIX = "versioned"


def bump(*names: str) -> None:
    """Add one to each version (created at 1 the first time)."""
    for name in names:
        if CacheVersion.objects.filter(name=name).update(version=F("version") + 1):
            continue
        try:
            with transaction.atomic():
                CacheVersion.objects.create(name=name, version=1)
        except IntegrityError:  # created meanwhile by another writer
            CacheVersion.objects.filter(name=name).update(version=F("version") + 1)


def versions(names: Iterable[str]) -> dict[str, int]:
    wanted = sorted(set(names))
    found = dict(CacheVersion.objects.filter(name__in=wanted).values_list("name", "version"))
    return {name: found.get(name, 0) for name in wanted}


KEY_MAX = 200
"""Longer keys (a scope holding the rows a page shows) end in a digest of their scope: cache
backends limit key length (memcached: 250)."""


def key(name: str, scope: Iterable[Any], current: dict[str, int]) -> str:
    shown = ":".join(str(s) for s in scope)
    parts = [PREFIX, name, shown, *(f"{n}={v}" for n, v in current.items())]
    joined = ":".join(parts).replace(" ", "_")
    if len(joined) <= KEY_MAX:
        return joined
    parts[2] = hashlib.sha256(shown.encode()).hexdigest()
    return ":".join(parts).replace(" ", "_")


def cached[T](
    name: str,
    scope: Iterable[Any],
    depends_on: Iterable[str],
    compute: Callable[[], T],
    current: dict[str, int] | None = None,
) -> T:
    """`compute()` once per scope and versions of `depends_on`; `current` saves the versions
    query when the caller has read them for several values at once."""
    if current is None:
        current = versions(depends_on)
    else:
        current = {n: current.get(n, 0) for n in sorted(set(depends_on))}
    cache_key = key(name, scope, current)
    cached = cache.get(cache_key)
    if cached is not None:
        return cast(T, cached)
    value = compute()
    cache.set(cache_key, value, TIMEOUT_S)
    return value


def bump_on_save(name: str, models: Iterable[type[Model]]) -> None:
    """Every save or delete of one of `models`, and every change of one of their many-to-many
    relations (an action item's responsible institutions), bumps the version `name`."""

    def handler(sender: Any, **kwargs: Any) -> None:
        if kwargs.get("raw"):  # fixtures loading
            return
        if kwargs.get("action", "post_").startswith("pre_"):  # m2m_changed: after, not before
            return
        bump(name)

    for model in models:
        post_save.connect(handler, sender=model, weak=False, dispatch_uid=f"{name}:{model}")
        post_delete.connect(handler, sender=model, weak=False, dispatch_uid=f"{name}-d:{model}")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                handler, sender=through, weak=False, dispatch_uid=f"{name}-m:{through}"
            )
