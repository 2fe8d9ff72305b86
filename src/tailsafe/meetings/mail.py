"""The wording of the e-mails about a meeting lives in templates/meetings/email/*.txt; this
module renders them in the active language (M3)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from tailsafe.meetings.models import Meeting


def when(meeting: Meeting) -> str:
    return date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")


def invitation_text(meeting: Meeting, name: str, reply_url: str) -> tuple[str, str]:
    """Subject and body of an invitation in the active language."""
    context = {
        "meeting": meeting,
        "name": name,
        "reply_url": reply_url,
        "when": when(meeting),
        "agenda": [i for i in meeting.agenda_items.all() if not i.is_withdrawn],
    }
    subject = render_to_string("meetings/email/invitation_subject.txt", context).strip()
    body = render_to_string("meetings/email/invitation.txt", context).strip("\n")
    return subject, body


def update_text(
    meeting: Meeting, name: str, *, cancelled: bool, reason: str = ""
) -> tuple[str, str]:
    """Subject and body of the message sent to every invitee when a convened meeting moves
    (date, time or place) or is cancelled, in the active language."""
    context = {
        "meeting": meeting,
        "name": name,
        "when": when(meeting),
        "agenda": [i for i in meeting.agenda_items.all() if not i.is_withdrawn],
        "cancelled": cancelled,
        "reason": reason,
    }
    subject = render_to_string("meetings/email/update_subject.txt", context).strip()
    body = render_to_string("meetings/email/update.txt", context).strip("\n")
    return subject, body
