"""What is measured and its reference norms (T6): parameters and limit norms."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tailsafe.core.i18n import localized
from tailsafe.monitoring import units
from tailsafe.monitoring.models.choices import CONFIDENCE_CHOICES


class Parameter(models.Model):
    """What is measured: a contaminant, an activity, or a dam-instrument reading (T6).

    ``unit`` is the canonical unit (tailsafe.monitoring.units) in which every observation of
    the parameter is stored; imports convert to it and refuse incompatible units.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_tg = models.CharField(_("name (Tajik)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    unit = models.CharField(_("unit"), max_length=20)
    dimension = models.CharField(_("dimension"), max_length=40, editable=False)
    method = models.CharField(_("analytical method"), max_length=200, blank=True)
    detection_limit = models.FloatField(
        _("detection limit (in the unit)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0.0)],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("parameter")
        verbose_name_plural = _("parameters")

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.unit and not self.dimension:
            self.unit = units.normalise_unit(self.unit)
            self.dimension = units.dimension(self.unit)
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        return localized(self, "name")

    def clean(self) -> None:
        try:
            self.unit = units.normalise_unit(self.unit)
        except ValueError:
            raise ValidationError(
                {
                    "unit": _("Unknown unit. Known units: %(units)s.")
                    % {"units": ", ".join(units.UNITS)}
                }
            ) from None
        self.dimension = units.dimension(self.unit)

    @property
    def non_negative(self) -> bool:
        """Concentrations, activities and flows cannot be negative (levels and movements can)."""
        return self.dimension in (
            "mass concentration",
            "activity concentration",
            "mass fraction",
            "specific activity",
            "electrical conductivity",
            "turbidity",
            "dose rate",
            "volumetric flow",
        )


class LimitNorm(models.Model):
    """A reference norm (e.g. WHO guideline value, SanPiN MAC) with its source and confidence.

    ``unit`` is kept as published: a norm in Bq/kg is never silently read as Bq/L.
    """

    parameter = models.ForeignKey(
        Parameter,
        verbose_name=_("parameter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="norms",
    )
    parameter_name = models.CharField(_("parameter as published"), max_length=200)
    value = models.FloatField(_("limit value"))
    lower_value = models.FloatField(
        _("lower limit (range norms such as pH 6.5-8.5)"),
        null=True,
        blank=True,
        help_text=_("Empty for a maximum; with it the norm is a range of two limits."),
    )
    unit = models.CharField(_("unit as published"), max_length=20)
    norm = models.CharField(_("norm"), max_length=200)
    basis = models.CharField(_("basis"), max_length=300, blank=True)
    source = models.URLField(_("source"), max_length=500, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=6, choices=CONFIDENCE_CHOICES, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["parameter_name", "norm"]
        verbose_name = _("reference norm")
        verbose_name_plural = _("reference norms")
        constraints = [
            models.UniqueConstraint(fields=["parameter_name", "norm"], name="mon_norm_unique")
        ]

    def __str__(self) -> str:
        if self.lower_value is not None:
            return (
                f"{self.parameter_name}: {self.lower_value:g}-{self.value:g} {self.unit} "
                f"({self.norm})"
            )
        return f"{self.parameter_name}: {self.value:g} {self.unit} ({self.norm})"

    def clean(self) -> None:
        if (
            self.lower_value is not None
            and self.value is not None
            and self.lower_value > self.value
        ):
            raise ValidationError(
                {"lower_value": _("The lower limit must not be above the limit value.")}
            )

    @property
    def provisional(self) -> bool:
        return "provisional" in self.basis.lower() or self.confidence in ("medium", "low")

    def bq_per_mg(self, parameter_code: str = "") -> float | None:
        """The uranium mass <-> activity factor between this norm and a parameter, if both are
        uranium (units.uranium_bq_per_mg; source in units.URANIUM_FACTOR_SOURCE)."""
        return units.uranium_bq_per_mg(parameter_code, self.parameter_name)

    def value_in(self, unit: str, parameter_code: str = "") -> float:
        """The limit in ``unit``; raises units.IncompatibleUnits or ValueError, never guesses.
        For uranium the mass <-> activity factor of units.URANIUM_BQ_PER_MG applies."""
        return units.convert(self.value, self.unit, unit, bq_per_mg=self.bq_per_mg(parameter_code))

    def limits_in(self, unit: str, parameter_code: str = "") -> tuple[float | None, float]:
        """(minimum or None, maximum) in ``unit``; raises as value_in does."""
        factor = self.bq_per_mg(parameter_code)
        upper = units.convert(self.value, self.unit, unit, bq_per_mg=factor)
        lower = (
            None
            if self.lower_value is None
            else units.convert(self.lower_value, self.unit, unit, bq_per_mg=factor)
        )
        return lower, upper
