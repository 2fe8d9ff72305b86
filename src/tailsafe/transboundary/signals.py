"""Receivers: monitoring tells (monitoring.signals), transboundary acts; monitoring never
imports this app (docs/architecture.md)."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from tailsafe.correspondence.models import Letter
from tailsafe.monitoring.signals import alerts_opened

logger = logging.getLogger(__name__)


@receiver(alerts_opened, dispatch_uid="transboundary-alerts-opened")
def alerts_opened_received(sender: Any, events: Any = (), **kwargs: Any) -> None:
    """Hand the warnings to the background worker: it issues their first CAP messages and
    drafts the early warnings due (transboundary.tasks; at once in tests)."""
    from tailsafe.transboundary.tasks import warn_on_alerts_task

    ids = [e.pk for e in events if e.to_level != "normal"]
    if ids:
        warn_on_alerts_task.enqueue(ids)


@receiver(post_save, sender=Letter, dispatch_uid="transboundary-letter-approved")
def letter_saved(sender: Any, instance: Letter, **kwargs: Any) -> None:
    """A notice's letter approved on the correspondence page is sent once committed."""
    if instance.status == Letter.Status.APPROVED and instance.on_behalf_of_group:
        from tailsafe.transboundary import services

        letter_id = instance.pk
        transaction.on_commit(lambda: services.letter_approved(letter_id))
