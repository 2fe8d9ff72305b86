"""The readings themselves (millions of rows) and the alert history (T7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tailsafe.monitoring.models.choices import (
    CENSORED_CHOICES,
    EVENT_STATE_CHOICES,
    EVENT_STATE_LABELS,
    LEVEL_CHOICES,
    NORM_RESULT_CHOICES,
)
from tailsafe.monitoring.models.imports import ImportBatch
from tailsafe.monitoring.models.parameters import Parameter
from tailsafe.monitoring.models.points import MonitoringPoint, PointParameter


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
    nor on parameter or entered_by. On PostgreSQL one foreign key checks each reading: (point,
    parameter) together must be an entry of the programme (monitoring_pointparameter; migration
    0012, issue 20: one check per row instead of one for the point and one for the parameter,
    and a stronger rule, since a programme entry implies its point and parameter exist). The
    point and parameter fields keep their PROTECT rules in Django, and so does ``series``, the
    same pair seen as the programme entry (no column of its own): an entry with readings
    cannot be deleted. SQLite, the development database, has no composite key: there the rule
    is the importer's, which only stores readings of programme entries. The provenance columns
    (batch, entered_by) are checked by the code that writes them (the importer sets them from
    the batch and user it holds) and keep their on_delete rules in Django, without a database
    constraint: batches are never deleted, users are archived.
    """

    id = models.BigAutoField(primary_key=True)
    point = models.ForeignKey(
        MonitoringPoint,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,  # checked with the parameter: SERIES_KEY (migration 0012)
    )
    parameter = models.ForeignKey(
        Parameter,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,  # checked with the point: SERIES_KEY (migration 0012)
    )
    series = models.ForeignObject(
        PointParameter,
        from_fields=["point", "parameter"],
        to_fields=["point", "parameter"],
        on_delete=models.PROTECT,
        related_name="+",
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


SERIES_KEY = "mon_obs_series_fk"
"""The PostgreSQL foreign key (point_id, parameter_id) -> the programme entry (migration 0012)."""


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
    reason = models.JSONField(
        _("reason"),
        null=True,
        blank=True,
        help_text=_("Why the platform opened it (a trend projection), in the reader's language."),
    )
    """A stored text (core.stored_text); ``note`` keeps what people write (older events held
    the trend projection there, frozen in the uploader's language)."""
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
