"""notify(): the one way areas tell people something (P6).

Records the in-app copy and e-mails according to each user's preference for the kind: at once
(through a django.tasks task, so a slow mail server never blocks a request) or in the daily
digest (management command ``send_digest``).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tailsafe.notifications.models import Kind, Notification, NotificationPreference

Channel = NotificationPreference.Channel
Digest = NotificationPreference.Digest


def preference(user: Any, kind: str) -> tuple[str, str]:
    """(channel, digest) for one user and kind; the default is both, immediately."""
    pref = NotificationPreference.objects.filter(user=user, kind=kind).first()
    if pref is None:
        return Channel.BOTH, Digest.IMMEDIATE
    return pref.channel, pref.digest


def notify(
    users: Iterable[Any], kind: str, title: str, body: str = "", link: str = ""
) -> list[Notification]:
    """Tell ``users`` about an event of ``kind``. Returns the notifications recorded.

    Every recipient gets a stored Notification (the centre shows only those whose channel
    includes in-app; e-mail-only ones stay as the record of what was sent). Inactive or
    archived users and duplicates are skipped."""
    if kind not in Kind.values:
        raise ValidationError(_("Unknown notification kind."))
    created: list[Notification] = []
    seen: set[int] = set()
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        if getattr(user, "archived_at", None) is not None:
            continue
        seen.add(user.pk)
        channel, digest = preference(user, kind)
        note = Notification.objects.create(
            user=user,
            kind=kind,
            title=title[:300],
            body=body,
            link=link[:500],
            # an e-mail-only notification needs no reading in the centre
            read_at=timezone.now() if channel == Channel.EMAIL else None,
        )
        created.append(note)
        if channel != Channel.IN_APP and digest == Digest.IMMEDIATE and user.email:
            from tailsafe.notifications.tasks import email_notification

            transaction.on_commit(partial(email_notification.enqueue, note.pk))
    return created


def send_one(notification_id: int) -> bool:
    """E-mail one notification now (idempotent: never twice)."""
    with transaction.atomic():
        note = (
            Notification.objects.select_for_update()
            .select_related("user")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if note is None or not note.user.email:
            return False
        body = note.body
        if note.link:
            body = f"{body}\n\n{note.link}"
        send_mail(note.title, body, settings.DEFAULT_FROM_EMAIL, [note.user.email])
        note.emailed_at = timezone.now()
        note.save(update_fields=["emailed_at"])
    return True


def digest_pending(user: Any) -> QuerySet[Notification]:
    """Notifications waiting for this user's daily digest."""
    kinds = NotificationPreference.objects.filter(
        user=user, digest=Digest.DAILY, channel__in=[Channel.EMAIL, Channel.BOTH]
    ).values_list("kind", flat=True)
    return Notification.objects.filter(user=user, kind__in=list(kinds), emailed_at__isnull=True)


def send_digests() -> int:
    """One e-mail per user with everything waiting for the daily digest. Returns e-mails sent."""
    from tailsafe.core.models import User

    sent = 0
    user_ids = (
        NotificationPreference.objects.filter(digest=Digest.DAILY)
        .values_list("user_id", flat=True)
        .distinct()
    )
    for user in User.objects.filter(pk__in=list(user_ids), is_active=True).exclude(email=""):
        with transaction.atomic():
            notes = list(digest_pending(user).select_for_update().order_by("created", "id"))
            if not notes:
                continue
            lines = [f"- {n.title}" + (f" ({n.link})" if n.link else "") for n in notes]
            subject = _("TailSafe: %(count)d new notifications") % {"count": len(notes)}
            send_mail(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [user.email])
            Notification.objects.filter(pk__in=[n.pk for n in notes]).update(
                emailed_at=timezone.now()
            )
            sent += 1
    return sent


def inbox(user: Any) -> QuerySet[Notification]:
    """What the centre shows: in-app notifications of this user."""
    return Notification.objects.filter(user=user).exclude(
        kind__in=NotificationPreference.objects.filter(
            user=user, channel=Channel.EMAIL
        ).values_list("kind", flat=True)
    )


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return inbox(user).filter(read_at__isnull=True).count()


def mark_read(user: Any, notification: Notification | None = None) -> int:
    """Mark one (or, with None, all) of the user's own notifications read."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification is not None:
        if notification.user_id != user.pk:
            raise PermissionDenied
        qs = qs.filter(pk=notification.pk)
    return qs.update(read_at=timezone.now())


@transaction.atomic
def save_preferences(user: Any, prefs: dict[str, tuple[str, str]]) -> None:
    """Store the user's choice for each kind (own preferences only)."""
    for kind, (channel, digest) in prefs.items():
        if kind not in Kind.values or channel not in Channel.values or digest not in Digest.values:
            raise ValidationError(_("Unknown notification choice."))
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"channel": channel, "digest": digest}
        )
