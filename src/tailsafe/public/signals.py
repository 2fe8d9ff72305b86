"""Invalidate the public cache when anything that may be published changes (issue 19, item 6).

The receivers live here, at the top floor: lower areas (monitoring, transboundary, facilities)
never import public; they send Django's model signals and monitoring's alerts_opened."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from tailsafe.monitoring.signals import alerts_opened
from tailsafe.public import cache

WATCHED = (
    "facilities.Facility",
    "meetings.Meeting",
    "followup.Recommendation",
    "monitoring.AlertEvent",
    "transboundary.CapMessage",
    "transboundary.Drill",
)


def _bump(**kwargs: Any) -> None:
    if kwargs.get("raw"):  # fixtures loading
        return
    cache.bump()  # in the writer's transaction: readers see it when the change commits


def connect() -> None:
    from django.apps import apps

    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(_bump, sender=model, dispatch_uid=f"public-cache-save-{label}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"public-cache-del-{label}")
    alerts_opened.connect(_bump, dispatch_uid="public-cache-alerts-opened")
