"""How readings arrive in bulk: column mappings and import batches."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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
