"""M5 consensus proposals and each institution's position (§28)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tailsafe.core.audit import save_with_audit
from tailsafe.core.permissions import Perm, has_perm, require
from tailsafe.governance.models import Institution
from tailsafe.meetings import consensus
from tailsafe.meetings.models import (
    Minutes,
    MinutesItem,
    Position,
    Proposal,
)
from tailsafe.meetings.services.minutes import _check_editable, save_minutes
from tailsafe.meetings.services.outcomes import outcome, recompute
from tailsafe.meetings.services.queries import present_institutions

if TYPE_CHECKING:
    from tailsafe.core.models import User

__all__ = [
    "add_proposal",
    "outcome",
    "record_position",
    "record_positions",
    "record_question_put",
    "save_minutes_with_proposals",
    "withdraw_position",
]


@transaction.atomic
def add_proposal(user: User, item: MinutesItem, *, text: str, kind: str) -> Proposal:
    """Put a decision or recommendation to the meeting for consensus (§28)."""
    require(user, Perm.MANAGE_MEETINGS)
    _check_editable(item.minutes)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the proposal.")})
    proposal = Proposal(item=item, text=text, kind=kind)
    proposal.full_clean()
    save_with_audit(proposal, user, "proposal added")
    return proposal


@transaction.atomic
def save_minutes_with_proposals(
    user: User,
    minutes: Minutes,
    data: dict[int, dict[str, str]],
    expected_revision: int,
    proposals: dict[int, tuple[str, str]],
) -> list[Proposal]:
    """Save the whole minutes page with one action (M4; issue 15: nothing typed is lost): the
    text of every section and every proposal typed on the page, in one transaction. If the
    minutes were saved by someone else meanwhile, nothing is written (save_minutes raises
    StaleMinutes) and the caller puts everything typed back on the screen. Returns the
    proposals added."""
    save_minutes(user, minutes, data, expected_revision)
    added = []
    for item_pk, (kind, text) in proposals.items():
        if not (text or "").strip():
            continue
        item = MinutesItem.objects.filter(pk=item_pk, minutes=minutes).first()
        if item is None:
            raise ValidationError(_("A section of these minutes does not exist."))
        added.append(add_proposal(user, item, text=text, kind=kind))
    return added


@transaction.atomic
def record_position(
    user: User, proposal: Proposal, institution: Institution, position: str, reason: str = ""
) -> Position:
    """Record an institution's position: support, stand aside or object; standing aside or
    objecting needs a reason (§28, M5). Only institutions present at the meeting take part.
    The secretariat records any institution's position; a member only their own. Every change
    is kept in the history; no votes are counted. The proposal's outcome is recomputed: a
    later objection un-adopts an adopted proposal and flags it (issue 15)."""
    _check_may_state(user, institution)
    minutes = proposal.item.minutes
    _check_editable(minutes)
    if position not in consensus.POSITIONS:
        raise ValidationError({"position": _("Choose support, stand aside or object.")})
    reason = (reason or "").strip()
    if position != consensus.SUPPORT and not reason:
        raise ValidationError(
            {"reason": _("Give the reason for standing aside or objecting (§28).")}
        )
    if institution not in present_institutions(minutes.meeting):
        raise ValidationError(
            {
                "institution": _(
                    "%(institution)s was not present at the meeting; mark attendance first."
                )
                % {"institution": institution}
            }
        )
    row = Position.objects.select_for_update().filter(
        proposal=proposal, institution=institution
    ).first() or Position(proposal=proposal, institution=institution)
    if row.pk and row.withdrawn_at is None and row.position == position and row.reason == reason:
        return row
    row.position = position
    row.reason = reason if position != consensus.SUPPORT else ""
    row.recorded_by = user
    row.recorded_at = timezone.now()
    row.withdrawn_at = None
    row.withdrawal_reason = ""
    save_with_audit(row, user, "position recorded")
    recompute(user, proposal)
    return row


Seen = tuple[str, str]
"""(position, reason) of an institution as the page showed it; ("", "") for none."""


@transaction.atomic
def record_positions(
    user: User,
    proposal: Proposal,
    entries: list[tuple[Institution, str, str, Seen | None]],
) -> dict[int, str]:
    """Record the positions of a positions page: (institution, position, reason, seen) per
    row, `seen` being the stored position the page was opened on (None: not known). A row left
    as it was seen is not written, so a page opened earlier never overwrites a position
    recorded since (a later objection stays). A row changed on the page whose stored position
    also changed since it was opened is stale: then nothing at all is saved and a
    ValidationError keyed by the institution's pk says what it is now (issue 15: consensus
    cannot be manufactured from a stale page). Returns the error of each institution (by pk)
    whose row was not saved."""
    Proposal.objects.select_for_update().get(pk=proposal.pk)  # one positions save at a time
    stored: dict[int, Seen] = {
        p.institution_id: (p.position, p.reason)
        for p in proposal.positions.filter(withdrawn_at__isnull=True)
    }
    names = dict(Position.Value.choices)
    stale: dict[int, str] = {}
    for institution, value, reason, seen in entries:
        now = stored.get(institution.pk, ("", ""))
        if seen is not None and (value, reason) != seen and now != seen:
            stale[institution.pk] = _(
                "The position of %(institution)s was changed by someone else after you "
                "opened this page; it is now: %(now)s. Nothing was saved: check and save "
                "again."
            ) % {
                "institution": institution,
                "now": " — ".join(x for x in (str(names.get(now[0], "—")), now[1]) if x),
            }
    if stale:
        raise ValidationError({str(pk): message for pk, message in stale.items()})
    errors: dict[int, str] = {}
    for institution, value, reason, seen in entries:
        if not value or (seen is not None and (value, reason) == seen):
            continue
        try:
            record_position(user, proposal, institution, value, reason)
        except ValidationError as exc:
            errors[institution.pk] = " ".join(exc.messages)
    return errors


def _check_may_state(user: User, institution: Institution) -> None:
    require(user, Perm.STATE_POSITION)
    if not has_perm(user, Perm.MANAGE_MEETINGS) and user.institution_id != institution.pk:
        raise PermissionDenied(_("You may state the position of your own institution only."))


@transaction.atomic
def withdraw_position(user: User, position: Position, reason: str) -> Position:
    """Withdraw a recorded position with a reason (§28, issue 15): the only way to let the
    attendance of its institution change once positions are recorded. The position stays in
    the history; the proposal's outcome is recomputed."""
    _check_may_state(user, position.institution)
    locked = (
        Position.objects.select_for_update().select_related("proposal__item").get(pk=position.pk)
    )
    _check_editable(locked.proposal.item.minutes)
    if locked.withdrawn_at is not None:
        raise ValidationError(_("This position is already withdrawn; nothing was changed."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for withdrawing the position.")})
    locked.withdrawn_at = timezone.now()
    locked.withdrawal_reason = reason
    save_with_audit(locked, user, "position withdrawn")
    recompute(user, locked.proposal)
    return locked


@transaction.atomic
def record_question_put(user: User, proposal: Proposal, put: bool = True) -> consensus.Outcome:
    """Record that the chair put the question and no one objected (§28, issue 15): then a
    consensus is declared even where a present institution stated no position. Refused while
    a present institution objects. ``put=False`` takes the record back."""
    if not (has_perm(user, Perm.MANAGE_MEETINGS) or has_perm(user, Perm.CHAIR)):
        raise PermissionDenied(
            _("Only the chair or the secretariat records how a question was put.")
        )
    locked = (
        Proposal.objects.select_for_update().select_related("item__minutes").get(pk=proposal.pk)
    )
    _check_editable(locked.item.minutes)
    if put and outcome(locked).objectors:
        raise ValidationError(
            _("A present institution objects: the question cannot be recorded as unopposed.")
        )
    if locked.put_without_objection != put:
        locked.put_without_objection = put
        locked.put_recorded_by = user if put else None
        save_with_audit(
            locked,
            user,
            "question put without objection" if put else "record of the question taken back",
        )
    return recompute(user, locked)
