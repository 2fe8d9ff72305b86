"""Named write operations for the action plan (A1; §22, §24). Each checks permission, applies
the rule, records the audit entry and runs in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from tailsafe.core.audit import save_with_audit
from tailsafe.core.i18n import language_for
from tailsafe.core.permissions import Perm, has_perm, require
from tailsafe.core.stored_text import StoredText, lines, render, text
from tailsafe.core.uploads import validate_document
from tailsafe.followup import rules
from tailsafe.followup.models import ActionItem, ProgressUpdate
from tailsafe.governance.models import Institution, Membership, Person
from tailsafe.meetings import services as meetings
from tailsafe.meetings.models import AgendaItem, Meeting, MinutesItem
from tailsafe.notifications import services as notifications
from tailsafe.notifications.models import Kind

if TYPE_CHECKING:
    from tailsafe.core.models import User

REMIND_BEFORE_DAYS = 7


def active_items() -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(status__in=ActionItem.ACTIVE)


def overdue_items(today: dt.date | None = None) -> QuerySet[ActionItem]:
    """Active items past their due date (A1: overdue is derived from the date)."""
    return active_items().filter(due_date__lt=today or timezone.localdate())


def can_update(user: User, item: ActionItem) -> bool:
    """The secretariat updates any item; a responsible member only their own institution's
    items (A1; followup.rules)."""
    return rules.can_update_action_item(user, item)


def _check_update(user: User, item: ActionItem) -> None:
    require(user, Perm.UPDATE_ACTION_ITEM)
    if not can_update(user, item):
        raise PermissionDenied(
            _(
                "Only the responsible institutions and the secretariat may update this action "
                "item; your institution is not responsible for it."
            )
        )


@transaction.atomic
def create_action_item(
    user: User,
    *,
    description: str,
    responsible: Sequence[Institution],
    due_date: dt.date,
    meeting: Meeting | None = None,
    minutes_item: MinutesItem | None = None,
) -> ActionItem:
    """An action of the agreed action plan from the minutes (§24, A1): who is responsible and
    by when."""
    require(user, Perm.MANAGE_FOLLOWUP)
    description = (description or "").strip()
    errors: dict[str, str] = {}
    if not description:
        errors["description"] = _("Describe the action.")
    if not responsible:
        errors["responsible"] = _("Name at least one responsible institution.")
    if due_date is None:
        errors["due_date"] = _("Give a due date.")
    if errors:
        raise ValidationError(errors)
    if minutes_item is not None:
        meeting = minutes_item.minutes.meeting
    item = ActionItem(
        description=description,
        due_date=due_date,
        meeting=meeting,
        minutes_item=minutes_item,
        created_by=user,
    )
    item.full_clean()
    save_with_audit(item, user, "action item created")
    item.responsible.set(responsible)
    return item


@transaction.atomic
def update_action_item(user: User, item: ActionItem, data: dict[str, Any]) -> ActionItem:
    """Change an item's status (responsible member or secretariat); the description, due date and
    responsible institutions only by the secretariat (A1). A new due date re-arms reminders."""
    _check_update(user, item)
    locked = ActionItem.objects.select_for_update().get(pk=item.pk)
    manager = has_perm(user, Perm.MANAGE_FOLLOWUP)
    if not manager and any(k in data for k in ("description", "due_date", "responsible")):
        raise PermissionDenied(_("Only the secretariat changes an action's text or due date."))
    if data.get("status"):
        if data["status"] not in ActionItem.Status.values:
            raise ValidationError({"status": _("Choose a status from the list.")})
        locked.status = data["status"]
    if data.get("description"):
        locked.description = data["description"].strip()
    if data.get("due_date") and data["due_date"] != locked.due_date:
        locked.due_date = data["due_date"]
        locked.reminded_before_at = None
        locked.reminded_after_at = None
    locked.full_clean()
    save_with_audit(locked, user, data.get("reason", "") or "action item updated")
    if manager and data.get("responsible"):
        locked.responsible.set(data["responsible"])
    return locked


@transaction.atomic
def add_progress_update(
    user: User,
    item: ActionItem,
    *,
    text: str,
    evidence: UploadedFile[bytes] | None = None,
    status: str = "",
) -> ProgressUpdate:
    """A report on progress with optional evidence (A1), by a responsible member or the
    secretariat; it may move the item's status too."""
    _check_update(user, item)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Describe the progress.")})
    if evidence:
        try:
            validate_document(evidence)
        except ValidationError as exc:
            raise ValidationError({"evidence": exc.messages}) from exc
    if status and status not in ActionItem.Status.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    update = ProgressUpdate(
        action_item=item, text=text, evidence=evidence or "", status_after=status, by=user
    )
    save_with_audit(update, user, "progress update")
    if status and status != item.status:
        locked = ActionItem.objects.select_for_update().get(pk=item.pk)
        locked.status = status
        save_with_audit(locked, user, "status from progress update")
    return update


# --- agenda: open items are proposed for the next meeting (M2) ---------------------------------


def open_items_for_agenda(meeting: Meeting) -> list[ActionItem]:
    """Open and overdue items from other meetings not yet on this meeting's agenda (M2)."""
    linked = ActionItem.objects.filter(agenda_items__meeting=meeting).values("pk")
    return list(
        active_items()
        .exclude(pk__in=linked)
        .exclude(meeting=meeting)
        .prefetch_related("responsible")
        .order_by("due_date", "id")
    )


@transaction.atomic
def add_review_to_agenda(user: User, meeting: Meeting, items: Iterable[ActionItem]) -> AgendaItem:
    """Add an agenda item "Review of the action plan" linking the given open items (§22, M2)."""
    items = list(items)
    if not items:
        raise ValidationError(_("There are no open action items to review."))
    agenda_item = meetings.add_agenda_item(
        user,
        meeting,
        {"title": _("Review of the action plan"), "duration_min": 10 + 5 * len(items)},
    )
    for item in items:
        item.agenda_items.add(agenda_item)
    return agenda_item


# --- oversight (§22) --------------------------------------------------------------------------


def oversight(today: dt.date | None = None) -> list[dict[str, Any]]:
    """The leading co-chair's view (§22): per responsible institution its active items, overdue
    first, institutions with overdue items first."""
    today = today or timezone.localdate()
    groups: dict[int, dict[str, Any]] = {}
    for item in active_items().prefetch_related("responsible").select_related("meeting"):
        for inst in item.responsible.all():
            group = groups.setdefault(inst.pk, {"institution": inst, "items": []})
            group["items"].append(item)
    rows = []
    for group in groups.values():
        group["items"].sort(key=lambda i: (not i.is_overdue(today), i.due_date, i.pk))
        group["overdue"] = sum(1 for i in group["items"] if i.is_overdue(today))
        rows.append(group)
    rows.sort(key=lambda g: (-g["overdue"], g["institution"].name_ru))
    return rows


# --- reminders (§22, §24) ---------------------------------------------------------------------


def recipients(item: ActionItem) -> tuple[list[Any], list[str]]:
    """Who is reminded of an item: the current members of its responsible institutions, as
    (user accounts, e-mail addresses of members without an active account)."""
    users: list[Any] = []
    emails: list[str] = []
    memberships = Membership.objects.current().filter(institution__in=item.responsible.all())
    for m in memberships.select_related("person__user").order_by("pk"):
        user = m.person.user
        if user is not None and user.is_reachable:
            if user not in users:
                users.append(user)
            continue
        email = m.person.email or (user.email if user else "")
        if email and email not in emails:
            emails.append(email)
    covered = {u.email.lower() for u in users if u.email}
    return users, [e for e in emails if e.lower() not in covered]


def _reminder_text(item: ActionItem, kind: str) -> tuple[StoredText, StoredText]:
    """Subject and body of a reminder as stored texts (shown in each reader's language)."""
    if kind == "before":
        subject = text(N_("Reminder: action item due on %(due)s"), due=item.due_date)
        intro = text(
            N_("This action item of the IIWG action plan is due on %(due)s:"), due=item.due_date
        )
    else:
        subject = text(N_("Overdue: action item was due on %(due)s"), due=item.due_date)
        intro = text(
            N_("This action item of the IIWG action plan was due on %(due)s:"), due=item.due_date
        )
    body = lines(
        intro,
        item.description,
        text(N_("Please report progress on the platform (Action plan).")),
        separator="\n\n",
    )
    return subject, body


def _remind(item: ActionItem, kind: str) -> None:
    """Members with a user account are told through notify() (kind "reminder": in-app and/or
    e-mail as their preferences say, the e-mail sent once by the notification task), in the
    language each reads. Members without an account have no notification centre: they get the
    e-mail directly, in the language chosen for them on their person record (Russian if none),
    within the caller's claiming transaction."""
    users, others = recipients(item)
    subject, body = _reminder_text(item, kind)
    notifications.notify(
        users, Kind.REMINDER, subject, body, reverse("followup:action_detail", args=[item.pk])
    )
    by_language: dict[str, list[str]] = {}
    for email in others:
        person = Person.objects.filter(email__iexact=email).exclude(language="").first()
        by_language.setdefault(language_for(person), []).append(email)
    for language, emails in sorted(by_language.items()):
        send_mail(render(subject, language), render(body, language), None, emails)


def send_reminders(today: dt.date | None = None) -> dict[str, int]:
    """Remind the responsible members 7 days before the due date and on the day after (§22:
    the leading co-chair oversees the agreed action items). Never twice: each reminder is
    claimed (its time set) in the same transaction that records the notifications, so a re-run,
    a second machine or a worker killed mid-run (its transaction rolls back, the next run
    redoes it) reminds once; the e-mails then go out once each through the notification task
    (notifications.services.send_one)."""
    today = today or timezone.localdate()
    sent = {"before": 0, "after": 0}
    before = active_items().filter(
        reminded_before_at__isnull=True,
        due_date__gt=today,
        due_date__lte=today + dt.timedelta(days=REMIND_BEFORE_DAYS),
    )
    after = active_items().filter(reminded_after_at__isnull=True, due_date__lt=today)
    for kind, qs, field in (
        ("before", before, "reminded_before_at"),
        ("after", after, "reminded_after_at"),
    ):
        for pk in list(qs.values_list("pk", flat=True)):
            with transaction.atomic():
                claimed = ActionItem.objects.filter(pk=pk, **{f"{field}__isnull": True}).update(
                    **{field: timezone.now()}
                )
                if not claimed:
                    continue
                _remind(ActionItem.objects.get(pk=pk), kind)
                sent[kind] += 1
    return sent
