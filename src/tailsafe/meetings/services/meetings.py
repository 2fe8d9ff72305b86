"""M1 meetings: plan, change, move through the calendar (§24-25)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from tailsafe.core.audit import save_with_audit
from tailsafe.core.permissions import Perm, require
from tailsafe.core.stored_text import choice_text, text
from tailsafe.governance import services as governance
from tailsafe.meetings import lifecycle
from tailsafe.meetings.models import (
    Meeting,
)
from tailsafe.meetings.services.invitations import send_change

if TYPE_CHECKING:
    from tailsafe.core.models import User

MEETING_FIELDS = ("number", "title", "starts_at", "ends_at", "place", "online_link", "host")

# The steps of a meeting's life (M1): one rule, in the pure module meetings/lifecycle.py.
MEETING_STEPS = lifecycle.STEPS


def next_number() -> int:
    return (Meeting.objects.aggregate(n=Max("number"))["n"] or 0) + 1


def _check_meeting(meeting: Meeting) -> None:
    if timezone.is_naive(meeting.starts_at):
        meeting.starts_at = timezone.make_aware(meeting.starts_at)
    if meeting.ends_at and timezone.is_naive(meeting.ends_at):
        meeting.ends_at = timezone.make_aware(meeting.ends_at)
    if meeting.ends_at and meeting.ends_at <= meeting.starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    if not (meeting.place or "").strip() and not (meeting.online_link or "").strip():
        raise ValidationError({"place": _("Give a place or an online link (or both).")})
    clash = Meeting.objects.filter(number=meeting.number).exclude(pk=meeting.pk)
    if clash.exists():
        raise ValidationError(
            {"number": _("Meeting number %(n)s already exists.") % {"n": meeting.number}}
        )


@transaction.atomic
def plan_meeting(user: User, data: dict[str, Any]) -> Meeting:
    """Plan a meeting (§24: the secretariat prepares meetings). The host defaults to the leading
    co-chair authority of the meeting's year (§25: "hosted and organized by the leading
    Co-Chair")."""
    require(user, Perm.MANAGE_MEETINGS)
    meeting = Meeting(**{k: v for k, v in data.items() if k in MEETING_FIELDS})
    if not meeting.number:
        meeting.number = next_number()
    if meeting.starts_at is None:
        raise ValidationError({"starts_at": _("Enter the date and time of the meeting.")})
    _check_meeting(meeting)
    if meeting.host is None:
        meeting.host, _next = governance.leading_and_next(meeting.year)
    meeting.created_by = user
    meeting.full_clean()
    save_with_audit(meeting, user, "meeting planned")
    return meeting


CALENDAR_FIELDS = ("starts_at", "ends_at", "place", "online_link")
"""A change of any of these reaches the invitees' calendars (M1, M3)."""


@transaction.atomic
def update_meeting(user: User, meeting: Meeting, data: dict[str, Any]) -> Meeting:
    """Change a meeting's date, place, link or host; not once its minutes are approved or the
        meeting is cancelled (§24). A change of date, time or place of a convened (or postponed)
        meeting is sent to every invitee as an update of their calendar entry (same UID,
        SEQUENCE + 1, METHOD:REQUEST), unless the new start is already past (a correction of the
    record before marking it held). Submitted unchanged, nothing is written."""
    require(user, Perm.MANAGE_MEETINGS)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status == Meeting.Status.MINUTES_APPROVED:
        raise ValidationError(
            _("The minutes of this meeting are approved; it can no longer change.")
        )
    if locked.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("This meeting is cancelled; it can no longer change."))
    before = {key: getattr(locked, key) for key in MEETING_FIELDS}
    for key in MEETING_FIELDS:
        if key in data and data[key] is not None:
            setattr(locked, key, data[key])
    if "ends_at" in data and data["ends_at"] is None:
        locked.ends_at = None
    if "host" in data and data["host"] is None:
        locked.host, _next = governance.leading_and_next(locked.year)
    _check_meeting(locked)
    locked.full_clean()
    changed = [key for key in MEETING_FIELDS if getattr(locked, key) != before[key]]
    if not changed:
        return locked
    moved = any(key in CALENDAR_FIELDS for key in changed)
    tell = (
        moved
        and lifecycle.sends_change(locked.status, locked.starts_at, timezone.now())
        and locked.invitations.exists()
    )
    if tell:
        locked.ics_sequence += 1
    save_with_audit(locked, user, "meeting updated")
    if tell:
        send_change(locked, cancelled=False)
    return locked


@transaction.atomic
def set_status(user: User, meeting: Meeting, status: str, reason: str = "") -> Meeting:
    """Move a meeting through its calendar (M1, meetings/lifecycle.py): planned -> convened ->
    held, postponed and cancelled with a reason. A meeting is held only once it has started;
    "minutes approved" follows only from approve_minutes (§22). Cancelling a meeting with
    invitations sends every invitee a cancellation (METHOD:CANCEL, SEQUENCE + 1); postponing
    tells them too (the entry stays until a new date is sent)."""
    require(user, Perm.MANAGE_MEETINGS)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    now = timezone.now()
    names = dict(Meeting.Status.choices)
    if status not in lifecycle.STEPS.get(locked.status, ()):
        raise ValidationError(
            _("A meeting that is %(now)s cannot become %(new)s.")
            % {"now": locked.get_status_display(), "new": names.get(status, status)}
        )
    if status == Meeting.Status.HELD and not lifecycle.may_hold(locked.starts_at, now):
        raise ValidationError(
            _(
                "The meeting starts on %(when)s: it can be marked held only once it has "
                "started. If it took place on another day, correct its date first."
            )
            % {"when": date_format(timezone.localtime(locked.starts_at), "DATETIME_FORMAT")}
        )
    reason = (reason or "").strip()
    if status in lifecycle.NEEDS_REASON and not reason:
        raise ValidationError({"reason": _("Say why the meeting is postponed or cancelled.")})
    tell = status in lifecycle.NEEDS_REASON and locked.invitations.exists()
    locked.status = status
    locked.status_reason = reason if status in lifecycle.NEEDS_REASON else ""
    if tell:
        locked.ics_sequence += 1
    save_with_audit(
        locked, user, text(N_("status: %(status)s"), status=choice_text(locked, "status"))
    )
    if tell:
        send_change(locked, cancelled=status == Meeting.Status.CANCELLED, reason=reason)
    return locked
