"""Parameter sets (data behind every score) and the history of each facility's indexes (T2).

methodology.md ("What is known and what is not"): points, bins, weights and bands are data kept
in a versioned parameter set; every computed result records the set it used.
"""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tailsafe.core.i18n import localized
from tailsafe.methodology import runout
from tailsafe.methodology.params import ParameterSetError, load_parameter_set

# The catalogue measures' terms in words (question bank columns measure_short/_mid/_long).
MEASURE_TERMS = {
    "short": _("short term (≤ 1 year)"),
    "mid": _("mid term (1-3 years)"),
    "long": _("long term (> 3 years)"),
}


class ParameterSet(models.Model):
    """A validated parameter set; exactly one is active at a time (enforced by a constraint)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    version = models.CharField(_("version"), max_length=40)
    provisional = models.BooleanField(_("provisional"), default=True)
    description = models.TextField(_("description"), blank=True)
    data = models.JSONField(_("data"))  # for reading: jsonb does not keep key order
    source_text = models.TextField(_("file as loaded"), blank=True)
    active = models.BooleanField(_("active"), default=False)
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("loaded by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-loaded_at", "-id"]
        verbose_name = _("parameter set")
        verbose_name_plural = _("parameter sets")
        constraints = [
            models.UniqueConstraint(
                fields=["active"],
                condition=models.Q(active=True),
                name="methodology_one_active_parameter_set",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def clean(self) -> None:
        try:
            load_parameter_set(self.source_text or self.data)
        except ParameterSetError as exc:
            raise ValidationError(exc.problems) from exc

    @property
    def params(self) -> dict[str, Any]:
        """The validated set, parsed from the file as loaded: a JSON column (PostgreSQL jsonb)
        does not keep key order, and the order of a ``points`` mapping is the hazard order."""
        if self.source_text:
            return _parse(self.source_text)
        return load_parameter_set(self.data)


@functools.lru_cache(maxsize=16)
def _parse(text: str) -> dict[str, Any]:
    return load_parameter_set(text)


class HazardAssessment(models.Model):
    """One computation of a facility's THI and TRI with the parameter set it used."""

    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.CASCADE, related_name="assessments"
    )
    parameter_set = models.ForeignKey(
        ParameterSet, on_delete=models.PROTECT, related_name="assessments"
    )
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)
    thi = models.FloatField(_("THI"), null=True, blank=True)
    thi_min = models.FloatField(_("THI minimum"), null=True, blank=True)
    thi_max = models.FloatField(_("THI maximum"), null=True, blank=True)
    tri = models.FloatField(_("TRI"), null=True, blank=True)
    tri_min = models.FloatField(_("TRI minimum"), null=True, blank=True)
    tri_max = models.FloatField(_("TRI maximum"), null=True, blank=True)
    terms = models.JSONField(_("terms"), default=dict)
    missing = models.JSONField(_("missing terms"), default=list)
    flags = models.JSONField(_("flags"), default=list)
    inputs = models.JSONField(_("inputs"), default=dict)
    volume_min_m3 = models.FloatField(_("stored volume, minimum (m³)"), null=True, blank=True)
    volume_max_m3 = models.FloatField(_("stored volume, maximum (m³)"), null=True, blank=True)
    volume_basis = models.CharField(_("volume basis"), max_length=40, blank=True)
    estimate = models.BooleanField(
        _("estimate from throughput"),
        default=False,
        help_text=_("The volume is throughput x years of operation, not a measured volume."),
    )
    error = models.TextField(_("why no index could be computed"), blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["-computed_at", "-id"]
        verbose_name = _("hazard assessment")
        verbose_name_plural = _("hazard assessments")

    def __str__(self) -> str:
        return f"{self.facility_id} THI {self.thi_max} ({self.parameter_set_id})"

    @property
    def missing_set(self) -> set[str]:
        return set(self.missing or [])

    def term_rows(self) -> list[dict[str, Any]]:
        return [
            {"term": k, "points": v, "missing": v is None} for k, v in (self.terms or {}).items()
        ]


class RunoutFitVersion(models.Model):
    """A refit of the run-out regression (runout.md, Step 2) on the shipped failure table plus
    the failures the group added to the lessons-learned register (issue 17, item 6).

    Version 1 is the reference fit on the shipped table alone (never stored: it is recomputed
    from the table, ``runout.default_fit``); each stored row is a later version. ``failures``
    lists the added failures as they were used: ``[{"id", "name", "released_volume_Mm3",
    "runout_km"}]``; ``reason`` is a stored text (core/stored_text.py).
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    a = models.FloatField(_("intercept a"))
    b = models.FloatField(_("slope b"))
    s = models.FloatField(_("residual standard deviation s (log10)"))
    n = models.PositiveIntegerField(_("failures used (n)"))
    mean_x = models.FloatField()
    sxx = models.FloatField()
    t = models.FloatField()
    level = models.FloatField(default=0.9)
    source = models.CharField(_("data"), max_length=200)
    rows_read = models.PositiveIntegerField(default=0)
    failures = models.JSONField(_("failures added"), default=list)
    reason = models.JSONField(_("reason"), default=dict)
    created_at = models.DateTimeField(_("computed at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("computed by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("run-out fit")
        verbose_name_plural = _("run-out fits")

    def __str__(self) -> str:
        return f"run-out fit v{self.version} (n = {self.n})"

    def to_fit(self) -> runout.RunoutFit:
        return runout.RunoutFit(
            a=self.a,
            b=self.b,
            s=self.s,
            n=self.n,
            mean_x=self.mean_x,
            sxx=self.sxx,
            t=self.t,
            level=self.level,
            source=self.source,
            rows_read=self.rows_read,
            skipped=self.rows_read - self.n,
            version=self.version,
            added=tuple(str(f.get("name", "")) for f in self.failures or []),
        )


# --- checklist question bank (T3) -------------------------------------------------------------

CATEGORY_CHOICES = [
    ("general_permits", _("General data and permits")),
    ("tailings_characteristics", _("Tailings characteristics")),
    ("siting_design_construction", _("Siting, design and construction")),
    ("water_management", _("Water management")),
    ("dam_stability", _("Dam stability and geotechnics")),
    ("monitoring_inspection", _("Monitoring and inspection")),
    ("operation_management", _("Operation and management system")),
    ("emergency_preparedness", _("Emergency preparedness")),
    ("closure_aftercare", _("Closure and after-care")),
    ("authority_oversight", _("Authority oversight")),
]
"""The ten checklist categories of methodology.md ("Checklist score")."""

MODULE_CHOICES = [
    ("basic", _("basic")),
    ("detailed", _("detailed")),
    ("ongoing_monitoring", _("ongoing monitoring")),
    ("abandoned", _("abandoned facility")),
]
"""The checklist modules of the UNECE Checklist Methodology."""


class QuestionBank(models.Model):
    """A versioned checklist question bank; exactly one is active (methodology.md, Checklist).

    Linked to the parameter set its weights and bands were written for; ``provisional`` until
    the official UNECE checklist is loaded.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    version = models.CharField(_("version"), max_length=40)
    provisional = models.BooleanField(_("provisional"), default=True)
    description = models.TextField(_("description"), blank=True)
    parameter_set = models.ForeignKey(
        ParameterSet,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="question_banks",
        verbose_name=_("parameter set"),
    )
    source = models.CharField(_("loaded from"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=False)
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("loaded by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-loaded_at", "-id"]
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")
        constraints = [
            models.UniqueConstraint(
                fields=["active"],
                condition=models.Q(active=True),
                name="methodology_one_active_question_bank",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class Question(models.Model):
    """One checklist question with its weight, modules and catalogue measures (ru/tg/en)."""

    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(_("code"), max_length=40)
    order = models.PositiveIntegerField(_("order"), default=0)
    category = models.CharField(_("category"), max_length=40, choices=CATEGORY_CHOICES)
    text_ru = models.TextField(_("question (Russian)"))
    text_tg = models.TextField(_("question (Tajik)"), blank=True)
    text_en = models.TextField(_("question (English)"))
    weight = models.FloatField(
        _("weight"), null=True, blank=True, help_text=_("Empty: the parameter set's default.")
    )
    modules = models.JSONField(_("modules"), default=list)
    measure_short_ru = models.TextField(_("short-term measure (Russian)"), blank=True)
    measure_short_tg = models.TextField(_("short-term measure (Tajik)"), blank=True)
    measure_short_en = models.TextField(_("short-term measure (English)"), blank=True)
    measure_mid_ru = models.TextField(_("mid-term measure (Russian)"), blank=True)
    measure_mid_tg = models.TextField(_("mid-term measure (Tajik)"), blank=True)
    measure_mid_en = models.TextField(_("mid-term measure (English)"), blank=True)
    measure_long_ru = models.TextField(_("long-term measure (Russian)"), blank=True)
    measure_long_tg = models.TextField(_("long-term measure (Tajik)"), blank=True)
    measure_long_en = models.TextField(_("long-term measure (English)"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["bank", "order", "id"]
        verbose_name = _("checklist question")
        verbose_name_plural = _("checklist questions")
        constraints = [
            models.UniqueConstraint(fields=["bank", "code"], name="question_code_unique_per_bank")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text_en[:60]}"

    @property
    def text(self) -> str:
        return localized(self, "text")

    def measures(self) -> list[tuple[str, str]]:
        """(term, text) of the catalogue measures in the active language, non-empty only."""
        found = []
        for term in ("short", "mid", "long"):
            text = localized(self, f"measure_{term}")
            if text:
                found.append((term, text))
        return found
