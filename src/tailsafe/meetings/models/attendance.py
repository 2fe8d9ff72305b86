"""Who is invited to a meeting and who attended (M3)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tailsafe.meetings.models.meetings import Meeting


class Invitation(models.Model):
    """An invitation of a member or a guest (§20, M3). The reply link carries a random token;
    only its SHA-256 is stored, and a reply uses it up."""

    class Reply(models.TextChoices):
        YES = "yes", _("will attend")
        NO = "no", _("will not attend")
        DELEGATE = "delegate", _("sends a delegate")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        "governance.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    guest = models.ForeignKey(
        "governance.Guest", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "governance.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    reply = models.CharField(_("reply"), max_length=10, choices=Reply.choices, blank=True)
    delegate_name = models.CharField(_("delegate"), max_length=200, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "guest", "name"]
        verbose_name = _("invitation")

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def is_guest(self) -> bool:
        return self.guest_id is not None


class Attendance(models.Model):
    """Who was at the meeting (M3): the list of participants comes from here, guests marked."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        "governance.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    guest = models.ForeignKey(
        "governance.Guest", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    institution = models.ForeignKey(
        "governance.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    is_guest = models.BooleanField(_("guest"), default=False)
    present = models.BooleanField(_("present"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["is_guest", "name"]
        verbose_name = _("attendance")

    def __str__(self) -> str:
        return self.name
