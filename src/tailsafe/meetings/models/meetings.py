"""Meetings (M1) and their agenda with its documents (M2)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tailsafe.meetings import lifecycle

if TYPE_CHECKING:
    from tailsafe.meetings.models.minutes import Minutes


class Meeting(models.Model):
    """A meeting of the group (§24-25): hosted by the leading co-chair by default."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        CONVENED = "convened", _("convened")
        HELD = "held", _("held")
        MINUTES_APPROVED = "minutes_approved", _("minutes approved")
        POSTPONED = "postponed", _("postponed")
        CANCELLED = "cancelled", _("cancelled")

    class AgendaStatus(models.TextChoices):
        DRAFT = "draft", _("draft")
        CIRCULATED = "circulated", _("circulated")
        FINAL = "final", _("final")

    number = models.PositiveIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("date and time"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    host = models.ForeignKey(
        "governance.Institution",
        verbose_name=_("hosting authority"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_meetings",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    agenda_status = models.CharField(
        _("agenda status"), max_length=12, choices=AgendaStatus.choices, default=AgendaStatus.DRAFT
    )
    summary_published = models.BooleanField(_("summary published"), default=False)
    status_reason = models.TextField(_("reason for postponing or cancelling"), blank=True)
    ics_sequence = models.PositiveIntegerField(
        _("calendar sequence"),
        default=0,
        editable=False,
        help_text=_("RFC 5545 SEQUENCE: raised with every change sent to the invitees."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at", "-number"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"№{self.number}: {self.title}"

    @property
    def year(self) -> int:
        return timezone.localtime(self.starts_at).year

    @property
    def end(self) -> dt.datetime:
        if self.ends_at:
            return self.ends_at
        minutes = sum(item.duration_min for item in self.agenda_items.all()) or 180
        return self.starts_at + dt.timedelta(minutes=minutes)

    @property
    def is_closed(self) -> bool:
        """Held with approved minutes, or cancelled: nothing about it changes any more."""
        return self.status in (self.Status.MINUTES_APPROVED, self.Status.CANCELLED)

    @property
    def takes_attendance(self) -> bool:
        """Asked by record_attendance (which refuses otherwise) and by the attendance tab (which
        shows the form): the list may change until the minutes are approved."""
        return self.status != self.Status.MINUTES_APPROVED

    def next_steps(self, now: dt.datetime | None = None) -> list[tuple[str, str]]:
        """The status changes allowed now, as (status, button label) (M1); templates ask this
        instead of repeating the rule. See meetings/lifecycle.py."""
        return [
            (step, str(STEP_LABELS[step]))
            for step in lifecycle.allowed_steps(self.status, self.starts_at, now or timezone.now())
        ]

    def current_minutes(self) -> Minutes | None:
        return self.minutes_versions.order_by("-version").first()


STEP_LABELS = {
    lifecycle.PLANNED: _("Back to planned"),
    lifecycle.CONVENED: _("Mark convened"),
    lifecycle.HELD: _("Mark held"),
    lifecycle.POSTPONED: _("Postpone"),
    lifecycle.CANCELLED: _("Cancel the meeting"),
}


class AgendaItem(models.Model):
    """An item of the agenda (M2): ordered, with presenter, duration, documents, a facility
    reference (a plain reference until facilities are linked) and action items to review."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    duration_min = models.PositiveIntegerField(_("duration (minutes)"), default=15)
    facility_reference = models.CharField(_("facilities concerned"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawing"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


def document_path(instance: AgendaDocument, filename: str) -> str:
    return f"meetings/{instance.agenda_item.meeting_id}/documents/{filename}"


class AgendaDocument(models.Model):
    """A document attached to an agenda item (checked by core.uploads)."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=document_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("agenda document")

    def __str__(self) -> str:
        return self.title
