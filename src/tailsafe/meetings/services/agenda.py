"""M2 agenda: ordered items, documents, draft -> circulated -> final (§24)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

from tailsafe.core.audit import save_with_audit
from tailsafe.core.permissions import Perm, require
from tailsafe.core.stored_text import choice_text, text
from tailsafe.core.uploads import validate_document
from tailsafe.meetings.models import (
    AgendaDocument,
    AgendaItem,
    Meeting,
)

if TYPE_CHECKING:
    from tailsafe.core.models import User

AGENDA_FIELDS = ("title", "presenter", "duration_min", "facility_reference", "notes")
AGENDA_STEPS: dict[str, tuple[str, ...]] = {
    Meeting.AgendaStatus.DRAFT: (Meeting.AgendaStatus.CIRCULATED,),
    Meeting.AgendaStatus.CIRCULATED: (Meeting.AgendaStatus.FINAL, Meeting.AgendaStatus.DRAFT),
    Meeting.AgendaStatus.FINAL: (),
}


def agenda_is_open(meeting: Meeting) -> bool:
    """The agenda changes while it is a draft or circulated, and only while the meeting is
    neither cancelled nor closed by approved minutes (M2, M4)."""
    return meeting.agenda_status != Meeting.AgendaStatus.FINAL and not meeting.is_closed


AGENDA_STEP_LABELS: dict[str, Any] = {
    Meeting.AgendaStatus.CIRCULATED: gettext_lazy("Circulate the agenda"),
    Meeting.AgendaStatus.FINAL: gettext_lazy("Make the agenda final"),
    Meeting.AgendaStatus.DRAFT: gettext_lazy("Back to draft"),
}


def agenda_steps(meeting: Meeting) -> list[tuple[str, str]]:
    """The agenda's allowed next statuses now, as (status, button label) (M2)."""
    if meeting.is_closed:
        return []
    return [(s, str(AGENDA_STEP_LABELS[s])) for s in AGENDA_STEPS.get(meeting.agenda_status, ())]


def _agenda_open(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.MINUTES_APPROVED:
        raise ValidationError(
            _(
                "The minutes of this meeting are approved: its agenda changes only through a "
                "correction of the minutes (a new version)."
            )
        )
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("This meeting is cancelled."))
    if meeting.agenda_status == Meeting.AgendaStatus.FINAL:
        raise ValidationError(_("The agenda is final and can no longer change."))


@transaction.atomic
def add_agenda_item(user: User, meeting: Meeting, data: dict[str, Any]) -> AgendaItem:
    """Add an item at the end of the agenda (§24: the secretariat prepares the agenda)."""
    require(user, Perm.MANAGE_MEETINGS)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _agenda_open(locked)
    last = locked.agenda_items.aggregate(n=Max("order"))["n"] or 0
    item = AgendaItem(meeting=locked, order=last + 1)
    for key in AGENDA_FIELDS:
        if key in data and data[key] is not None:
            setattr(item, key, data[key])
    item.full_clean()
    save_with_audit(item, user, "agenda item added")
    return item


@transaction.atomic
def update_agenda_item(user: User, item: AgendaItem, data: dict[str, Any]) -> AgendaItem:
    require(user, Perm.MANAGE_MEETINGS)
    locked = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    _agenda_open(locked.meeting)
    changed = False
    for key in AGENDA_FIELDS:
        if key in data and data[key] is not None and getattr(locked, key) != data[key]:
            setattr(locked, key, data[key])
            changed = True
    if not changed:
        return locked
    locked.full_clean()
    save_with_audit(locked, user, "agenda item updated")
    return locked


@transaction.atomic
def withdraw_agenda_item(user: User, item: AgendaItem, reason: str) -> AgendaItem:
    """Withdraw an item from the agenda, with the reason, while the agenda is not final (M2).
    The item stays on the record, marked withdrawn; the minutes get no section for it."""
    require(user, Perm.MANAGE_MEETINGS)
    locked = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    _agenda_open(locked.meeting)
    if locked.is_withdrawn:
        raise ValidationError(_("This item is already withdrawn."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the item is withdrawn.")})
    locked.withdrawn_reason = reason
    locked.withdrawn_at = timezone.now()
    save_with_audit(locked, user, "agenda item withdrawn")
    return locked


@transaction.atomic
def reorder_agenda(user: User, meeting: Meeting, ids: Sequence[int | str]) -> list[AgendaItem]:
    """Put the agenda in the given order (drag and drop or keyboard). The list must name each of
    this meeting's items exactly once; anything else changes nothing."""
    require(user, Perm.MANAGE_MEETINGS)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _agenda_open(locked)
    try:
        wanted = [int(i) for i in ids]
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("The new order is not a list of agenda items.")) from exc
    items = {item.pk: item for item in locked.agenda_items.all()}
    foreign = [i for i in wanted if i not in items]
    if foreign:
        raise ValidationError(_("Some of these items are not on this meeting's agenda."))
    if len(set(wanted)) != len(wanted) or set(wanted) != set(items):
        raise ValidationError(_("The new order must name every item of the agenda once."))
    for position, pk in enumerate(wanted, start=1):
        item = items[pk]
        if item.order != position:
            item.order = position
            save_with_audit(item, user, "agenda reordered")
    return [items[pk] for pk in wanted]


def move_agenda_item(user: User, item: AgendaItem, direction: str) -> list[AgendaItem]:
    """Move an item one place up or down (the keyboard alternative to dragging)."""
    ids = list(item.meeting.agenda_items.values_list("pk", flat=True))
    index = ids.index(item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(ids):
        ids[index], ids[target] = ids[target], ids[index]
    return reorder_agenda(user, item.meeting, ids)


@transaction.atomic
def set_agenda_status(user: User, meeting: Meeting, status: str) -> Meeting:
    """Agenda: draft -> circulated -> final (M2)."""
    require(user, Perm.MANAGE_MEETINGS)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _agenda_open(locked)
    if status not in AGENDA_STEPS.get(locked.agenda_status, ()):
        raise ValidationError(_("The agenda cannot move to this status from its current one."))
    locked.agenda_status = status
    save_with_audit(
        locked, user, text(N_("agenda: %(status)s"), status=choice_text(locked, "agenda_status"))
    )
    return locked


@transaction.atomic
def attach_document(
    user: User, item: AgendaItem, *, title: str, upload: UploadedFile[bytes]
) -> AgendaDocument:
    """Attach a document (PDF or scanned image, checked by content and size) to an item."""
    require(user, Perm.MANAGE_MEETINGS)
    _agenda_open(Meeting.objects.get(pk=item.meeting_id))
    try:
        validate_document(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    doc = AgendaDocument(
        agenda_item=item, title=title.strip() or upload.name or "", file=upload, uploaded_by=user
    )
    doc.full_clean()
    save_with_audit(doc, user, "document attached")
    return doc
