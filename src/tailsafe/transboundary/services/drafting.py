"""Drafting, approving and sending an early warning, and its follow-ups (item 2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from tailsafe.core.audit import save_with_audit
from tailsafe.core.permissions import Perm, require
from tailsafe.core.stored_text import text
from tailsafe.monitoring.models import AlertEvent
from tailsafe.notifications import services as notifications
from tailsafe.notifications.models import Kind
from tailsafe.transboundary.models import (
    Delivery,
    Drill,
    Notice,
)
from tailsafe.transboundary.services.base import OPENING_LEVELS, logger
from tailsafe.transboundary.services.content import (
    KIND_KEYS,
    annex_content,
    border_reach,
    missing_elements,
)
from tailsafe.transboundary.services.register import bodies_for

if TYPE_CHECKING:
    from tailsafe.core.models import User

# --- drafting (item 2) --------------------------------------------------------------------


def warn_on_alerts(event_ids: list[int]) -> int:
    """What an opened warning sets going, in the background (transboundary.tasks): its first
    CAP message, and the early warning drafted when the facility's downstream reaches a
    border. Returns the number of warnings handled."""
    from tailsafe.transboundary import cap

    warnings = list(
        AlertEvent.objects.filter(pk__in=event_ids)
        .exclude(to_level="normal")
        .select_related("series__point__facility", "series__parameter")
        .order_by("id")
    )
    for event in warnings:
        cap.current(event)
    on_alerts_opened(warnings)
    return len(warnings)


def on_alerts_opened(events: Iterable[AlertEvent]) -> list[Notice]:
    """An alarm or emergency at a facility whose downstream reaches a border drafts an early
    warning (Art. 10: without delay), with every Annex IX element filled."""
    created = []
    for event in events:
        if event.to_level not in OPENING_LEVELS or event.status == AlertEvent.Status.RESOLVED:
            continue
        event = AlertEvent.objects.select_related(
            "series__point__facility", "series__parameter"
        ).get(pk=event.pk)
        facility = event.series.point.facility
        reaches, _basis, _verdict = border_reach(facility)
        if not reaches or Notice.objects.filter(event=event).exists():
            continue
        created.append(draft_notice(None, event, Notice.Kind.EARLY_WARNING))
    return created


def is_exercise(event: AlertEvent) -> bool:
    return (
        event.exercise
        or event.series.point.is_demo
        or Drill.objects.filter(event_id=event.pk).exists()
    )


@transaction.atomic
def draft_notice(
    user: User | None,
    event: AlertEvent,
    kind: str,
    *,
    first: Notice | None = None,
    measures: str = "",
    assistance: str = "",
) -> Notice:
    """A draft notification; None as user = drafted by the platform on an alert."""
    if user is not None:
        require(user, Perm.MANAGE_CORRESPONDENCE)
    if kind != Notice.Kind.EARLY_WARNING and first is None:
        first = Notice.objects.filter(event=event, first__isnull=True).order_by("id").first()
        if first is None:
            raise ValidationError(_("A follow-up needs the first notification of the alert."))
    if kind == Notice.Kind.ASSISTANCE and not assistance.strip():
        raise ValidationError(_("Say the scope and type of assistance requested."))
    notice = Notice(
        event=event,
        kind=kind,
        first=first,
        exercise=is_exercise(event),
        content=annex_content(event, kind, measures, assistance),
        created_by=user,
    )
    save_with_audit(notice, user, "drafted")
    notice.bodies.set(bodies_for(event.series.point.facility))
    return notice


def render_letter(notice: Notice) -> str:
    """The letter text: Russian, then English (Annex IX elements as label: value)."""
    parts = []
    for language in ("ru", "en"):
        with translation.override(language):
            lines = []
            if notice.exercise:
                lines.append(_("EXERCISE - EXERCISE - EXERCISE"))
            lines += [f"{label}: {value}" for label, value in notice.rendered(language)]
            parts.append("\n".join(lines))
    return "\n\n---\n\n".join(parts)


def _subject(notice: Notice) -> str:
    with translation.override("en"):
        facility = notice.event.series.point.facility
        prefix = "EXERCISE " if notice.exercise else ""
        return f"{prefix}{notice.get_kind_display()}: {facility.name_en}"[:400]


@transaction.atomic
def submit_notice(user: User, notice: Notice) -> Notice:
    """The secretariat sends the draft to the leading co-chair through the correspondence flow
    (a group letter submitted for approval, §28)."""
    from tailsafe.correspondence import services as correspondence

    require(user, Perm.MANAGE_CORRESPONDENCE)
    locked = Notice.objects.select_for_update().get(pk=notice.pk)
    if not locked.can_be_submitted:
        raise ValidationError(_("Only a draft can be submitted; nothing was changed."))
    if missing_elements(locked):
        raise ValidationError(_("Some required elements are empty."))
    if not locked.bodies.exists():
        raise ValidationError(_("No receiving body: add a routing rule first."))
    letter = correspondence.draft_group_letter(
        user,
        {
            "correspondent": ", ".join(str(b) for b in locked.bodies.all())[:300],
            "subject": _subject(locked),
            "body": render_letter(locked),
        },
    )
    letter = correspondence.submit_for_approval(user, letter)
    locked.letter = letter
    locked.status = Notice.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    save_with_audit(locked, user, "submitted to the leading co-chair")
    notifications.notify(
        [letter.submitted_to],
        Kind.APPROVAL,
        text(
            N_("Transboundary notification to approve: %(kind)s"),
            kind=text(KIND_KEYS[Notice.Kind(locked.kind)]),
        ),
        text(N_("Two taps on the phone: Approve, then Confirm and send (§28).")),
        reverse("transboundary:approve", args=[locked.pk]),
        key=f"tb-approve:{locked.pk}",
    )
    return locked


@transaction.atomic
def approve_and_send(user: User, notice: Notice) -> Notice:
    """Only the leading co-chair approves (§28, correspondence.approve_letter checks); the
    notice then goes to every receiving body, each sending logged."""
    from tailsafe.correspondence import services as correspondence

    correspondence.check_leading_cochair(user)
    locked = Notice.objects.select_for_update().get(pk=notice.pk)
    if locked.status != Notice.Status.SUBMITTED or locked.letter is None:
        raise ValidationError(_("This notification is not waiting for approval."))
    letter = locked.letter
    if letter.status != letter.Status.APPROVED:
        letter = correspondence.approve_letter(user, letter, None)
    return _approved(locked, letter.approved_by or user)


def _approved(locked: Notice, approver: Any) -> Notice:
    locked.status = Notice.Status.SENT
    locked.approved_by = approver
    locked.approved_at = timezone.now()
    save_with_audit(locked, approver, "approved")
    _send(locked)
    locked.sent_at = timezone.now()
    save_with_audit(locked, approver, "sent")
    return locked


@transaction.atomic
def letter_approved(letter_id: int) -> Notice | None:
    """The co-chair approved the notice's letter on the correspondence page (§28): send it
    now, once (a notice already sent, e.g. by approve_and_send, is left alone)."""
    locked = (
        Notice.objects.select_for_update(of=("self",))
        .select_related("letter__approved_by")
        .filter(letter_id=letter_id, status=Notice.Status.SUBMITTED)
        .first()
    )
    if locked is None or locked.letter is None or locked.letter.status != "approved":
        return None
    return _approved(locked, locked.letter.approved_by)


def _send(notice: Notice) -> None:
    """One e-mail per receiving body in its language (Russian or English); a body without a
    channel is logged as not delivered, for the secretariat to reach by other means."""
    for body in notice.bodies.all():
        language = body.language or "ru"
        delivery = Delivery(notice=notice, body=body, address=body.email, language=language)
        if not body.email:
            delivery.detail = "no channel recorded"
        else:
            with translation.override(language):
                lines = [f"{label}: {value}" for label, value in notice.rendered(language)]
                if notice.exercise:
                    lines.insert(0, _("EXERCISE - EXERCISE - EXERCISE"))
                subject = _subject(notice)
            try:
                EmailMessage(
                    subject=subject,
                    body="\n".join(lines),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[body.email],
                ).send()
                delivery.ok = True
            except Exception as exc:
                logger.warning("transboundary delivery to %s failed: %s", body.email, exc)
                delivery.detail = str(exc)[:500]
        delivery.save()
    notifications.notify(
        [notice.created_by, notice.approved_by],
        Kind.ALERT,
        text(
            N_("Transboundary notification sent: %(kind)s"),
            kind=text(KIND_KEYS[Notice.Kind(notice.kind)]),
        ),
        text(N_("Sent to %(n)s receiving bodies; see the delivery log."), n=notice.bodies.count()),
        reverse("transboundary:notice", args=[notice.pk]),
        key=f"tb-sent:{notice.pk}",
    )


def pending_followups(now: dt.datetime | None = None) -> QuerySet[Notice]:
    """First notifications sent whose alert is still open: follow-up information is due
    (Annex IX §3) until the alert is closed."""
    return Notice.objects.filter(first__isnull=True, status=Notice.Status.SENT).exclude(
        event__status=AlertEvent.Status.RESOLVED
    )
