"""What happens to an alert event (T7): who is told and in which words, acknowledging and
resolving it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from tailsafe.core.audit import save_with_audit
from tailsafe.core.permissions import Perm, require
from tailsafe.core.stored_text import StoredText, lines, name_of, text
from tailsafe.monitoring import rules
from tailsafe.monitoring import thresholds as tarp
from tailsafe.monitoring.models import (
    AlertEvent,
)
from tailsafe.notifications import services as notifications
from tailsafe.notifications.models import Kind

if TYPE_CHECKING:
    from tailsafe.core.models import User

# --- notification (T7) ---------------------------------------------------------------------


def recipients(event: AlertEvent) -> QuerySet[Any]:
    """Active users of the notified institutions and of the point's responsible institution."""
    from tailsafe.core.models import active_users

    pp = event.series
    inst_ids = set(pp.notified.values_list("pk", flat=True))
    if pp.point.responsible_id:
        inst_ids.add(pp.point.responsible_id)
    return active_users().filter(institution_id__in=inst_ids)


def alert_key(event_id: int) -> str:
    """The notification key of an alert event: one notification per user and event."""
    return f"alert:{event_id}"


STATE_MSGIDS = {
    "normal": N_("normal"),
    "alert": N_("alert"),
    "alarm": N_("alarm"),
    "emergency": N_("emergency"),
    tarp.WITHIN: N_("within the norm"),
    tarp.EXCEEDS: N_("exceeds the norm"),
}
"""The English msgids of the levels and norm states (models.EVENT_STATE_CHOICES), for stored
texts."""


def state_text(state: str) -> StoredText | str:
    msgid = STATE_MSGIDS.get(state)
    return text(msgid) if msgid else state


def alert_texts(event: AlertEvent) -> tuple[StoredText, StoredText]:
    """Subject and body of an alert as stored texts (core.stored_text): every recipient reads
    them in their own language. A norm event names the norm; a TARP event the response."""
    series = event.series
    unit = series.parameter.unit
    value = "—" if event.value is None else f"{readable(event.value)} {unit}"
    point, facility = series.point, series.point.facility
    where = text(
        N_("%(point)s (%(facility)s)"),
        point=f"{point.code} {point.name}",
        facility=lines(facility.code, name_of(facility), separator=" "),
    )
    named_series = lines(point.code, name_of(series.parameter), separator=" · ")
    if event.basis == AlertEvent.Basis.NORM:
        subject = text(
            N_("[TailSafe] %(state)s: %(series)s"),
            state=state_text(event.to_level),
            series=named_series,
        )
        body = lines(
            text(
                N_("%(param)s at %(point)s: %(before)s -> %(after)s. Value: %(value)s."),
                param=name_of(series.parameter),
                point=where,
                before=state_text(event.from_level),
                after=state_text(event.to_level),
                value=value,
            ),
            text(N_("Norm: %(norm)s"), norm=event.note or "—"),
        )
        return subject, body
    subject = text(
        N_("[TailSafe] %(level)s: %(series)s"),
        level=state_text(event.to_level),
        series=named_series,
    )
    body = lines(
        text(
            N_("Level %(before)s -> %(after)s at %(point)s, %(param)s. Value: %(value)s."),
            before=state_text(event.from_level),
            after=state_text(event.to_level),
            point=where,
            param=name_of(series.parameter),
            value=value,
        ),
        *[part for part in (event.reason, event.note) if part],
        text(N_("Expected response: %(response)s"), response=series.expected_response or "—"),
    )
    return subject, body


def readable(value: float | None) -> str:
    """A reading as people write it (monitoring.numbers.readable)."""
    from tailsafe.monitoring.numbers import readable as show

    return show(value)


def notify_events(event_ids: Iterable[int]) -> int:
    """Tell the recipients of each level change and norm event through notify() with stored
    texts (kind "alert": in-app and e-mail as each user's preferences say; T6, T7). Safe to run
    again for the same events: a user is told about an event once (the notification's key).
    Returns the notifications recorded."""
    events = AlertEvent.objects.filter(pk__in=list(event_ids)).select_related(
        "series__point__facility", "series__parameter"
    )
    link = reverse("monitoring:alert_list")
    count = 0
    told: dict[int, list[Any]] = {}  # recipients depend on the series only: once per series
    for event in events.order_by("pk"):
        if event.series_id not in told:
            told[event.series_id] = list(recipients(event))
        subject, body = alert_texts(event)
        with transaction.atomic():
            count += len(
                notifications.notify(
                    told[event.series_id], Kind.ALERT, subject, body, link, key=alert_key(event.pk)
                )
            )
    return count


# --- acknowledging and resolving (T7) -----------------------------------------------------


def can_handle(user: User, event: AlertEvent) -> bool:
    """HANDLE_ALERTS, refined (monitoring.rules.can_handle)."""
    return rules.can_handle(user, event)


@transaction.atomic
def acknowledge_alert(user: User, event: AlertEvent, note: str = "") -> AlertEvent:
    """Someone responsible has seen the alert and acts on it (T7)."""
    require(user, Perm.HANDLE_ALERTS)
    locked = AlertEvent.objects.select_for_update().get(pk=event.pk)
    if not can_handle(user, locked):
        raise PermissionDenied
    if not locked.can_be_acknowledged:
        raise ValidationError(_("Only an open alert can be acknowledged."))
    locked.status = AlertEvent.Status.ACKNOWLEDGED
    locked.acknowledged_by = user
    locked.acknowledged_at = timezone.now()
    if note:
        locked.note = (locked.note + "\n" + note).strip()
    save_with_audit(locked, user, "alert acknowledged")
    notifications.mark_read_event(user, alert_key(locked.pk))
    return locked


@transaction.atomic
def resolve_alert(user: User, event: AlertEvent, reason: str = "") -> AlertEvent:
    """The response is complete and the alert is closed (T7), with the reason for closing
    (issue 15, item 6): an alert never closes with one click and no word why."""
    require(user, Perm.HANDLE_ALERTS)
    locked = AlertEvent.objects.select_for_update().get(pk=event.pk)
    if not can_handle(user, locked):
        raise PermissionDenied
    if not locked.can_be_resolved:
        raise ValidationError(_("This alert is already resolved."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the alert is closed; it stays open until you do.")}
        )
    now = timezone.now()
    if locked.acknowledged_at is None:
        locked.acknowledged_by, locked.acknowledged_at = user, now
    locked.status = AlertEvent.Status.RESOLVED
    locked.resolved_by = user
    locked.resolved_at = now
    locked.resolution_reason = reason
    save_with_audit(locked, user, "alert resolved")
    notifications.mark_read_event(user, alert_key(locked.pk))
    return locked
