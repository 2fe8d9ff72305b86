"""Per-user notification centre and preferences (P6): what happened, in-app and by e-mail."""

from __future__ import annotations

import base64

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tailsafe.core.stored_text import render


class Kind(models.TextChoices):
    """Events other areas announce through notifications.services.notify()."""

    INVITATION = "invitation", _("meeting invitations")
    REMINDER = "reminder", _("reminders of due action items")
    APPROVAL = "approval", _("approvals and documents to review")
    ALERT = "alert", _("monitoring alerts")
    FACILITY = "facility", _("facility changes to confirm")
    GENERAL = "general", _("other announcements")


class Notification(models.Model):
    """One message to one user; unread while read_at is empty, e-mailed once (emailed_at).

    ``key`` names the event told about (e.g. ``alert:42``) so that a task run twice never tells
    a user twice; ``attachments`` are small files the e-mail carries (the invitation's .ics),
    kept as ``[{"filename", "mimetype", "content" (base64)}]``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    # The same title and text as message keys with parameters (core.stored_text), shown in
    # the reader's language; ``title``/``body`` keep the copy in the recipient's language at
    # the time (older notifications have only that).
    title_text = models.JSONField(_("title (message key)"), null=True, blank=True, editable=False)
    body_text = models.JSONField(_("text (message key)"), null=True, blank=True, editable=False)
    link = models.CharField(_("link"), max_length=500, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    key = models.CharField(_("event"), max_length=120, blank=True, editable=False)
    attachments = models.JSONField(_("attachments"), default=list, blank=True, editable=False)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["user", "read_at"], name="notif_user_unread_idx"),
            models.Index(
                fields=["created"], condition=Q(emailed_at__isnull=True), name="notif_unsent_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~Q(key=""), name="notif_one_per_user_event"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def shown_title(self, language: str | None = None) -> str:
        """The title in ``language`` (default: the active one)."""
        return render(self.title_text, language) if self.title_text else self.title

    def shown_body(self, language: str | None = None) -> str:
        return render(self.body_text, language) if self.body_text else self.body

    def files(self) -> list[tuple[str, bytes, str]]:
        """The attachments as (filename, content, mimetype)."""
        return [
            (a["filename"], base64.b64decode(a["content"]), a["mimetype"])
            for a in self.attachments or []
        ]


class NotificationPreference(models.Model):
    """How a user wants one kind of event: channel and, for e-mail, immediate or daily digest.

    Without a row the default applies: in-app and e-mail, immediately."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail only")
        IN_APP = "in_app", _("in the application only")
        BOTH = "both", _("e-mail and in the application")

    class Digest(models.TextChoices):
        IMMEDIATE = "immediate", _("immediately")
        DAILY = "daily", _("daily digest")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    channel = models.CharField(
        _("channel"), max_length=8, choices=Channel.choices, default=Channel.BOTH
    )
    digest = models.CharField(
        _("e-mail timing"), max_length=10, choices=Digest.choices, default=Digest.IMMEDIATE
    )

    class Meta:
        ordering = ["user", "kind"]
        verbose_name = _("notification preference")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notif_pref_user_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}"
