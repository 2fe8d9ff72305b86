"""Minutes, their items and the members' comments on a draft (M4)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tailsafe.meetings.models.meetings import AgendaItem, Meeting


class Minutes(models.Model):
    """One version of a meeting's minutes (M4): draft -> circulated -> approved (frozen).
    A correction after approval is a new version pointing to the previous one. `revision`
    increases with every save so that a stale editor cannot overwrite a newer text."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        CIRCULATED = "circulated", _("circulated for comments")
        APPROVED = "approved", _("approved")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="minutes_versions")
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    revision = models.PositiveIntegerField(default=0, editable=False)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "-version"]
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="minutes_one_version")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} v{self.version}"

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.APPROVED

    # The next steps, asked by the services (which refuse otherwise) and by the templates (which
    # show the button): the rule in one place.
    @property
    def can_be_circulated(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def can_be_approved(self) -> bool:
        return self.status == self.Status.CIRCULATED

    @property
    def takes_comments(self) -> bool:
        return self.status == self.Status.CIRCULATED

    def as_text(self) -> str:
        """The minutes as plain text: what a correction's diff compares."""
        lines: list[str] = []
        for item in self.items.all():
            lines.append(f"{item.order}. {item.title}")
            for label, text in (
                (_("Summary"), item.summary),
                (_("Decisions"), item.decisions),
                (_("Recommendations"), item.recommendations),
            ):
                if text.strip():
                    lines.append(f"  {label}:")
                    lines.extend(f"    {line}" for line in text.strip().splitlines())
            for proposal in item.proposals.all():
                lines.append(f"  [{proposal.get_kind_display()}] {proposal.text}")
            lines.append("")
        return "\n".join(lines)


class MinutesItem(models.Model):
    """The minutes of one agenda item: summary, decisions, recommendations (M4)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="items")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="minutes_items"
    )
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["minutes", "order", "id"]
        verbose_name = _("minutes item")

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class MinutesComment(models.Model):
    """A participant's comment on circulated minutes, on the whole or on one item (M4)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments")
    item = models.ForeignKey(
        MinutesItem, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment on minutes")

    def __str__(self) -> str:
        return self.text[:60]
