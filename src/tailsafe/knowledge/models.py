"""Knowledge base (K1-K5) and commissioned work (A3). Terms of reference §13, §26-27."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tailsafe.core.models import Archivable


class LegalAct(Archivable):
    """K1: an act or policy the group reviews, with its proposals for change (§26)."""

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("in force")
        DRAFT = "draft", _("draft")
        UNDER_REVIEW = "under_review", _("under review by the group")
        REPEALED = "repealed", _("repealed")

    title = models.CharField(_("act"), max_length=400)
    number = models.CharField(_("number"), max_length=80, blank=True)
    adopted_on = models.DateField(_("date"), null=True, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.IN_FORCE
    )
    summary = models.TextField(_("summary"), blank=True)
    proposals = models.TextField(_("the group's proposals for change"), blank=True)
    decision = models.ForeignKey(
        "meetings.Proposal",
        verbose_name=_("meeting decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    link = models.URLField(_("link"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-adopted_on", "title"]
        verbose_name = _("legal act")
        verbose_name_plural = _("legislation and policy")

    def __str__(self) -> str:
        return f"{self.title} {self.number}".strip()


class Practice(Archivable):
    """K2: international guidance, a project or an event with its results (§26-27)."""

    class Kind(models.TextChoices):
        GUIDANCE = "guidance", _("international guidance")
        PROJECT = "project", _("project")
        EVENT = "event", _("event")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.GUIDANCE)
    title = models.CharField(_("title"), max_length=400)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    year = models.PositiveIntegerField(_("year"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    results = models.TextField(_("results"), blank=True)
    link = models.URLField(_("link"), blank=True)
    facilities = models.ManyToManyField(
        "facilities.Facility", verbose_name=_("facilities"), blank=True, related_name="+"
    )
    decision = models.ForeignKey(
        "meetings.Proposal",
        verbose_name=_("meeting decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "-year", "title"]
        verbose_name = _("good practice or project")
        verbose_name_plural = _("good practices and projects")

    def __str__(self) -> str:
        return self.title


class Lesson(Archivable):
    """K3: an accident, a historical failure or a near miss, with what it teaches (§5, §27)."""

    class Kind(models.TextChoices):
        ACCIDENT = "accident", _("accident")
        FAILURE = "failure", _("historical failure")
        NEAR_MISS = "near_miss", _("near miss")

    key = models.SlugField(max_length=120, unique=True, null=True, blank=True, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.NEAR_MISS)
    name = models.CharField(_("name"), max_length=300)
    country = models.CharField(_("country"), max_length=100, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    date_text = models.CharField(
        _("date"), max_length=20, blank=True, help_text=_("YYYY, YYYY-MM or YYYY-MM-DD")
    )
    year = models.PositiveIntegerField(_("year"), null=True, blank=True)
    facility_type = models.CharField(_("facility type"), max_length=200, blank=True)
    operator = models.CharField(_("operator"), max_length=300, blank=True)
    cause = models.TextField(_("cause (what failed)"), blank=True)
    released = models.CharField(_("release"), max_length=300, blank=True)
    fatalities = models.CharField(_("fatalities"), max_length=120, blank=True)
    rivers = models.CharField(_("rivers reached"), max_length=300, blank=True)
    transboundary = models.CharField(_("transboundary effect"), max_length=300, blank=True)
    lessons = models.TextField(_("lessons"), blank=True)
    sources = models.TextField(_("sources"), blank=True)
    confidence = models.CharField(_("confidence"), max_length=10, blank=True)
    dam_height_m = models.FloatField(_("dam height (m)"), null=True, blank=True)
    total_volume_mm3 = models.FloatField(_("stored volume (million m³)"), null=True, blank=True)
    released_volume_mm3 = models.FloatField(
        _("released volume (million m³)"), null=True, blank=True
    )
    runout_km = models.FloatField(_("run-out (km)"), null=True, blank=True)
    facility = models.ForeignKey(
        "facilities.Facility",
        verbose_name=_("facility"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("reviewed at meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "-year", "name"]
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")

    def __str__(self) -> str:
        return self.name


class EprRecommendation(models.Model):
    """K4: a recommendation of the 3rd Environmental Performance Review (§13)."""

    code = models.CharField(_("number"), max_length=10, unique=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary (terms of reference §13)"), blank=True)
    full_text = models.TextField(_("full text"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("EPR recommendation")
        verbose_name_plural = _("EPR recommendations")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def full_text_pending(self) -> bool:
        return not self.full_text.strip()


class ActionMeasure(models.Model):
    """K4: a measure of the national action plan for an EPR recommendation."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        OVERDUE = "overdue", _("overdue")

    recommendation = models.ForeignKey(
        EprRecommendation, on_delete=models.PROTECT, related_name="measures"
    )
    text = models.TextField(_("measure"))
    responsible = models.CharField(_("responsible bodies"), max_length=300, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "deadline", "id"]
        verbose_name = _("action plan measure")

    def __str__(self) -> str:
        return self.text[:80]


class SelfAssessment(models.Model):
    """K5: a dated self-assessment under the Industrial Accidents Convention."""

    title = models.CharField(_("title"), max_length=300)
    assessed_on = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True)
    measures = models.ManyToManyField(
        ActionMeasure, verbose_name=_("linked action plan measures"), blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")

    def __str__(self) -> str:
        return f"{self.title} ({self.assessed_on:%Y-%m-%d})"


class SelfAssessmentAnswer(models.Model):
    """One question and its answer in a self-assessment."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="answers")
    order = models.PositiveIntegerField(default=0)
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "order", "id"]
        verbose_name = _("answer")

    def __str__(self) -> str:
        return self.question[:80]


def commissioned_path(instance: CommissionedWork, filename: str) -> str:
    return f"knowledge/commissioned/{instance.pk or 'new'}/{filename}"


class CommissionedWork(Archivable):
    """A3: work the group commissions; it reports back to a meeting (§26-27)."""

    class Kind(models.TextChoices):
        OBSERVATION = "observation", _("observation")
        CASE_STUDY = "case_study", _("case study")
        RESEARCH = "research", _("research")
        EARLY_WARNING = "early_warning", _("early warning work")
        GUIDELINE = "guideline", _("guideline")
        SURVEY = "survey", _("survey")
        AUDIT = "audit", _("audit")
        PILOT = "pilot", _("pilot")

    class Status(models.TextChoices):
        COMMISSIONED = "commissioned", _("commissioned")
        REPORTED = "reported", _("report received")
        ACCEPTED = "accepted", _("accepted by the group")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    decision = models.ForeignKey(
        "meetings.Proposal",
        verbose_name=_("commissioning decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_minutes = models.ForeignKey(
        "meetings.Minutes",
        verbose_name=_("minutes of the commissioning decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contractor = models.CharField(_("contractor"), max_length=300, blank=True)
    institution = models.ForeignKey(
        "governance.Institution",
        verbose_name=_("responsible institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    tor_file = models.FileField(_("terms of reference"), upload_to=commissioned_path, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    report_to = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("reports to meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    report_file = models.FileField(_("report"), upload_to=commissioned_path, blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.COMMISSIONED
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acceptance_note = models.TextField(_("acceptance note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("commissioned work")
        verbose_name_plural = _("commissioned work")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    # The next steps, asked by the services (which refuse otherwise) and by the template (which
    # shows the forms): the rule in one place.
    @property
    def is_open(self) -> bool:
        """Not accepted yet: a report may still be uploaded."""
        return self.status != self.Status.ACCEPTED

    @property
    def can_be_accepted(self) -> bool:
        return self.is_open and bool(self.report_file)

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == self.Status.COMMISSIONED
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )
