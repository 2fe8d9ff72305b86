"""Where it is measured: monitoring points and their programme entries (a point and a
parameter, with TARP thresholds)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tailsafe.monitoring import thresholds as tarp
from tailsafe.monitoring import units
from tailsafe.monitoring.models.parameters import LimitNorm, Parameter


class MonitoringPoint(models.Model):
    """A place where something is measured at a facility (T6, §12)."""

    class Kind(models.TextChoices):
        SURFACE_UP = "surface_up", _("surface water, upstream")
        SURFACE_DOWN = "surface_down", _("surface water, downstream")
        GROUNDWATER = "groundwater", _("groundwater well")
        PIEZOMETER = "piezometer", _("piezometer")
        SETTLEMENT = "settlement", _("settlement marker")
        INCLINOMETER = "inclinometer", _("inclinometer")
        SEEPAGE = "seepage", _("seepage flow")
        POND_LEVEL = "pond_level", _("pond level")
        FREEBOARD = "freeboard", _("freeboard")

    facility = models.ForeignKey(
        "facilities.Facility",
        verbose_name=_("facility"),
        on_delete=models.PROTECT,
        related_name="monitoring_points",
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    responsible = models.ForeignKey(
        "governance.Institution",
        verbose_name=_("responsible institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="monitoring_points",
    )
    active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo record"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["facility__code", "code"]
        verbose_name = _("monitoring point")
        verbose_name_plural = _("monitoring points")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def location(self) -> tuple[float, float] | None:
        """The point's coordinates, else the facility's, else None."""
        if self.latitude is not None and self.longitude is not None:
            return float(self.latitude), float(self.longitude)
        fac = self.facility
        if fac.latitude is not None and fac.longitude is not None:
            return float(fac.latitude), float(fac.longitude)
        return None


class PointParameter(models.Model):
    """A parameter in a point's programme: sampling interval, applicable norm and TARP levels.

    Thresholds are absolute values in the parameter's unit, or multiples of the applicable
    norm (resolved through units.convert; a norm in an incompatible unit is refused).
    """

    class Mode(models.TextChoices):
        ABSOLUTE = "absolute", _("absolute values in the parameter's unit")
        NORM_MULTIPLE = "norm_multiple", _("multiples of the applicable norm")

    class Direction(models.TextChoices):
        RISING = "rising", _("higher is worse")
        FALLING = "falling", _("lower is worse (e.g. freeboard)")

    point = models.ForeignKey(MonitoringPoint, on_delete=models.CASCADE, related_name="programme")
    parameter = models.ForeignKey(Parameter, on_delete=models.PROTECT, related_name="programme")
    norm = models.ForeignKey(
        LimitNorm,
        verbose_name=_("applicable norm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    sampling_interval_days = models.PositiveIntegerField(
        _("sampling interval (days)"), null=True, blank=True
    )
    mode = models.CharField(
        _("thresholds given as"), max_length=16, choices=Mode.choices, default=Mode.ABSOLUTE
    )
    alert = models.FloatField(_("alert threshold"), null=True, blank=True)
    alarm = models.FloatField(_("alarm threshold"), null=True, blank=True)
    emergency = models.FloatField(_("emergency threshold"), null=True, blank=True)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.RISING
    )
    trend_horizon_days = models.PositiveIntegerField(_("trend warning horizon (days)"), default=30)
    notified = models.ManyToManyField(
        "governance.Institution",
        verbose_name=_("notified institutions"),
        blank=True,
        related_name="+",
    )
    expected_response = models.TextField(_("expected response"), blank=True)
    history = HistoricalRecords(m2m_fields=[notified])

    class Meta:
        ordering = ["point__code", "parameter__code"]
        verbose_name = _("programme parameter")
        constraints = [models.UniqueConstraint(fields=["point", "parameter"], name="mon_pp_unique")]

    def __str__(self) -> str:
        return f"{self.point.code} · {self.parameter.name}"

    def raw_thresholds(self) -> dict[str, float]:
        return {k: v for k in tarp.THRESHOLD_KEYS if (v := getattr(self, k)) is not None}

    def limit_value(self) -> float | None:
        """The applicable norm in the parameter's unit (None without a norm).

        Raises ValidationError if the norm's unit cannot be converted (never guessed)."""
        if self.norm is None:
            return None
        try:
            return self.norm.value_in(self.parameter.unit, self.parameter.code)
        except (units.IncompatibleUnits, ValueError):
            raise ValidationError(
                {
                    "norm": _(
                        "The norm is in %(norm_unit)s and cannot be converted to the parameter's "
                        "unit %(unit)s."
                    )
                    % {"norm_unit": self.norm.unit, "unit": self.parameter.unit}
                }
            ) from None

    def applicable_norms(self) -> list[LimitNorm]:
        """The norms every reading of this series is judged against (methodology.md T6): the
        programme's chosen norm, else every published norm of the parameter whose unit converts
        to the parameter's (a norm in Bq/kg is not applied to Bq/L readings)."""
        candidates = [self.norm] if self.norm is not None else list(self.parameter.norms.all())
        usable = []
        for norm in candidates:
            try:
                norm.limits_in(self.parameter.unit, self.parameter.code)
            except ValueError:  # IncompatibleUnits is a ValueError
                continue
            usable.append(norm)
        return usable

    def norm_limits(self) -> tuple[float | None, float | None, list[LimitNorm]]:
        """(minimum, maximum, norms) in the parameter's unit: the strictest limits of the
        applicable norms (a reading beyond any of them is beyond the strictest), or Nones."""
        lowers: list[float] = []
        uppers: list[float] = []
        norms = self.applicable_norms()
        for norm in norms:
            lower, upper = norm.limits_in(self.parameter.unit, self.parameter.code)
            uppers.append(upper)
            if lower is not None:
                lowers.append(lower)
        return (max(lowers) if lowers else None, min(uppers) if uppers else None, norms)

    def resolved_thresholds(self) -> dict[str, float]:
        """TARP thresholds as absolute values in the parameter's unit."""
        raw = self.raw_thresholds()
        if self.mode == self.Mode.NORM_MULTIPLE:
            limit = self.limit_value()
            if limit is None:
                raise ValidationError(
                    {"norm": _("Thresholds relative to a norm need an applicable norm.")}
                )
            return {k: v * limit for k, v in raw.items()}
        return raw

    def clean(self) -> None:
        if self.norm is not None:
            self.limit_value()
        try:
            tarp.validate_thresholds(self.resolved_thresholds(), self.direction)
        except ValueError:
            raise ValidationError(
                _(
                    "Thresholds must be in order: alert, then alarm, then emergency, each "
                    "strictly more severe than the one before."
                )
            ) from None
