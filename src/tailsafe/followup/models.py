"""Action items of the agreed action plan and their progress (A1; §22, §24)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tailsafe.methodology.models import MEASURE_TERMS


class ActionItem(models.Model):
    """An action agreed in the minutes: responsible institutions, due date, status. Overdue is
    derived from the date, never stored. The reminder fields make the reminder task idempotent."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    ACTIVE = (Status.OPEN, Status.IN_PROGRESS)

    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    minutes_item = models.ForeignKey(
        "meetings.MinutesItem",
        verbose_name=_("minutes item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    agenda_items = models.ManyToManyField(
        "meetings.AgendaItem",
        verbose_name=_("reviewed under agenda items"),
        blank=True,
        related_name="action_items",
    )
    description = models.TextField(_("action"))
    responsible = models.ManyToManyField(
        "governance.Institution",
        verbose_name=_("responsible institutions"),
        related_name="action_items",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    reminded_before_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_after_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.description[:80]

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status in self.ACTIVE and self.due_date < today

    @property
    def overdue(self) -> bool:
        return self.is_overdue()


def evidence_path(instance: ProgressUpdate, filename: str) -> str:
    return f"followup/{instance.action_item_id}/evidence/{filename}"


class ProgressUpdate(models.Model):
    """A report on an action item, with evidence (A1)."""

    action_item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(_("progress"))
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, blank=True)
    status_after = models.CharField(
        _("status after the update"), max_length=12, choices=ActionItem.Status.choices, blank=True
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("progress update")

    def __str__(self) -> str:
        return self.text[:80]


# --- A2 recommendations (§27) ------------------------------------------------------------------


class Recommendation(models.Model):
    """A preventive measure the group recommends to an institution or for a facility (§27, A2).

    Drafted from a checklist shortfall's catalogue measure or a joint inspection's finding,
    adopted in a meeting by consensus through a :class:`meetings.Proposal` (or entered in the
    register when minutes that adopted a recommendation by consensus are approved), then
    tracked by the addressed institutions: status, progress and dated evidence
    (:class:`RecommendationUpdate`); publishing is its own action (``public``). Term, due date
    and addressee of a recommendation adopted straight in the minutes stay empty until the
    secretariat fills them in (never invented). Overdue is derived from the due date.
    """

    class Stage(models.TextChoices):
        DRAFT = "draft", _("draft")
        PROPOSED = "proposed", _("proposed to a meeting")
        ADOPTED = "adopted", _("adopted")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        IMPLEMENTED = "implemented", _("implemented")
        NOT_ACCEPTED = "not_accepted", _("not accepted")

    ACTIVE = (Status.NOT_STARTED, Status.IN_PROGRESS)

    class Term(models.TextChoices):
        SHORT = "short", MEASURE_TERMS["short"]
        MID = "mid", MEASURE_TERMS["mid"]
        LONG = "long", MEASURE_TERMS["long"]

    text = models.TextField(_("recommendation"))
    term = models.CharField(_("term"), max_length=6, choices=Term.choices, blank=True)
    addressee = models.ForeignKey(
        "governance.Institution",
        verbose_name=_("addressed institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    also_addressed = models.ManyToManyField(
        "governance.Institution",
        verbose_name=_("also addressed to"),
        blank=True,
        related_name="recommendations_also",
    )
    facility = models.ForeignKey(
        "facilities.Facility",
        verbose_name=_("facility"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    question = models.ForeignKey(
        "methodology.Question",
        verbose_name=_("checklist question"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_assessment = models.ForeignKey(
        "inspections.Assessment",
        verbose_name=_("from the assessment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    source_inspection = models.ForeignKey(
        "inspections.JointInspection",
        verbose_name=_("from the joint inspection"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.DRAFT)
    proposal = models.OneToOneField(
        "meetings.Proposal",
        verbose_name=_("proposal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendation",
    )
    adopted_at = models.DateTimeField(_("adopted"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    published = models.BooleanField(_("published on the public page"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return self.text[:80]

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.stage == self.Stage.ADOPTED
            and self.status in self.ACTIVE
            and self.due_date is not None
            and self.due_date < today
        )

    def addressees(self) -> list[Any]:
        """The addressed institution first, then the others (one or more; §27)."""
        others = sorted(self.also_addressed.all(), key=str)
        first = [self.addressee] if self.addressee is not None else []
        return first + [i for i in others if i.pk != self.addressee_id]

    @property
    def overdue(self) -> bool:
        return self.is_overdue()


def recommendation_evidence_path(instance: RecommendationUpdate, filename: str) -> str:
    return f"followup/recommendations/{instance.recommendation_id}/{filename}"


class RecommendationUpdate(models.Model):
    """A dated report on an adopted recommendation: status, progress and evidence (A2)."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=14, choices=Recommendation.Status.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    text = models.TextField(_("what was done"))
    evidence = models.FileField(_("evidence"), upload_to=recommendation_evidence_path, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("recommendation update")

    def __str__(self) -> str:
        return f"{self.date} {self.status} {self.progress}%"
