"""M4 minutes in versions: draft -> circulated -> approved; corrections; who is told (§22, §24)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from tailsafe.core.audit import save_with_audit
from tailsafe.core.models import active_users
from tailsafe.core.permissions import Perm, require
from tailsafe.core.roles import Role
from tailsafe.core.stored_text import text
from tailsafe.governance import services as governance
from tailsafe.governance.models import Membership
from tailsafe.governance.rules import require_leading_cochair
from tailsafe.meetings import signals
from tailsafe.meetings.models import (
    Meeting,
    Minutes,
    MinutesComment,
    MinutesItem,
    Position,
    Proposal,
)
from tailsafe.notifications import services as notifications
from tailsafe.notifications.models import Kind

if TYPE_CHECKING:
    from tailsafe.core.models import User

MINUTES_ITEM_FIELDS = ("summary", "decisions", "recommendations")


def _check_editable(minutes: Minutes) -> None:
    # Read the status from the database: the caller's object may be older than the approval.
    status = Minutes.objects.filter(pk=minutes.pk).values_list("status", flat=True).first()
    if status == Minutes.Status.APPROVED:
        raise ValidationError(
            _("Approved minutes cannot be edited; record a correction as a new version.")
        )


@transaction.atomic
def start_minutes(user: User, meeting: Meeting) -> Minutes:
    """Open the minutes of a meeting with one section per agenda item (M4). Run again on a
    draft, it adds sections for agenda items added since."""
    require(user, Perm.MANAGE_MEETINGS)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    minutes = locked.current_minutes()
    if minutes is None:
        minutes = Minutes(meeting=locked, version=1)
        save_with_audit(minutes, user, "minutes started")
    if minutes.status == Minutes.Status.DRAFT:
        covered = set(minutes.items.values_list("agenda_item_id", flat=True))
        for agenda_item in locked.agenda_items.filter(withdrawn_at__isnull=True):
            if agenda_item.pk not in covered:
                item = MinutesItem(
                    minutes=minutes,
                    agenda_item=agenda_item,
                    order=agenda_item.order,
                    title=agenda_item.title,
                )
                save_with_audit(item, user, "minutes section added")
    return minutes


class StaleMinutes(ValidationError):
    """Raised when someone else saved the minutes since the editor was opened."""


@transaction.atomic
def save_minutes(
    user: User, minutes: Minutes, data: dict[int, dict[str, str]], expected_revision: int
) -> Minutes:
    """Save the minutes' text per item (M4) with optimistic locking: the save succeeds only if
    nobody saved since `expected_revision` was read; otherwise nothing is written and the
    caller keeps the user's text on screen."""
    require(user, Perm.MANAGE_MEETINGS)
    current = Minutes.objects.get(pk=minutes.pk)
    _check_editable(current)
    # One conditional UPDATE compares and bumps the revision and locks the row until commit: of
    # two concurrent saves of the same revision only one passes (PostgreSQL re-checks the WHERE
    # after the first commits), and an approval that committed meanwhile also stops the save.
    bumped = (
        Minutes.objects.filter(pk=minutes.pk, revision=expected_revision)
        .exclude(status=Minutes.Status.APPROVED)
        .update(revision=F("revision") + 1)
    )
    if not bumped:
        _check_editable(current)
        raise StaleMinutes(
            _(
                "Someone else saved these minutes while you were editing. Nothing was "
                "overwritten: your text is kept below, and where the saved text now differs "
                "from yours it is shown under your text. Merge what you need, then save again."
            ),
            code="stale",
        )
    items = {item.pk: item for item in current.items.all()}
    for pk, fields in data.items():
        item = items.get(int(pk))
        if item is None:
            raise ValidationError(_("A section of these minutes does not exist."))
        changed = False
        for key in MINUTES_ITEM_FIELDS:
            if key in fields and getattr(item, key) != fields[key]:
                setattr(item, key, fields[key])
                changed = True
        if changed:
            save_with_audit(item, user, "minutes edited")
    current.refresh_from_db()
    save_with_audit(current, user, "minutes saved")
    return current


@transaction.atomic
def circulate_minutes(user: User, minutes: Minutes) -> Minutes:
    """Send the draft minutes round for comments (M4; §24)."""
    require(user, Perm.MANAGE_MEETINGS)
    locked = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if not locked.can_be_circulated:
        raise ValidationError(_("Only draft minutes can be circulated."))
    locked.status = Minutes.Status.CIRCULATED
    locked.revision += 1
    save_with_audit(locked, user, "circulated")
    _tell_approvers(locked)
    _tell_members_circulated(locked, user)
    return locked


@transaction.atomic
def comment_minutes(
    user: User, minutes: Minutes, text: str, item: MinutesItem | None = None
) -> MinutesComment:
    """A participant's comment on circulated minutes, on the whole or on one section (M4)."""
    require(user, Perm.COMMENT_MINUTES)
    minutes = Minutes.objects.get(pk=minutes.pk)
    if not minutes.takes_comments:
        raise ValidationError(_("Comments are taken while the minutes are circulated."))
    if item is not None and item.minutes_id != minutes.pk:
        raise ValidationError(_("This section belongs to other minutes."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    return MinutesComment.objects.create(minutes=minutes, item=item, author=user, text=text)


def check_leading_cochair(user: User, meeting: Meeting) -> None:
    """Only the leading co-chair of the term in force on the day of approval approves minutes
    (§22, §28, M4): minutes of a December meeting approved in January are the new co-chair's
    (governance.rules.require_leading_cochair)."""
    require_leading_cochair(
        user,
        _(
            "Only the leading co-chair of %(year)s (%(authority)s) may approve these "
            "minutes (§22). You are not recorded as that co-chair."
        ),
    )


def _minutes_link(minutes: Minutes) -> str:
    return reverse("meetings:meeting_detail", args=[minutes.meeting_id]) + "?tab=minutes"


def approvers(meeting: Meeting) -> list[Any]:
    """Who approves the meeting's minutes: the leading co-chair of the term in force today
    (§22, §28); while no co-chair term records that user, every active co-chair, so that
    someone is told."""
    leading = governance.leading_cochair_user(timezone.localdate())
    if leading is not None:
        return [leading]
    return list(active_users().filter(role=Role.CO_CHAIR))


def _tell_about_minutes(minutes: Minutes, users: Any, title: str, body: str, key: str) -> None:
    """Notify ``users`` (kind approval) of a step of the minutes; ``title`` and ``body`` are
    message keys (gettext_noop) with number, version and title, stored so that each reader
    sees them in their own language (core.stored_text)."""
    meeting = minutes.meeting
    values: dict[str, Any] = {
        "number": meeting.number,
        "version": minutes.version,
        "title": meeting.title,
    }
    notifications.notify(
        users,
        Kind.APPROVAL,
        text(title, **values),
        text(body, **values),
        _minutes_link(minutes),
        key=key,
    )


def _tell_approvers(minutes: Minutes) -> None:
    """Circulated minutes await approval: the approvers get a notification (kind approval)."""
    _tell_about_minutes(
        minutes,
        approvers(minutes.meeting),
        N_("Minutes of meeting №%(number)s await your approval"),
        N_(
            "The minutes (version %(version)s) of the meeting “%(title)s” are circulated for "
            "comments. Once the comments are settled, please approve them on the platform."
        ),
        key=f"minutes-circulated:{minutes.pk}",
    )


def _members_and_secretariat() -> QuerySet[Any]:
    """Active users who are current members of the group, and the secretariat."""
    member_ids = Membership.objects.current().values("person__user")
    return active_users().filter(Q(pk__in=member_ids) | Q(role=Role.SECRETARIAT)).order_by("pk")


def _tell_members_circulated(minutes: Minutes, circulator: Any) -> None:
    """Minutes circulated for comments: the current members and the secretariat are asked for
    their comments (kind approval); not the circulator, nor the approvers (told separately)."""
    skip = [circulator.pk, *(u.pk for u in approvers(minutes.meeting))]
    _tell_about_minutes(
        minutes,
        _members_and_secretariat().exclude(pk__in=skip),
        N_("Minutes of meeting №%(number)s circulated for comments"),
        N_(
            "The draft minutes (version %(version)s) of the meeting “%(title)s” are circulated. "
            "Please send your comments on the platform before they are approved."
        ),
        key=f"minutes-circulated-members:{minutes.pk}:{minutes.revision}",
    )


def _tell_members_approved(minutes: Minutes, approver: Any) -> None:
    """Approved minutes: the current members with a user account and the secretariat are told
    (kind approval); not the co-chair who approved them."""
    _tell_about_minutes(
        minutes,
        _members_and_secretariat().exclude(pk=approver.pk),
        N_("Minutes of meeting №%(number)s approved"),
        N_("The minutes (version %(version)s) of the meeting “%(title)s” are approved."),
        key=f"minutes-approved:{minutes.pk}",
    )


@transaction.atomic
def approve_minutes(user: User, minutes: Minutes) -> Minutes:
    """Approve circulated minutes; they are frozen from then on (§22, §24, M4). Only the
    leading co-chair of the meeting's year may approve."""
    locked = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    check_leading_cochair(user, locked.meeting)
    if not locked.can_be_approved:
        raise ValidationError(_("Minutes are approved after they have been circulated."))
    locked.status = Minutes.Status.APPROVED
    locked.approved_by = user
    locked.approved_at = timezone.now()
    locked.revision += 1
    save_with_audit(locked, user, "approved")
    meeting = Meeting.objects.select_for_update().get(pk=locked.meeting_id)
    if meeting.status != Meeting.Status.MINUTES_APPROVED:
        meeting.status = Meeting.Status.MINUTES_APPROVED
        # The agenda is part of the approved record: frozen with it (M2, M4).
        meeting.agenda_status = Meeting.AgendaStatus.FINAL
        save_with_audit(meeting, user, "minutes approved")
    signals.minutes_approved.send(sender=Minutes, minutes=locked, user=user)
    _tell_members_approved(locked, user)
    return locked


@transaction.atomic
def correct_minutes(user: User, minutes: Minutes, reason: str) -> Minutes:
    """A correction of approved minutes is a new version (the approved text stays frozen);
    it goes through circulation and approval again (M4)."""
    require(user, Perm.MANAGE_MEETINGS)
    locked = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if not locked.is_frozen:
        raise ValidationError(_("Only approved minutes are corrected by a new version."))
    if Minutes.objects.filter(previous=locked).exists():
        raise ValidationError(_("A correction of this version already exists."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what the correction is for.")})
    new = Minutes(
        meeting_id=locked.meeting_id,
        version=locked.version + 1,
        previous=locked,
        correction_reason=reason,
    )
    save_with_audit(new, user, "correction started")
    for item in locked.items.all():
        proposals = list(item.proposals.all())
        item_copy = MinutesItem(
            minutes=new,
            agenda_item_id=item.agenda_item_id,
            order=item.order,
            title=item.title,
            summary=item.summary,
            decisions=item.decisions,
            recommendations=item.recommendations,
        )
        save_with_audit(item_copy, user, "copied for correction")
        for proposal in proposals:
            positions = list(proposal.positions.all())
            proposal_copy = Proposal(item=item_copy, kind=proposal.kind, text=proposal.text)
            save_with_audit(proposal_copy, user, "copied for correction")
            for pos in positions:
                copy = Position(
                    proposal=proposal_copy,
                    institution_id=pos.institution_id,
                    position=pos.position,
                    reason=pos.reason,
                    recorded_by=pos.recorded_by,
                    recorded_at=pos.recorded_at,
                )
                save_with_audit(copy, user, "copied for correction")
    return new
