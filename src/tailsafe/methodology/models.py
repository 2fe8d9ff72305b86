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

from tailsafe.methodology.params import ParameterSetError, load_parameter_set


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
