"""Receivers of lower areas' signals (docs/architecture.md: meetings never imports follow-up)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.dispatch import receiver

from tailsafe.core.audit import save_with_audit
from tailsafe.followup.models import Recommendation
from tailsafe.followup.recommendations import register_from_minutes
from tailsafe.meetings.models import Minutes, Proposal
from tailsafe.meetings.signals import consensus_lost, minutes_approved

if TYPE_CHECKING:
    from tailsafe.core.models import User


@receiver(consensus_lost, dispatch_uid="followup-unadopt-on-consensus-lost")
def unadopt_recommendation(sender: Any, proposal: Proposal, user: User, **kwargs: Any) -> None:
    """The consensus that adopted the proposal no longer holds (§28, issue 15): the
    recommendation it produced goes back to "proposed"; its page and the dashboard show the
    flag (the proposal's ``consensus_lost_at``) until the meeting settles it again."""
    rec = Recommendation.objects.select_for_update().filter(proposal=proposal).first()
    if rec is None or rec.stage != Recommendation.Stage.ADOPTED:
        return
    rec.stage = Recommendation.Stage.PROPOSED
    rec.adopted_at = None
    save_with_audit(rec, user, "adoption no longer holds: consensus lost")


@receiver(minutes_approved, dispatch_uid="followup-register-on-minutes-approved")
def register_adopted(sender: Any, minutes: Minutes, user: User, **kwargs: Any) -> None:
    """A recommendation adopted by consensus in approved minutes is in the register (§27-28)."""
    register_from_minutes(user, minutes)
