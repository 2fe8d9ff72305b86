"""The monitoring programme (T6) and early warning (T7): points, parameters, reference norms,
TARP thresholds per point and parameter, observations (millions of rows), imports and the alert
history (methodology.md "Early warning levels (T7)")."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tailsafe.core.i18n import localized
from tailsafe.monitoring import thresholds as tarp
from tailsafe.monitoring import units

UNIT_LIST = ", ".join(units.UNITS)

CONFIDENCE_CHOICES = [("high", _("high")), ("medium", _("medium")), ("low", _("low"))]

LEVEL_CHOICES = [
    ("normal", _("normal")),
    ("alert", _("alert")),
    ("alarm", _("alarm")),
    ("emergency", _("emergency")),
]
LEVEL_LABELS = dict(LEVEL_CHOICES)
# A norm event (AlertEvent.basis "norm") flips between these two states of its series.
NORM_STATE_CHOICES = [("within", _("within the norm")), ("exceeds", _("exceeds the norm"))]
EVENT_STATE_CHOICES = LEVEL_CHOICES + NORM_STATE_CHOICES
EVENT_STATE_LABELS = dict(EVENT_STATE_CHOICES)

CENSORED_CHOICES = [("", _("measured")), ("<", _("below the limit (<)")), (">", _("above (>)"))]
# thresholds.compare_with_limit's answers, as stored on a reading.
NORM_RESULT_CHOICES = [
    ("", _("no norm")),
    ("exceeds", _("exceeds the norm")),
    ("within", _("within the norm")),
    ("inconclusive", _("inconclusive")),
]


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


class ColumnMapping(models.Model):
    """How one laboratory's files are laid out: our field -> the file's column header."""

    FIELDS = (
        "point",
        "parameter",
        "taken_at",
        "value",
        "unit",
        "detection_limit",
        "quantification_limit",
    )

    lab = models.CharField(_("laboratory"), max_length=200, unique=True)
    # The institution that made it (issue 14): only its users and the secretariat change it;
    # others use it or copy it. Empty for mappings made before owners were recorded.
    owner = models.ForeignKey(
        "governance.Institution",
        verbose_name=_("owner institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    columns = models.JSONField(_("columns"), default=dict)
    encoding = models.CharField(
        _("encoding"),
        max_length=12,
        choices=[("auto", _("detect")), ("utf-8", "UTF-8"), ("cp1251", "Windows-1251")],
        default="auto",
    )
    decimal = models.CharField(
        _("decimal separator"), max_length=1, choices=[(",", ","), (".", ".")], default=","
    )
    delimiter = models.CharField(
        _("column separator"),
        max_length=4,
        choices=[("auto", _("detect")), (";", ";"), (",", ","), ("tab", _("tab"))],
        default="auto",
    )
    date_format = models.CharField(
        _("date format"),
        max_length=40,
        blank=True,
        help_text=_("e.g. %d.%m.%Y %H:%M; empty: ISO dates or dd.mm.yyyy"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["lab"]
        verbose_name = _("column mapping")

    def __str__(self) -> str:
        return self.lab


class ImportBatch(models.Model):
    """One uploaded laboratory file and what became of it (all or nothing)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("checking")
        IMPORTED = "imported", _("imported")
        REJECTED = "rejected", _("rejected, nothing stored")
        FAILED = "failed", _("failed, nothing stored")

    file = models.FileField(_("file"), upload_to="monitoring/imports/")
    file_name = models.CharField(_("file name"), max_length=255)
    lab = models.CharField(_("laboratory"), max_length=200, blank=True)
    mapping = models.ForeignKey(
        ColumnMapping, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(max_length=8, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    size_bytes = models.BigIntegerField(default=0)
    bytes_read = models.BigIntegerField(default=0)
    rows = models.PositiveIntegerField(_("rows read"), default=0)
    rows_imported = models.PositiveIntegerField(_("rows stored"), default=0)
    report = models.JSONField(_("report"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")

    def __str__(self) -> str:
        return self.file_name

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        if not self.size_bytes:
            return 0
        return min(99, int(100 * self.bytes_read / self.size_bytes))

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.IMPORTED, self.Status.REJECTED, self.Status.FAILED)


class Observation(models.Model):
    """One reading. Designed for millions of rows: no history table, bulk inserts only.

    Indexes: the unique (point, parameter, taken_at) b-tree finds duplicates and serves both
    "range per point and parameter" and, scanned backwards, "latest per point and parameter";
    a partial index on taken_at where level != normal serves "exceedances in a period"; on
    PostgreSQL a BRIN index on taken_at (migration 0002) serves period scans at almost no
    insert cost.

    Every index and every foreign-key check is paid once per row on import (a million-row
    file pays each a million times; bench/bench_monitoring.py measures it), so the table keeps
    only what its queries use: no separate index on point (the unique index starts with it)
    nor on parameter or entered_by. Point and parameter keep their database foreign keys;
    the provenance columns (batch, entered_by) are checked by the code that writes them (the
    importer sets them from the batch and user it holds) and keep their on_delete rules in
    Django, without a database constraint: batches are never deleted, users are archived.
    """

    id = models.BigAutoField(primary_key=True)
    point = models.ForeignKey(
        MonitoringPoint, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    parameter = models.ForeignKey(
        Parameter, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    taken_at = models.DateTimeField(_("taken at"))
    value = models.FloatField(_("value"), null=True, blank=True)
    censored = models.CharField(
        _("censored"), max_length=1, choices=CENSORED_CHOICES, blank=True, default=""
    )
    unit = models.CharField(_("unit"), max_length=20)
    level = models.CharField(_("level"), max_length=10, choices=LEVEL_CHOICES, default="normal")
    # Per-sample limits reported by the laboratory, in ``unit`` (converted with the value).
    detection_limit = models.FloatField(_("detection limit"), null=True, blank=True)
    quantification_limit = models.FloatField(_("quantification limit"), null=True, blank=True)
    # The reading judged against the programme's norm (thresholds.compare_with_limit); empty
    # where the series has no norm.
    norm_result = models.CharField(
        _("compared with the norm"),
        max_length=12,
        choices=NORM_RESULT_CHOICES,
        blank=True,
        default="",
        db_default="",
    )
    batch = models.ForeignKey(
        ImportBatch,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )

    class Meta:
        verbose_name = _("observation")
        constraints = [
            models.UniqueConstraint(
                fields=["point", "parameter", "taken_at"], name="mon_obs_point_param_time"
            )
        ]
        indexes = [
            models.Index(
                fields=["taken_at"], name="mon_obs_exceed_idx", condition=~Q(level="normal")
            ),
            # "readings beyond or not comparable with their norm": few rows, so cheap to keep
            models.Index(
                fields=["taken_at"],
                name="mon_obs_norm_idx",
                condition=Q(norm_result__in=["exceeds", "inconclusive"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.censored}{self.value} {self.unit} @ {self.taken_at:%Y-%m-%d %H:%M}"

    @property
    def display_value(self) -> str:
        """The value as the laboratory wrote it, without float noise (numbers.readable)."""
        from tailsafe.monitoring.numbers import with_censor

        if self.value is None:
            return "<DL"
        return with_censor(self.value, self.censored)


class AlertEvent(models.Model):
    """A TARP level change (a state flip, as in an uptime monitor) and how it was handled."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACKNOWLEDGED = "acknowledged", _("acknowledged")
        RESOLVED = "resolved", _("resolved")

    class Basis(models.TextChoices):
        TARP = "tarp", _("TARP level")
        NORM = "norm", _("norm exceeded")

    series = models.ForeignKey(PointParameter, on_delete=models.CASCADE, related_name="events")
    basis = models.CharField(
        _("raised by"), max_length=4, choices=Basis.choices, default=Basis.TARP, db_default="tarp"
    )
    # TARP levels; for a norm event "within" / "exceeds" (NORM_STATE_CHOICES)
    from_level = models.CharField(_("from"), max_length=10, choices=EVENT_STATE_CHOICES)
    to_level = models.CharField(_("to"), max_length=10, choices=EVENT_STATE_CHOICES)
    observation = models.ForeignKey(
        Observation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    value = models.FloatField(_("value"), null=True, blank=True)
    trend = models.BooleanField(_("trend-based"), default=False)
    published = models.BooleanField(_("published as a public CAP alert"), default=False)
    exercise = models.BooleanField(
        _("exercise"),
        default=False,
        help_text=_("Raised by a drill: marked EXERCISE everywhere and left out of all counts."),
    )
    note = models.TextField(_("note"), blank=True)
    opened_at = models.DateTimeField(_("opened at"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_reason = models.TextField(_("reason for closing"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("alert")
        indexes = [models.Index(fields=["status", "-opened_at"], name="mon_alert_status_idx")]

    def __str__(self) -> str:
        return f"{self.series}: {self.from_level} -> {self.to_level}"

    # The next steps, asked by the services (which refuse otherwise) and by the alert list
    # (which shows the buttons): the rule in one place.
    @property
    def can_be_acknowledged(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def can_be_resolved(self) -> bool:
        return self.status != self.Status.RESOLVED

    @property
    def to_label(self) -> str:
        return str(EVENT_STATE_LABELS.get(self.to_level, self.to_level))
