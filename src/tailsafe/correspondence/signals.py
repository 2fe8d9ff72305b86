"""Receivers of lower areas' signals (docs/architecture.md: governance never imports this)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from tailsafe.correspondence.handover import hand_over_approvals
from tailsafe.governance.signals import leading_cochair_changed


@receiver(leading_cochair_changed, dispatch_uid="correspondence-hand-over-approvals")
def move_waiting_items(sender: Any, **kwargs: Any) -> None:
    """A new rotation order or term: waiting letters and minutes follow the approval rights."""
    hand_over_approvals()
