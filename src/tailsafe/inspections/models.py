"""Checklist assessments (T3) and joint national inspections (T8).

An operator fills a *self-assessment* of their own facility, an inspector an *authority
assessment*; each answer records compliance, the credibility of its evidence, a comment and
evidence files. Submitting freezes an assessment; a new one starts the next version. A joint
inspection is planned by several authorities and records findings per question.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tailsafe.methodology.models import MODULE_CHOICES

ANSWER_CHOICES = [
    ("compliant", _("compliant")),
    ("partly", _("partly compliant")),
    ("not", _("not compliant")),
    ("na", _("not applicable")),
]
CREDIBILITY_CHOICES = [
    ("verified", _("verified by document or inspection")),
    ("stated", _("operator's word only")),
    ("none", _("no information")),
]


class Assessment(models.Model):
    """One checklist assessment of a facility (T3)."""

    class Kind(models.TextChoices):
        SELF = "self", _("operator self-assessment")
        AUTHORITY = "authority", _("authority assessment")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")

    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="checklist_assessments"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    module = models.CharField(_("module"), max_length=20, choices=MODULE_CHOICES)
    bank = models.ForeignKey(
        "methodology.QuestionBank", on_delete=models.PROTECT, related_name="assessments"
    )
    parameter_set = models.ForeignKey(
        "methodology.ParameterSet", on_delete=models.PROTECT, related_name="checklist_assessments"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    institution = models.ForeignKey(
        "governance.Institution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assessing institution"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("checklist assessment")
        verbose_name_plural = _("checklist assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "kind", "version"], name="assessment_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.facility} {self.get_kind_display()} v{self.version}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Answer(models.Model):
    """The answer to one question of an assessment (autosaved while a draft)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey("methodology.Question", on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("answer"), max_length=10, choices=ANSWER_CHOICES, blank=True)
    credibility = models.CharField(
        _("credibility"), max_length=10, choices=CREDIBILITY_CHOICES, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["question__order", "id"]
        verbose_name = _("checklist answer")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="answer_one_per_q")
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.answer}"

    @property
    def complete(self) -> bool:
        return self.answer == "na" or bool(self.answer and self.credibility)


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"inspections/evidence/{instance.answer.assessment_id}/{filename}"


class Evidence(models.Model):
    """A document or photo backing an answer (checked by core.uploads)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("evidence file")

    def __str__(self) -> str:
        return (self.file.name or "").rsplit("/", 1)[-1]


class JointInspection(models.Model):
    """A joint national inspection of a facility by several authorities (T8; EPR rec. 15.3)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        COMPLETED = "completed", _("completed")

    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="joint_inspections"
    )
    date = models.DateField(_("date"))
    module = models.CharField(_("checklist module"), max_length=20, choices=MODULE_CHOICES)
    bank = models.ForeignKey(
        "methodology.QuestionBank", on_delete=models.PROTECT, related_name="inspections"
    )
    parameter_set = models.ForeignKey(
        "methodology.ParameterSet", on_delete=models.PROTECT, related_name="inspections"
    )
    institutions = models.ManyToManyField(
        "governance.Institution", related_name="+", verbose_name=_("participating institutions")
    )
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("inspectors")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(m2m_fields=["institutions"])

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("joint inspection")
        verbose_name_plural = _("joint inspections")

    def __str__(self) -> str:
        return f"{self.facility} {self.date}"


class Finding(models.Model):
    """The inspection team's finding on one question."""

    inspection = models.ForeignKey(
        JointInspection, on_delete=models.CASCADE, related_name="findings"
    )
    question = models.ForeignKey("methodology.Question", on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("answer"), max_length=10, choices=ANSWER_CHOICES, blank=True)
    credibility = models.CharField(
        _("credibility"), max_length=10, choices=CREDIBILITY_CHOICES, blank=True
    )
    text = models.TextField(_("finding"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["question__order", "id"]
        verbose_name = _("finding")
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "question"], name="finding_one_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.answer}"
