"""notify(): the one way areas tell people something (P6).

Records the in-app copy and e-mails according to each user's preference for the kind: at once
(through a django.tasks task, so a slow mail server never blocks a request) or in the daily
digest (management command ``send_digest``). A notification is e-mailed at most once:
``send_one`` locks its row and sets ``emailed_at`` in the transaction that sends. If the worker
dies before that transaction commits, the row stays unsent and ``send_pending`` (management
command ``send_pending_notifications``, run by cron) sends it later, once (docs/reminders.md).
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tailsafe.core.i18n import language_for
from tailsafe.core.stored_text import StoredText, is_stored_text, render
from tailsafe.notifications.models import Kind, Notification, NotificationPreference

if TYPE_CHECKING:
    from tailsafe.core.models import User
    from tailsafe.core.typing import AnyUser

logger = logging.getLogger(__name__)

Channel = NotificationPreference.Channel
Digest = NotificationPreference.Digest
# (filename, content, mimetype), as EmailMessage.attach takes it
Attachment = tuple[str, bytes, str]


DEFAULT_CHOICE = (Channel.BOTH, Digest.IMMEDIATE)
"""(channel, digest) of a user who chose nothing for a kind: both, immediately."""


def preference(user: User, kind: str) -> tuple[str, str]:
    """(channel, digest) for one user and kind."""
    pref = NotificationPreference.objects.filter(user=user, kind=kind).first()
    if pref is None:
        return DEFAULT_CHOICE
    return pref.channel, pref.digest


def _encode(attachments: Sequence[Attachment]) -> list[dict[str, str]]:
    return [
        {"filename": name, "mimetype": mimetype, "content": base64.b64encode(content).decode()}
        for name, content, mimetype in attachments
    ]


def notify(
    users: Iterable[Any],
    kind: str,
    title: str | StoredText,
    body: str | StoredText = "",
    link: str = "",
    *,
    attachments: Sequence[Attachment] = (),
    key: str = "",
) -> list[Notification]:
    """Tell ``users`` about an event of ``kind``. Returns the notifications recorded.

    Every recipient gets a stored Notification (the centre shows only those whose channel
    includes in-app; e-mail-only ones stay as the record of what was sent). Inactive or
    archived users and duplicates are skipped. With a ``key`` (the event, e.g. ``alert:42``) a
    user who was already told about it is skipped too, so a task that runs twice tells once.
    ``attachments`` go with the e-mail (the digest points to the centre, which offers them).
    The immediate e-mail is enqueued when the caller's transaction commits.

    ``title`` and ``body`` should be stored texts (``core.stored_text.text``: a message key
    with parameters): each reader then sees them in their own language, in the centre and in
    the e-mail, even after changing language. A plain str is stored as it is."""
    if kind not in Kind.values:
        raise ValidationError(_("Unknown notification kind."))
    files = _encode(attachments)
    created: list[Notification] = []
    seen: set[int] = set()
    if key:
        seen.update(Notification.objects.filter(key=key).values_list("user_id", flat=True))
    recipients = [u for u in users if u is not None and u.is_reachable]
    choices = {
        p.user_id: (p.channel, p.digest)
        for p in NotificationPreference.objects.filter(
            user__in=[u.pk for u in recipients], kind=kind
        )
    }
    for user in recipients:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        channel, digest = choices.get(user.pk, DEFAULT_CHOICE)
        language = language_of(user)
        note = Notification(
            user=user,
            kind=kind,
            title=render(title, language)[:300],
            body=render(body, language),
            title_text=title if is_stored_text(title) else None,
            body_text=body if is_stored_text(body) else None,
            link=link[:500],
            key=key,
            attachments=files,
            # an e-mail-only notification needs no reading in the centre
            read_at=timezone.now() if channel == Channel.EMAIL else None,
        )
        try:
            with transaction.atomic():  # a concurrent run told this user first: skip
                note.save()
        except IntegrityError:
            if not key:
                raise
            continue
        created.append(note)
        if channel != Channel.IN_APP and digest == Digest.IMMEDIATE and user.email:
            from tailsafe.notifications.tasks import email_notification

            transaction.on_commit(partial(email_notification.enqueue, note.pk))
    return created


def language_of(user: User) -> str:
    """The language a user reads the platform in (their choice, else the site's default)."""
    return language_for(user)


def notify_translated(
    users: Iterable[Any],
    kind: str,
    texts: Callable[[], tuple[str, str]],
    link: str = "",
    **options: Any,
) -> list[Notification]:
    """notify() with the title and body in each recipient's own language: ``texts()`` returns
    (title, body) and is called once per language, with that language active.

    Prefer notify() with stored texts: this freezes each copy in the language the recipient had
    when it was sent. Kept for texts that cannot be stored as a key (the meeting invitation)."""
    groups: dict[str, list[Any]] = {}
    for user in users:
        if user is not None:
            groups.setdefault(language_of(user), []).append(user)
    created: list[Notification] = []
    for language, group in sorted(groups.items()):
        with translation.override(language):
            title, body = texts()
            created += notify(group, kind, str(title), str(body), link, **options)
    return created


def absolute(link: str) -> str:
    """A link usable outside the application: a relative one gets SITE_URL, if configured."""
    if not link or "://" in link:
        return link
    site = getattr(settings, "SITE_URL", "")
    return f"{site.rstrip('/')}{link}" if site else ""


def _message_id(note: Notification) -> str:
    # The same Message-ID on every attempt: should a message ever go out twice (see send_one),
    # mail servers and clients recognise the copy.
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("<> ") or "tailsafe"
    return f"<notification-{note.pk}.{note.created:%Y%m%d%H%M%S}@{domain}>"


def send_one(notification_id: int) -> bool:
    """E-mail one notification now; never twice.

    The row is locked (select_for_update) and ``emailed_at`` is set in the same transaction as
    the message is handed to the mail server; the transaction commits only after that
    succeeded. A worker killed while sending dies with its transaction: the row is unsent again
    and the retry (``send_pending``) sends it once. A concurrent second attempt waits for the
    lock, then finds the row sent. What remains is the instant between the mail server's
    acceptance and the commit: a kill exactly there sends a second copy, with the same
    Message-ID."""
    with transaction.atomic():
        note = (
            Notification.objects.select_for_update()
            .select_related("user")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if note is None or not note.user.email:
            return False
        language = language_of(note.user)
        title = note.shown_title(language)
        body = note.shown_body(language)
        url = absolute(note.link)
        if url and url not in body:
            body = f"{body}\n\n{url}".strip()
        message = EmailMessage(
            subject=title,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[note.user.email],
            headers={"Message-ID": _message_id(note)},
        )
        for filename, content, mimetype in note.files():
            message.attach(filename, content, mimetype)
        message.send()
        note.emailed_at = timezone.now()
        note.save(update_fields=["emailed_at"])
    return True


def pending(
    older_than: dt.timedelta = dt.timedelta(minutes=10),
    max_age: dt.timedelta = dt.timedelta(days=2),
) -> QuerySet[Notification]:
    """Immediate e-mails still unsent after ``older_than``: their task was lost (a worker
    killed mid-task, the mail server down). Only users who want the kind by e-mail at once
    count; older than ``max_age`` is too late to be worth an e-mail."""
    now = timezone.now()
    not_now = NotificationPreference.objects.filter(
        user=OuterRef("user"), kind=OuterRef("kind")
    ).filter(Q(channel=Channel.IN_APP) | Q(digest=Digest.DAILY))
    return (
        Notification.objects.filter(
            emailed_at__isnull=True,
            created__lte=now - older_than,
            created__gte=now - max_age,
            user__is_active=True,
            user__archived_at__isnull=True,
        )
        .exclude(user__email="")
        .exclude(Exists(not_now))
        .order_by("created", "id")
    )


def send_pending(
    older_than: dt.timedelta = dt.timedelta(minutes=10),
    max_age: dt.timedelta = dt.timedelta(days=2),
    limit: int = 1000,
) -> int:
    """The recovery path of immediate e-mails: send each one still pending, once. Safe beside a
    running worker (send_one locks and re-checks each row). Returns the e-mails sent."""
    ids = list(pending(older_than, max_age).values_list("pk", flat=True)[:limit])
    sent = 0
    for pk in ids:
        if send_one(pk):
            sent += 1
    if sent:
        logger.warning("sent %d notification e-mail(s) whose task had not run", sent)
    return sent


def digest_pending(user: User) -> QuerySet[Notification]:
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
        with transaction.atomic(), translation.override(language_of(user)):
            notes = list(digest_pending(user).select_for_update().order_by("created", "id"))
            if not notes:
                continue
            lines = []
            for n in notes:
                url = absolute(n.link)
                lines.append(f"- {n.shown_title()}" + (f" ({url})" if url else ""))
                if n.attachments:
                    # the digest carries no files: say where they are
                    lines.append(
                        "  "
                        + _("Attached in the notification centre of TailSafe: %(files)s")
                        % {"files": ", ".join(a["filename"] for a in n.attachments)}
                    )
            subject = _("TailSafe: %(count)d new notifications") % {"count": len(notes)}
            send_mail(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [user.email])
            Notification.objects.filter(pk__in=[n.pk for n in notes]).update(
                emailed_at=timezone.now()
            )
            sent += 1
    return sent


def inbox(user: User) -> QuerySet[Notification]:
    """What the centre shows: in-app notifications of this user."""
    return Notification.objects.filter(user=user).exclude(
        kind__in=NotificationPreference.objects.filter(
            user=user, channel=Channel.EMAIL
        ).values_list("kind", flat=True)
    )


def unread_count(user: AnyUser | None, kind: str = "") -> int:
    if user is None or not user.is_authenticated:
        return 0
    qs = inbox(user).filter(read_at__isnull=True)
    return (qs.filter(kind=kind) if kind else qs).count()


def mark_read(user: User, notification: Notification | None = None) -> int:
    """Mark one (or, with None, all) of the user's own notifications read."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification is not None:
        if notification.user_id != user.pk:
            raise PermissionDenied
        qs = qs.filter(pk=notification.pk)
    return qs.update(read_at=timezone.now())


def mark_read_event(user: User, key: str) -> int:
    """Mark the user's notification of one event read (e.g. once they acknowledged the alert)."""
    return Notification.objects.filter(user=user, key=key, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def attachment(user: User, notification: Notification, index: int) -> Attachment:
    """One file of the user's own notification (the centre offers what the e-mail carried)."""
    if notification.user_id != user.pk:
        raise PermissionDenied
    files = notification.files()
    if not 0 <= index < len(files):
        raise ValidationError(_("This notification has no such file."))
    return files[index]


@transaction.atomic
def save_preferences(user: User, prefs: dict[str, tuple[str, str]]) -> None:
    """Store the user's choice for each kind (own preferences only)."""
    for kind, (channel, digest) in prefs.items():
        if kind not in Kind.values or channel not in Channel.values or digest not in Digest.values:
            raise ValidationError(_("Unknown notification choice."))
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"channel": channel, "digest": digest}
        )
