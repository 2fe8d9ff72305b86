"""Items waiting for the leading co-chair move with the term (§28; issue 15 item 5).

At the change of year, or when a new rotation order or term changes who holds the approval
rights, a group letter submitted to the former co-chair passes to the one who holds them now,
with a note stored as a message key with parameters (core.stored_text) and a notification;
circulated minutes are announced to the new approver the same way. Run daily by
``manage.py hand_over_approvals`` and after every change of the rotation or of a term."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from tailsafe.core.audit import save_with_audit
from tailsafe.core.stored_text import text
from tailsafe.correspondence.models import Letter
from tailsafe.governance import services as governance
from tailsafe.meetings.models import Minutes
from tailsafe.notifications import services as notifications
from tailsafe.notifications.models import Kind, Notification

if TYPE_CHECKING:
    from tailsafe.core.models import User


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user is not None else "—"


@transaction.atomic
def hand_over_waiting_letters(today: dt.date | None = None) -> list[Letter]:
    """Letters of the group waiting for approval by someone who no longer holds the leading
    co-chair's rights pass to the one who holds them on `today` (§28), each with a stored
    note; the new co-chair is notified and sees them in their queue. Idempotent."""
    today = today or timezone.localdate()
    leading = governance.leading_cochair_user(today)
    if leading is None:
        return []
    waiting = (
        Letter.objects.select_for_update(of=("self",))
        .filter(status=Letter.Status.SUBMITTED)
        .exclude(submitted_to=leading)
        .select_related("submitted_to")
    )
    moved = []
    for letter in waiting:
        note = text(
            N_(
                "Submitted to %(previous)s for approval; passed to %(leading)s, the leading "
                "co-chair of %(year)s, who now approves it (§28)."
            ),
            previous=_name(letter.submitted_to),
            leading=_name(leading),
            year=today.year,
        )
        letter.submitted_to = leading
        letter.handover_note = note
        save_with_audit(letter, None, "handed over to the leading co-chair of the term")
        notifications.notify(
            [leading],
            Kind.APPROVAL,
            text(N_("A letter awaits your approval: %(subject)s"), subject=letter.subject),
            note,
            reverse("correspondence:letter_detail", args=[letter.pk]),
            key=f"letter-handover:{letter.pk}:{leading.pk}",
        )
        moved.append(letter)
    return moved


def hand_over_waiting_minutes(today: dt.date | None = None) -> list[Minutes]:
    """Circulated minutes now wait for the leading co-chair of `today` (approvals check the
    term of the day of approval): whoever holds the rights and was not yet asked is notified
    with a stored note (§22, §28). Idempotent."""
    today = today or timezone.localdate()
    leading = governance.leading_cochair_user(today)
    if leading is None:
        return []
    told = []
    for minutes in Minutes.objects.filter(status=Minutes.Status.CIRCULATED).select_related(
        "meeting"
    ):
        asked = Notification.objects.filter(
            user=leading,
            key__in=(f"minutes-circulated:{minutes.pk}", f"minutes-handover:{minutes.pk}"),
        )
        if asked.exists():
            continue
        values: dict[str, Any] = {"number": minutes.meeting.number, "year": today.year}
        notifications.notify(
            [leading],
            Kind.APPROVAL,
            text(N_("Minutes of meeting №%(number)s await your approval"), **values),
            text(
                N_(
                    "The minutes of meeting №%(number)s were circulated under the former "
                    "co-chair; as the leading co-chair of %(year)s you now approve them (§28)."
                ),
                **values,
            ),
            reverse("meetings:meeting_detail", args=[minutes.meeting_id]) + "?tab=minutes",
            key=f"minutes-handover:{minutes.pk}",
        )
        told.append(minutes)
    return told


def hand_over_approvals(today: dt.date | None = None) -> dict[str, int]:
    """Both of the above; the numbers of letters moved and minutes announced."""
    letters = hand_over_waiting_letters(today)
    minutes = hand_over_waiting_minutes(today)
    return {"letters": len(letters), "minutes": len(minutes)}
