"""Named write operations for meetings (M1-M5). Each checks permission, applies the rule,
records the audit entry (django-simple-history with the acting user) and runs in one
transaction. The consensus rule itself is the pure module `consensus.py` (§28)."""

from __future__ import annotations

import difflib
import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Event, vCalAddress, vText

from tailsafe.core.audit import save_with_audit
from tailsafe.core.permissions import Perm, has_perm, require
from tailsafe.core.roles import Role
from tailsafe.core.uploads import validate_document
from tailsafe.governance import services as governance
from tailsafe.governance.models import Guest, Institution, Membership, Person
from tailsafe.meetings import consensus
from tailsafe.meetings.models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    Invitation,
    Meeting,
    Minutes,
    MinutesComment,
    MinutesItem,
    Position,
    Proposal,
)
from tailsafe.notifications import services as notifications
from tailsafe.notifications.models import Kind

MEETING_FIELDS = ("number", "title", "starts_at", "ends_at", "place", "online_link", "host")
AGENDA_FIELDS = ("title", "presenter", "duration_min", "facility_reference", "notes")
MINUTES_ITEM_FIELDS = ("summary", "decisions", "recommendations")

# Forward steps of a meeting's life (M1); "minutes approved" is reached only by approve_minutes.
MEETING_STEPS: dict[str, tuple[str, ...]] = {
    Meeting.Status.PLANNED: (Meeting.Status.CONVENED, Meeting.Status.HELD),
    Meeting.Status.CONVENED: (Meeting.Status.HELD,),
    Meeting.Status.HELD: (),
    Meeting.Status.MINUTES_APPROVED: (),
}
AGENDA_STEPS: dict[str, tuple[str, ...]] = {
    Meeting.AgendaStatus.DRAFT: (Meeting.AgendaStatus.CIRCULATED,),
    Meeting.AgendaStatus.CIRCULATED: (Meeting.AgendaStatus.FINAL, Meeting.AgendaStatus.DRAFT),
    Meeting.AgendaStatus.FINAL: (),
}


# --- M1 meetings ------------------------------------------------------------------------------


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
def plan_meeting(user: Any, data: dict[str, Any]) -> Meeting:
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


@transaction.atomic
def update_meeting(user: Any, meeting: Meeting, data: dict[str, Any]) -> Meeting:
    """Change a meeting's date, place, link or host; not once its minutes are approved (§24)."""
    require(user, Perm.MANAGE_MEETINGS)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status == Meeting.Status.MINUTES_APPROVED:
        raise ValidationError(
            _("The minutes of this meeting are approved; it can no longer change.")
        )
    for key in MEETING_FIELDS:
        if key in data and data[key] is not None:
            setattr(locked, key, data[key])
    if "ends_at" in data and data["ends_at"] is None:
        locked.ends_at = None
    if "host" in data and data["host"] is None:
        locked.host, _next = governance.leading_and_next(locked.year)
    _check_meeting(locked)
    locked.full_clean()
    save_with_audit(locked, user, "meeting updated")
    return locked


@transaction.atomic
def set_status(user: Any, meeting: Meeting, status: str) -> Meeting:
    """Move a meeting forward: planned -> convened -> held (M1). "Minutes approved" follows
    only from approve_minutes (§22)."""
    require(user, Perm.MANAGE_MEETINGS)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if status not in MEETING_STEPS.get(locked.status, ()):
        raise ValidationError(
            _("A meeting that is %(now)s cannot become %(new)s.")
            % {
                "now": locked.get_status_display(),
                "new": dict(Meeting.Status.choices).get(status, status),
            }
        )
    locked.status = status
    save_with_audit(locked, user, f"status: {status}")
    return locked


def meetings_in_year(year: int) -> int:
    """Held or planned (incl. convened, approved) meetings in `year`: §25 asks for two."""
    return Meeting.objects.filter(starts_at__year=year).count()


# --- M2 agenda --------------------------------------------------------------------------------


def _agenda_open(meeting: Meeting) -> None:
    if meeting.agenda_status == Meeting.AgendaStatus.FINAL:
        raise ValidationError(_("The agenda is final and can no longer change."))


@transaction.atomic
def add_agenda_item(user: Any, meeting: Meeting, data: dict[str, Any]) -> AgendaItem:
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
def update_agenda_item(user: Any, item: AgendaItem, data: dict[str, Any]) -> AgendaItem:
    require(user, Perm.MANAGE_MEETINGS)
    locked = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    _agenda_open(locked.meeting)
    for key in AGENDA_FIELDS:
        if key in data and data[key] is not None:
            setattr(locked, key, data[key])
    locked.full_clean()
    save_with_audit(locked, user, "agenda item updated")
    return locked


@transaction.atomic
def reorder_agenda(user: Any, meeting: Meeting, ids: Sequence[int | str]) -> list[AgendaItem]:
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


def move_agenda_item(user: Any, item: AgendaItem, direction: str) -> list[AgendaItem]:
    """Move an item one place up or down (the keyboard alternative to dragging)."""
    ids = list(item.meeting.agenda_items.values_list("pk", flat=True))
    index = ids.index(item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(ids):
        ids[index], ids[target] = ids[target], ids[index]
    return reorder_agenda(user, item.meeting, ids)


@transaction.atomic
def set_agenda_status(user: Any, meeting: Meeting, status: str) -> Meeting:
    """Agenda: draft -> circulated -> final (M2)."""
    require(user, Perm.MANAGE_MEETINGS)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if status not in AGENDA_STEPS.get(locked.agenda_status, ()):
        raise ValidationError(_("The agenda cannot move to this status from its current one."))
    locked.agenda_status = status
    save_with_audit(locked, user, f"agenda: {status}")
    return locked


@transaction.atomic
def attach_document(
    user: Any, item: AgendaItem, *, title: str, upload: UploadedFile
) -> AgendaDocument:
    """Attach a document (PDF or scanned image, checked by content and size) to an item."""
    require(user, Perm.MANAGE_MEETINGS)
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


# --- M3 invitations and attendance ----------------------------------------------------------


@dataclass(frozen=True)
class Invitee:
    """Someone who may be invited: a current member (person) or a guest of the directory."""

    key: str  # "p<person id>" or "g<guest id>"
    name: str
    email: str
    institution: Institution | None
    organisation: str
    person: Person | None = None
    guest: Guest | None = None

    @property
    def is_guest(self) -> bool:
        return self.guest is not None


def possible_invitees() -> list[Invitee]:
    """Current members (one row per person and institution) and the active guests (§19-20)."""
    rows: list[Invitee] = []
    seen: set[str] = set()
    for m in Membership.objects.current().select_related("person__user", "institution"):
        key = f"p{m.person_id}"
        if key in seen:
            continue
        seen.add(key)
        email = m.person.email or (m.person.user.email if m.person.user else "")
        rows.append(Invitee(key, m.person.full_name, email, m.institution, "", person=m.person))
    for g in Guest.active.all():
        rows.append(Invitee(f"g{g.pk}", g.name, g.email, None, g.organisation, guest=g))
    return rows


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def build_ics(meeting: Meeting, invitation: Invitation | None = None) -> bytes:
    """The calendar file of the meeting (RFC 5545), attached to each invitation."""
    cal = Calendar()
    cal.add("prodid", "-//TailSafe IIWG//meetings//EN")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@tailsafe")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.end)
    event.add("summary", f"{_('IIWG meeting')} №{meeting.number}: {meeting.title}")
    location = ", ".join(x for x in (meeting.place, meeting.online_link) if x)
    if location:
        event.add("location", location)
    if meeting.online_link:
        event.add("url", meeting.online_link)
    agenda = "\n".join(f"{i.order}. {i.title}" for i in meeting.agenda_items.all())
    if agenda:
        event.add("description", agenda)
    if invitation is not None:
        attendee = vCalAddress(f"mailto:{invitation.email}")
        attendee.params["cn"] = vText(invitation.name)
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=False)
    cal.add_component(event)
    return bytes(cal.to_ical())


def _language_of(invitee: Invitee) -> str:
    user = invitee.person.user if invitee.person else None
    return (getattr(user, "language", "") or "ru")[:2]


def _account_of(invitee: Invitee) -> Any:
    """The active user account an invitee has: the person's own, else the one active account
    with the same e-mail address; None for people outside the platform."""
    from tailsafe.core.models import active_users

    user = invitee.person.user if invitee.person else None
    if user is None and invitee.email:
        found = list(active_users().filter(email__iexact=invitee.email)[:2])
        user = found[0] if len(found) == 1 else None
    return user if user is not None and user.is_reachable else None


def _invitation_text(meeting: Meeting, name: str, reply_url: str) -> tuple[str, str]:
    """Subject and body of an invitation in the active language."""
    when = date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")
    subject = _("Invitation: IIWG meeting №%(number)s, %(when)s") % {
        "number": meeting.number,
        "when": when,
    }
    lines = [
        _("Dear %(name)s,") % {"name": name},
        "",
        _("You are invited to the meeting of the Inter-Institutional Working Group:"),
        f"{meeting.title}",
        _("When: %(when)s") % {"when": when},
    ]
    if meeting.place:
        lines.append(_("Where: %(place)s") % {"place": meeting.place})
    if meeting.online_link:
        lines.append(_("Online: %(link)s") % {"link": meeting.online_link})
    agenda = list(meeting.agenda_items.all())
    if agenda:
        lines += ["", _("Agenda:")] + [f"{i.order}. {i.title}" for i in agenda]
    lines += [
        "",
        _("Please reply (yes, no, or a delegate) with this link; it can be used once:"),
        reply_url,
        "",
        _("The calendar file is attached."),
    ]
    return subject, "\n".join(lines)


ICS_NAME = "meeting.ics"
ICS_TYPE = "text/calendar; method=REQUEST"


def _send_invitation(invitation: Invitation, invitee: Invitee, reply_url: str) -> None:
    """An invitee with a user account is told through notify() (kind "invitation": in-app and
    e-mail as their preferences say; the e-mail carries the .ics, the centre offers it), the
    in-app copy linking to the reply page. People outside the platform (guests, members without
    an account) have no notification centre or preferences: they get the same e-mail directly,
    sent within the invitation's transaction as before. (The user's own notification keeps the
    reply link, as their mailbox does; the invitation itself stores only the token's hash.)"""
    meeting = invitation.meeting
    ics = build_ics(meeting, invitation)
    user = _account_of(invitee)
    if user is not None and user.email:
        notifications.notify_translated(
            [user],
            Kind.INVITATION,
            lambda: _invitation_text(meeting, invitation.name, reply_url),
            reply_url,
            attachments=[(ICS_NAME, ics, ICS_TYPE)],
            key=f"invitation:{invitation.pk}",
        )
        return
    with translation.override(_language_of(invitee)):
        subject, body = _invitation_text(meeting, invitation.name, reply_url)
    message = EmailMessage(subject=subject, body=body, to=[invitation.email])
    message.attach(ICS_NAME, ics, ICS_TYPE)
    message.send()


@transaction.atomic
def invite(
    user: Any,
    meeting: Meeting,
    keys: Iterable[str],
    *,
    reply_url: Any,
) -> tuple[list[Invitation], list[str]]:
    """Invite members and guests (§20: the invitation may go to non-members; M3): one e-mail per
    invitee with the meeting's .ics file and a single-use reply link; invitees with a user
    account also get it in the notification centre (see _send_invitation). `reply_url(token)`
    builds the absolute link. Returns the invitations sent and the names skipped (no e-mail
    address or already invited)."""
    require(user, Perm.MANAGE_MEETINGS)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status in (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED):
        raise ValidationError(_("This meeting has already been held."))
    wanted = set(keys)
    by_key = {i.key: i for i in possible_invitees()}
    unknown = wanted - set(by_key)
    if unknown or not wanted:
        raise ValidationError(_("Choose members or guests from the list."))
    sent: list[Invitation] = []
    skipped: list[str] = []
    for key in sorted(wanted):
        invitee = by_key[key]
        already = locked.invitations.filter(person=invitee.person, guest=invitee.guest).exists()
        if already or not invitee.email:
            skipped.append(invitee.name)
            continue
        token = secrets.token_urlsafe(32)
        invitation = Invitation(
            meeting=locked,
            person=invitee.person,
            guest=invitee.guest,
            institution=invitee.institution,
            name=invitee.name,
            email=invitee.email,
            token_hash=_hash(token),
        )
        save_with_audit(invitation, user, "invited")
        _send_invitation(invitation, invitee, reply_url(token))
        sent.append(invitation)
    return sent, skipped


def invitation_for_token(token: str) -> Invitation:
    """The invitation a reply link belongs to; a clear error for a link that is not valid."""
    invitation = (
        Invitation.objects.select_related("meeting").filter(token_hash=_hash(token or "")).first()
    )
    if invitation is None:
        raise ValidationError(
            _("This reply link is not valid. Use the link from your invitation e-mail exactly.")
        )
    return invitation


@transaction.atomic
def reply_to_invitation(token: str, reply: str, delegate_name: str = "") -> Invitation:
    """Record a reply (yes, no, or a named delegate) from the link of the invitation (M3). The
    link works once; a reused or altered link changes nothing."""
    found = invitation_for_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=found.pk)
    if invitation.replied_at is not None:
        raise ValidationError(
            _(
                "This reply link has already been used (reply recorded on %(when)s). "
                "Write to the secretariat to change your reply."
            )
            % {"when": date_format(timezone.localtime(invitation.replied_at), "DATETIME_FORMAT")}
        )
    if invitation.meeting.status in (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED):
        raise ValidationError(_("This meeting has already been held."))
    if reply not in Invitation.Reply.values:
        raise ValidationError({"reply": _("Choose yes, no or a delegate.")})
    delegate_name = (delegate_name or "").strip()
    if reply == Invitation.Reply.DELEGATE and not delegate_name:
        raise ValidationError({"delegate_name": _("Give the name of your delegate.")})
    invitation.reply = reply
    invitation.delegate_name = delegate_name if reply == Invitation.Reply.DELEGATE else ""
    invitation.replied_at = timezone.now()
    save_with_audit(invitation, None, "reply by link")
    return invitation


def attendance_candidates(meeting: Meeting) -> list[dict[str, Any]]:
    """Rows for the attendance sheet: everyone invited, every current member, and anyone
    already recorded; members first, then guests."""
    recorded = {
        (f"p{a.person_id}" if a.person_id else f"g{a.guest_id}"): a
        for a in meeting.attendance.all()
    }
    invited = {
        (f"p{i.person_id}" if i.person_id else f"g{i.guest_id}"): i
        for i in meeting.invitations.all()
    }
    rows: list[dict[str, Any]] = []
    for invitee in possible_invitees():
        if invitee.is_guest and invitee.key not in invited and invitee.key not in recorded:
            continue
        rows.append(
            {
                "key": invitee.key,
                "invitee": invitee,
                "invitation": invited.get(invitee.key),
                "present": bool(recorded.get(invitee.key) and recorded[invitee.key].present),
            }
        )
    rows.sort(key=lambda r: (r["invitee"].is_guest, r["invitee"].name))
    return rows


@transaction.atomic
def record_attendance(user: Any, meeting: Meeting, present_keys: Iterable[str]) -> list[Attendance]:
    """Mark who was present (M3); the list of participants is produced from this (§24)."""
    require(user, Perm.MANAGE_MEETINGS)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status == Meeting.Status.MINUTES_APPROVED:
        raise ValidationError(_("The minutes are approved; attendance can no longer change."))
    present = set(present_keys)
    candidates = {row["key"]: row["invitee"] for row in attendance_candidates(locked)}
    unknown = present - set(candidates)
    if unknown:
        raise ValidationError(_("Some of the people marked present are not on the list."))
    saved = []
    for key, invitee in candidates.items():
        row = locked.attendance.filter(person=invitee.person, guest=invitee.guest).first()
        is_present = key in present
        if row is None and not is_present:
            continue
        row = row or Attendance(
            meeting=locked,
            person=invitee.person,
            guest=invitee.guest,
            name=invitee.name,
            institution=invitee.institution,
            organisation=invitee.organisation,
            is_guest=invitee.is_guest,
        )
        if row.pk is None or row.present != is_present:
            row.present = is_present
            save_with_audit(row, user, "attendance")
        saved.append(row)
    return saved


def participants(meeting: Meeting) -> list[Attendance]:
    """The list of participants (§24): those present, members first, guests marked."""
    return list(
        meeting.attendance.filter(present=True)
        .select_related("institution")
        .order_by("is_guest", "institution__name_ru", "name")
    )


def present_institutions(meeting: Meeting) -> list[Institution]:
    """Institutions with a member present: the ones whose positions count (§28)."""
    ids = meeting.attendance.filter(present=True, is_guest=False, institution__isnull=False)
    return list(Institution.objects.filter(pk__in=ids.values("institution_id")).order_by("name_ru"))


# --- M4 minutes -------------------------------------------------------------------------------


def _check_editable(minutes: Minutes) -> None:
    # Read the status from the database: the caller's object may be older than the approval.
    status = Minutes.objects.filter(pk=minutes.pk).values_list("status", flat=True).first()
    if status == Minutes.Status.APPROVED:
        raise ValidationError(
            _("Approved minutes cannot be edited; record a correction as a new version.")
        )


@transaction.atomic
def start_minutes(user: Any, meeting: Meeting) -> Minutes:
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
        for agenda_item in locked.agenda_items.all():
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
    user: Any, minutes: Minutes, data: dict[int, dict[str, str]], expected_revision: int
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
def circulate_minutes(user: Any, minutes: Minutes) -> Minutes:
    """Send the draft minutes round for comments (M4; §24)."""
    require(user, Perm.MANAGE_MEETINGS)
    locked = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if locked.status != Minutes.Status.DRAFT:
        raise ValidationError(_("Only draft minutes can be circulated."))
    locked.status = Minutes.Status.CIRCULATED
    locked.revision += 1
    save_with_audit(locked, user, "circulated")
    _tell_approvers(locked)
    _tell_members_circulated(locked, user)
    return locked


@transaction.atomic
def comment_minutes(
    user: Any, minutes: Minutes, text: str, item: MinutesItem | None = None
) -> MinutesComment:
    """A participant's comment on circulated minutes, on the whole or on one section (M4)."""
    require(user, Perm.COMMENT_MINUTES)
    minutes = Minutes.objects.get(pk=minutes.pk)
    if minutes.status != Minutes.Status.CIRCULATED:
        raise ValidationError(_("Comments are taken while the minutes are circulated."))
    if item is not None and item.minutes_id != minutes.pk:
        raise ValidationError(_("This section belongs to other minutes."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    return MinutesComment.objects.create(minutes=minutes, item=item, author=user, text=text)


def check_leading_cochair(user: Any, meeting: Meeting) -> None:
    """Only the leading co-chair of the meeting's year approves its minutes (§22, M4)."""
    require(user, Perm.CHAIR)
    leading = governance.leading_cochair_user(meeting.year)
    if leading is None or leading.pk != user.pk:
        lead, _next = governance.leading_and_next(meeting.year)
        raise PermissionDenied(
            _(
                "Only the leading co-chair of %(year)s (%(authority)s) may approve these "
                "minutes (§22). You are not recorded as that co-chair."
            )
            % {"year": meeting.year, "authority": lead or "—"}
        )


def _minutes_link(minutes: Minutes) -> str:
    return reverse("meetings:meeting_detail", args=[minutes.meeting_id]) + "?tab=minutes"


def approvers(meeting: Meeting) -> list[Any]:
    """Who approves the meeting's minutes: the leading co-chair of its year (§22); while no
    co-chair term records that user, every active co-chair, so that someone is told."""
    from tailsafe.core.models import active_users

    leading = governance.leading_cochair_user(meeting.year)
    if leading is not None:
        return [leading]
    return list(active_users().filter(role=Role.CO_CHAIR))


def _tell_about_minutes(minutes: Minutes, users: Any, title: Any, body: Any, key: str) -> None:
    """Notify ``users`` (kind approval) of a step of the minutes, each in their own language;
    ``title`` and ``body`` are lazy messages formatted with number, version and title."""
    meeting = minutes.meeting
    values = {"number": meeting.number, "version": minutes.version, "title": meeting.title}

    def texts() -> tuple[str, str]:
        return str(title) % values, str(body) % values

    notifications.notify_translated(users, Kind.APPROVAL, texts, _minutes_link(minutes), key=key)


def _tell_approvers(minutes: Minutes) -> None:
    """Circulated minutes await approval: the approvers get a notification (kind approval)."""
    _tell_about_minutes(
        minutes,
        approvers(minutes.meeting),
        gettext_lazy("Minutes of meeting №%(number)s await your approval"),
        gettext_lazy(
            "The minutes (version %(version)s) of the meeting “%(title)s” are circulated for "
            "comments. Once the comments are settled, please approve them on the platform."
        ),
        key=f"minutes-circulated:{minutes.pk}",
    )


def _members_and_secretariat() -> QuerySet[Any]:
    """Active users who are current members of the group, and the secretariat."""
    from tailsafe.core.models import active_users

    member_ids = Membership.objects.current().values("person__user")
    return active_users().filter(Q(pk__in=member_ids) | Q(role=Role.SECRETARIAT)).order_by("pk")


def _tell_members_circulated(minutes: Minutes, circulator: Any) -> None:
    """Minutes circulated for comments: the current members and the secretariat are asked for
    their comments (kind approval); not the circulator, nor the approvers (told separately)."""
    skip = [circulator.pk, *(u.pk for u in approvers(minutes.meeting))]
    _tell_about_minutes(
        minutes,
        _members_and_secretariat().exclude(pk__in=skip),
        gettext_lazy("Minutes of meeting №%(number)s circulated for comments"),
        gettext_lazy(
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
        gettext_lazy("Minutes of meeting №%(number)s approved"),
        gettext_lazy("The minutes (version %(version)s) of the meeting “%(title)s” are approved."),
        key=f"minutes-approved:{minutes.pk}",
    )


@transaction.atomic
def approve_minutes(user: Any, minutes: Minutes) -> Minutes:
    """Approve circulated minutes; they are frozen from then on (§22, §24, M4). Only the
    leading co-chair of the meeting's year may approve."""
    locked = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    check_leading_cochair(user, locked.meeting)
    if locked.status != Minutes.Status.CIRCULATED:
        raise ValidationError(_("Minutes are approved after they have been circulated."))
    locked.status = Minutes.Status.APPROVED
    locked.approved_by = user
    locked.approved_at = timezone.now()
    locked.revision += 1
    save_with_audit(locked, user, "approved")
    meeting = Meeting.objects.select_for_update().get(pk=locked.meeting_id)
    if meeting.status != Meeting.Status.MINUTES_APPROVED:
        meeting.status = Meeting.Status.MINUTES_APPROVED
        save_with_audit(meeting, user, "minutes approved")
    _tell_members_approved(locked, user)
    return locked


@transaction.atomic
def correct_minutes(user: Any, minutes: Minutes, reason: str) -> Minutes:
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


def diff_lines(minutes: Minutes) -> list[tuple[str, str]]:
    """The visible difference between a corrected version and the one it corrects: (op, line)
    with op "+" added, "-" removed, " " unchanged."""
    if minutes.previous is None:
        return []
    before = minutes.previous.as_text().splitlines()
    after = minutes.as_text().splitlines()
    rows = []
    for line in difflib.ndiff(before, after):
        op, text = line[:1], line[2:]
        if op in "+- ":
            rows.append((op, text))
    return rows


def diff_html(minutes: Minutes) -> str:
    """The same difference as an HTML table (difflib), for pages and papers."""
    if minutes.previous is None:
        return ""
    return difflib.HtmlDiff(wrapcolumn=70).make_table(
        minutes.previous.as_text().splitlines(),
        minutes.as_text().splitlines(),
        fromdesc=_("version %(v)s") % {"v": minutes.previous.version},
        todesc=_("version %(v)s") % {"v": minutes.version},
        context=True,
    )


# --- M5 consensus -----------------------------------------------------------------------------


@transaction.atomic
def add_proposal(user: Any, item: MinutesItem, *, text: str, kind: str) -> Proposal:
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
def record_position(
    user: Any, proposal: Proposal, institution: Institution, position: str, reason: str = ""
) -> Position:
    """Record an institution's position: support, stand aside or object; standing aside or
    objecting needs a reason (§28, M5). Only institutions present at the meeting take part.
    The secretariat records any institution's position; a member only their own. Every change
    is kept in the history; no votes are counted."""
    require(user, Perm.STATE_POSITION)
    if not has_perm(user, Perm.MANAGE_MEETINGS) and user.institution_id != institution.pk:
        raise PermissionDenied(_("You may state the position of your own institution only."))
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
    if row.pk and row.position == position and row.reason == reason:
        return row
    row.position = position
    row.reason = reason if position != consensus.SUPPORT else ""
    row.recorded_by = user
    row.recorded_at = timezone.now()
    save_with_audit(row, user, "position recorded")
    return row


def outcome(proposal: Proposal) -> consensus.Outcome:
    """The consensus outcome over the institutions present (§28): adopted when at least one
    supports and none objects."""
    present = {i.key for i in present_institutions(proposal.item.minutes.meeting)}
    positions = {
        p.institution.key: p.position for p in proposal.positions.select_related("institution")
    }
    return consensus.decide(positions, present)
