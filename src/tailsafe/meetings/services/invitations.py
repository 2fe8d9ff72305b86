"""M3 invitations (members and guests, §20), replies and attendance (§24)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tailsafe.core.audit import save_with_audit
from tailsafe.core.i18n import language_for
from tailsafe.core.models import active_users
from tailsafe.core.permissions import Perm, require
from tailsafe.governance.models import Guest, Institution, Membership, Person
from tailsafe.meetings.ics import ICS_NAME, ICS_TYPE, build_ics, ics_type
from tailsafe.meetings.mail import invitation_text as _invitation_text
from tailsafe.meetings.mail import update_text
from tailsafe.meetings.models import (
    Attendance,
    Invitation,
    Meeting,
)
from tailsafe.meetings.services import outcomes
from tailsafe.meetings.services.queries import present_institutions
from tailsafe.notifications import services as notifications
from tailsafe.notifications.models import Kind

if TYPE_CHECKING:
    from tailsafe.core.models import User


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


def _language_of(invitee: Invitee) -> str:
    """The account's language, else the one chosen on the person or guest record (P1)."""
    user = invitee.person.user if invitee.person else None
    return language_for(user, invitee.person, invitee.guest)


def _account_of(invitee: Invitee) -> Any:
    """The active user account an invitee has: the person's own, else the one active account
    with the same e-mail address; None for people outside the platform."""
    user = invitee.person.user if invitee.person else None
    if user is None and invitee.email:
        found = list(active_users().filter(email__iexact=invitee.email)[:2])
        user = found[0] if len(found) == 1 else None
    return user if user is not None and user.is_reachable else None


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


def _account_of_invitation(invitation: Invitation) -> tuple[Any, str]:
    """The reachable user account of an invitation's person (or the one account with its
    e-mail address); None for people outside the platform."""
    invitee = Invitee(
        "",
        invitation.name,
        invitation.email,
        invitation.institution,
        "",
        person=invitation.person,
        guest=invitation.guest,
    )
    return _account_of(invitee), _language_of(invitee)


def send_change(meeting: Meeting, *, cancelled: bool, reason: str = "") -> int:
    """Tell every invitee that a convened meeting moved or is cancelled (M3; RFC 5546): each
    gets a message with the calendar file of the same UID and the raised SEQUENCE, METHOD
    REQUEST for a change or CANCEL for a cancellation, so their calendar replaces or removes
    the entry. Account holders are told through notify() (kind invitation, with the file
    attached), others by e-mail directly. The caller has raised `meeting.ics_sequence` and
    saved the meeting. Returns the number of invitees told."""
    method = "CANCEL" if cancelled else "REQUEST"
    link = reverse("meetings:meeting_detail", args=[meeting.pk])
    told = 0
    for invitation in meeting.invitations.select_related("person__user"):
        ics = build_ics(meeting, invitation, method=method)
        attachment = (ICS_NAME, ics, ics_type(method))
        user, language = _account_of_invitation(invitation)
        name = invitation.name

        def texts(name: str = name) -> tuple[str, str]:
            return update_text(meeting, name, cancelled=cancelled, reason=reason)

        if user is not None and user.email:
            notifications.notify_translated(
                [user],
                Kind.INVITATION,
                texts,
                link,
                attachments=[attachment],
                key=f"meeting-change:{invitation.pk}:{meeting.ics_sequence}",
            )
        else:
            with translation.override(language):
                subject, body = texts()
            message = EmailMessage(subject=subject, body=body, to=[invitation.email])
            message.attach(*attachment)
            message.send()
        told += 1
    return told


@transaction.atomic
def invite(
    user: User,
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
    if locked.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("This meeting is cancelled."))
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
    if invitation.meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("This meeting is cancelled."))
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
def record_attendance(
    user: User, meeting: Meeting, present_keys: Iterable[str]
) -> list[Attendance]:
    """Mark who was present (M3); the list of participants is produced from this (§24).
    An institution holding a position on an open proposal cannot be marked absent until the
    position is withdrawn with a reason; every open proposal's consensus is then recomputed
    (§28, issue 15)."""
    require(user, Perm.MANAGE_MEETINGS)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not locked.takes_attendance:
        raise ValidationError(_("The minutes are approved; attendance can no longer change."))
    present = set(present_keys)
    candidates = {row["key"]: row["invitee"] for row in attendance_candidates(locked)}
    unknown = present - set(candidates)
    if unknown:
        raise ValidationError(_("Some of the people marked present are not on the list."))
    before = set(present_institutions(locked))
    after_ids = {
        invitee.institution.pk
        for key, invitee in candidates.items()
        if key in present and not invitee.is_guest and invitee.institution is not None
    }
    outcomes.check_attendance_change(locked, [i for i in before if i.pk not in after_ids])
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
    outcomes.recompute_meeting(user, locked)
    return saved
