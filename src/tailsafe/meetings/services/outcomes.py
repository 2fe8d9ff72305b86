"""The consensus outcome of proposals, stored and recomputed whenever a position or the
attendance changes (§28, issue 15). An adopted proposal whose consensus no longer holds is
flagged (``consensus_lost_at``) and ``signals.consensus_lost`` is sent."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tailsafe.core.audit import save_with_audit
from tailsafe.governance.models import Institution
from tailsafe.meetings import consensus, signals
from tailsafe.meetings.models import Meeting, Minutes, Position, Proposal
from tailsafe.meetings.services.queries import present_institutions

if TYPE_CHECKING:
    from tailsafe.core.models import User


def active_positions(proposal: Proposal) -> QuerySet[Position]:
    """The positions that count: recorded and not withdrawn."""
    return proposal.positions.filter(withdrawn_at__isnull=True)


def outcome(proposal: Proposal) -> consensus.Outcome:
    """The consensus outcome over the institutions present (§28): declared when every present
    institution has a position or the chair put the question; adopted when declared, none
    objects and at least one supports (or the question was put without objection)."""
    present = {i.key for i in present_institutions(proposal.item.minutes.meeting)}
    positions = {
        p.institution.key: p.position
        for p in active_positions(proposal).select_related("institution")
    }
    return consensus.decide(positions, present, proposal.put_without_objection)


def recompute(user: User, proposal: Proposal) -> consensus.Outcome:
    """Store the proposal's outcome again. An adopted proposal that is no longer adopted is
    flagged and ``consensus_lost`` is sent (the recommendation it produced is un-adopted);
    one adopted again loses the flag. Runs inside the caller's transaction."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    result = outcome(locked)
    lost = locked.adopted and not result.adopted
    regained = result.adopted and locked.consensus_lost_at is not None
    if locked.adopted == result.adopted and not regained:
        return result
    locked.adopted = result.adopted
    if lost:
        locked.consensus_lost_at = timezone.now()
    if regained:
        locked.consensus_lost_at = None
    save_with_audit(locked, user, "consensus outcome recomputed")
    proposal.adopted, proposal.consensus_lost_at = locked.adopted, locked.consensus_lost_at
    if lost:
        signals.consensus_lost.send(sender=Proposal, proposal=locked, user=user)
    return result


def open_proposals(meeting: Meeting) -> QuerySet[Proposal]:
    """Proposals in minutes of the meeting not yet approved: the ones attendance still moves."""
    return Proposal.objects.filter(item__minutes__meeting=meeting).exclude(
        item__minutes__status=Minutes.Status.APPROVED
    )


def recompute_meeting(user: User, meeting: Meeting) -> None:
    """Recompute every open proposal of the meeting (after a change of attendance)."""
    for proposal in open_proposals(meeting).order_by("pk"):
        recompute(user, proposal)


def check_attendance_change(meeting: Meeting, leaving: Iterable[Institution]) -> None:
    """Attendance cannot change once positions are recorded (§28, issue 15): an institution
    with a position on an open proposal cannot be marked absent unless that position is first
    withdrawn with a reason. Raises ValidationError naming the institutions; nothing changes."""
    leaving_ids = {i.pk for i in leaving}
    if not leaving_ids:
        return
    holding = (
        Position.objects.filter(
            proposal__in=open_proposals(meeting),
            institution_id__in=leaving_ids,
            withdrawn_at__isnull=True,
        )
        .values_list("institution_id", flat=True)
        .distinct()
    )
    names = [str(i) for i in Institution.objects.filter(pk__in=holding).order_by("name_ru")]
    if names:
        raise ValidationError(
            _(
                "Positions are recorded for %(institutions)s on proposals of this meeting: "
                "attendance cannot change. Withdraw those positions with a reason first (§28)."
            )
            % {"institutions": ", ".join(names)}
        )
