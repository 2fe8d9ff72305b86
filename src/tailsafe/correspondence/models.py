"""Official correspondence (A4): the register of incoming and outgoing letters, and outgoing
letters on behalf of the group approved by the leading co-chair of the term (§28)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def letter_path(instance: Letter, filename: str) -> str:
    return f"correspondence/{instance.pk or 'new'}/{filename}"


class Letter(models.Model):
    """A letter in the register. A group letter (outgoing, on behalf of the group) goes
    draft -> submitted -> approved (frozen, numbered, final PDF) or back to draft when rejected.
    `version` increases with every change, so an approval from an old page changes nothing."""

    class Direction(models.TextChoices):
        INCOMING = "incoming", _("incoming")
        OUTGOING = "outgoing", _("outgoing")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted for approval")
        REJECTED = "rejected", _("returned with comments")
        APPROVED = "approved", _("approved")

    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    on_behalf_of_group = models.BooleanField(_("on behalf of the group"), default=False)
    number = models.CharField(_("number"), max_length=60, unique=True, null=True, blank=True)
    date = models.DateField(_("date"), default=timezone.localdate)
    correspondent = models.CharField(_("sender or addressee"), max_length=300)
    # The participating institution the letter comes from or goes to, when it is one: its users
    # (operators, inspectors) read the letter (docs/permissions.md, issue 14).
    institution = models.ForeignKey(
        "governance.Institution",
        verbose_name=_("institution (sender or addressee)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    subject = models.CharField(_("subject"), max_length=400)
    body = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to=letter_path, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REGISTERED
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    review_comments = models.TextField(_("comments of the co-chair"), blank=True)
    submitted_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Stored text (core.stored_text): why the letter waits for another co-chair than the one it
    # was submitted to (a change of year or of the rotation; §28).
    handover_note = models.JSONField(_("handover note"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    final_pdf = models.FileField(_("final PDF"), upload_to=letter_path, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")

    def __str__(self) -> str:
        return f"{self.number or '—'} {self.subject}"

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.APPROVED

    # The next steps, asked by the services (which refuse otherwise) and by the templates (which
    # show the buttons): the rule in one place.
    @property
    def is_editable(self) -> bool:
        """A draft, or a letter the co-chair returned with comments."""
        return self.status in (self.Status.DRAFT, self.Status.REJECTED)

    @property
    def can_be_submitted(self) -> bool:
        return self.on_behalf_of_group and self.is_editable

    @property
    def awaits_approval(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_group_draft(self) -> bool:
        return self.on_behalf_of_group and self.status != self.Status.APPROVED
