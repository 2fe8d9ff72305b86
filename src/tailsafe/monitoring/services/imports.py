"""Imports of readings (T6): the upload, the background run, the stream, one reading by hand."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from tailsafe.core.permissions import Perm, has_perm, require
from tailsafe.core.stored_text import StoredText, render, text
from tailsafe.monitoring import bulk, importer
from tailsafe.monitoring.models import (
    AlertEvent,
    ColumnMapping,
    ImportBatch,
    PointParameter,
)
from tailsafe.monitoring.services.alerts import (
    _flip_events,
    _norm_events,
    _notify_on_commit,
    _trend_events,
    current_levels,
    current_norm_states,
)
from tailsafe.monitoring.services.queries import readings_changed

if TYPE_CHECKING:
    from tailsafe.core.models import User

logger = logging.getLogger(__name__)

MAX_IMPORT_BYTES = 300 * 1024 * 1024


ALREADY_STORED_TEXT = text(N_("This reading is already stored (same point, parameter and time)."))


def ALREADY_STORED() -> str:
    return render(ALREADY_STORED_TEXT)


# --- imports (T6) --------------------------------------------------------------------------


@transaction.atomic
def create_import(
    user: User, upload: UploadedFile[bytes], *, mapping: ColumnMapping | None = None, lab: str = ""
) -> ImportBatch:
    """Store an uploaded lab file and queue its import (runs in the background, §12)."""
    require(user, Perm.SUBMIT_OBSERVATIONS)
    name = upload.name or "upload"
    if not name.lower().endswith((".csv", ".txt", ".xlsx")):
        raise ValidationError({"file": _("Upload a CSV or XLSX file.")})
    if upload.size and upload.size > MAX_IMPORT_BYTES:
        raise ValidationError({"file": _("The file is larger than 300 MB.")})
    batch = ImportBatch(
        file_name=name[:255],
        lab=lab or (mapping.lab if mapping else ""),
        mapping=mapping,
        uploaded_by=user,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        size_bytes=upload.size or 0,
    )
    batch.file.save(name, upload, save=False)
    batch.save()
    from tailsafe.monitoring.tasks import run_import_task

    pk = batch.pk
    transaction.on_commit(lambda: run_import_task.enqueue(pk))
    return batch


def run_import(batch_id: int) -> ImportBatch:
    """Check a stored file row by row and store all of it or none of it (§12, T6). Whatever
    stops the check (a damaged file, a crash) leaves the batch failed with the reason, never
    "checking" forever (issue 14 item 6)."""
    batch = ImportBatch.objects.select_related("mapping", "uploaded_by").get(pk=batch_id)
    if batch.finished:
        return batch
    try:
        return _run_import(batch)
    except Exception as exc:
        logger.exception("import %s failed", batch_id)
        reason = text(
            N_("The import stopped: %(error)s. Nothing was stored."), error=type(exc).__name__
        )
        _fail_batch(batch.pk, reason, batch.language)
        batch.refresh_from_db()
        return batch


def _fail_batch(batch_id: int, reason: StoredText, language: str) -> None:
    """The batch failed for ``reason``: kept as a stored text (shown in the reader's language)
    and, as ``message``, in the uploader's ``language`` (as reports were before)."""
    message = render(reason, language or settings.LANGUAGE_CODE)
    ImportBatch.objects.filter(pk=batch_id).exclude(
        status__in=[ImportBatch.Status.IMPORTED, ImportBatch.Status.REJECTED]
    ).update(
        status=ImportBatch.Status.FAILED,
        report={
            "rows": 0,
            "errors": 1,
            "messages": [{"row": None, "column": "", "message": message, "text": reason}],
            "more": 0,
            "imported": 0,
            "events": 0,
        },
        finished_at=timezone.now(),
    )


def fail_stale_imports(now: dt.datetime | None = None) -> int:
    """Mark failed every import still checking after settings.IMPORT_MAX_MINUTES (a worker that
    died mid-file leaves it so); returns how many (issue 14 item 6)."""
    now = now or timezone.now()
    limit = dt.timedelta(minutes=getattr(settings, "IMPORT_MAX_MINUTES", 60))
    stale = ImportBatch.objects.filter(
        status=ImportBatch.Status.RUNNING, started_at__lt=now - limit
    )
    count = 0
    for batch in stale.only("pk", "language"):
        reason = text(
            N_(
                "The check ran longer than %(minutes)d minutes and was stopped. Nothing was "
                "stored; upload the file again."
            ),
            minutes=int(limit.total_seconds() // 60),
        )
        _fail_batch(batch.pk, reason, batch.language)
        count += 1
    return count


def _run_import(batch: ImportBatch) -> ImportBatch:
    with translation.override(batch.language or settings.LANGUAGE_CODE):
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.RUNNING, started_at=timezone.now()
        )
        options = importer.Options.from_mapping(batch.mapping)
        with batch.file.open("rb") as raw:

            def progress(rows: int) -> None:
                try:
                    position = raw.tell()
                except (OSError, ValueError):
                    position = 0
                ImportBatch.objects.filter(pk=batch.pk).update(rows=rows, bytes_read=position)

            report = import_stream(
                raw,
                batch.file_name,
                options,
                batch.uploaded_by,
                batch=batch,
                progress=progress,
            )
    batch.refresh_from_db()
    batch.status = ImportBatch.Status.IMPORTED if report.ok else ImportBatch.Status.REJECTED
    batch.rows = report.rows
    batch.rows_imported = report.imported
    batch.bytes_read = batch.size_bytes
    batch.report = report.as_dict()
    batch.finished_at = timezone.now()
    batch.save()
    return batch


def import_stream(
    raw: Any,
    file_name: str,
    options: importer.Options,
    user: User | None,
    *,
    batch: ImportBatch | None = None,
    progress: Any = None,
) -> importer.Report:
    """The all-or-nothing import of a binary stream; returns the report (0 rows on error)."""
    report = importer.Report()
    if user is None or not has_perm(user, Perm.SUBMIT_OBSERVATIONS):
        report.add(None, "", text(N_("You may not submit observations.")))
        return report
    tag = batch.pk if batch else int(timezone.now().timestamp() * 1e6)
    batch_id = batch.pk if batch else None
    if bulk.applies(file_name):
        bulk_events: list[AlertEvent] = []

        def store(series: list[importer.Series], insert: Any) -> None:
            bulk_events.extend(_record_readings(series, insert, report, batch))

        if bulk.import_file(raw, options, user, tag, batch_id, store, report, progress):
            report.events = len(bulk_events)
            _notify_on_commit(bulk_events)
            return report
    staging = importer.Staging(tag)
    try:
        try:
            if file_name.lower().endswith(".xlsx"):
                report.encoding = "xlsx"
                rows: Iterator[list[Any]] = importer.xlsx_rows(raw)
            else:
                stream, report.encoding = importer.open_text(raw, options.encoding)
                rows = importer.csv_rows(stream, options.delimiter)
            clock = time.perf_counter()
            programme = importer.check_rows(rows, options, user, staging, report, progress)
            report.timings["read_check_stage_s"] = time.perf_counter() - clock
        except importer.FileProblem as exc:
            report.add(None, "", exc.text)
            return report
        except UnicodeDecodeError:
            report.add(
                report.rows + 1 if report.rows else None,
                "",
                text(
                    N_("The file stops being %(encoding)s text after row %(row)d."),
                    encoding=report.encoding,
                    row=report.rows + 1,
                ),
            )
            return report
        except csv_error() as exc:
            report.add(
                report.rows + 1, "", text(N_("The CSV file is malformed: %(e)s"), e=str(exc))
            )
            return report
        if not report.ok:
            return report
        clock = time.perf_counter()
        total, dups = staging.duplicates_in_file(importer.MAX_MESSAGES)
        for row, first in dups:
            report.add(
                row,
                "",
                text(
                    N_("Duplicate of row %(first)d (same point, parameter and time)."),
                    first=first,
                ),
            )
        report.error_count += max(0, total - len(dups))
        total, existing = staging.duplicates_in_db(importer.MAX_MESSAGES)
        for row in existing:
            report.add(row, "", ALREADY_STORED_TEXT)
        report.error_count += max(0, total - len(existing))
        report.timings["duplicates_s"] = time.perf_counter() - clock
        if not report.ok:
            return report
        seen = [s for s in programme.series.values() if s is not None and s.latest_at]
        with transaction.atomic():
            events = _record_readings(
                seen,
                lambda: staging.move_to_observations(batch_id, getattr(user, "pk", None)),
                report,
                batch,
            )
            report.events = len(events)
        _notify_on_commit(events)
    finally:
        staging.drop()
    return report


def _record_readings(
    series: list[importer.Series],
    insert: Callable[[], int],
    report: importer.Report,
    batch: ImportBatch | None,
) -> list[AlertEvent]:
    """Inside the import's transaction: store the rows (``insert``) and open the alert events
    they cause (level flips against the levels before, and trend warnings)."""
    clock = time.perf_counter()
    before = current_levels([s.pp_id for s in series])
    norm_before = current_norm_states([s.pp_id for s in series if s.has_norm])
    report.imported = insert()
    readings_changed()
    report.timings["insert_s"] = time.perf_counter() - clock
    clock = time.perf_counter()
    seen = [s for s in series if s.latest_at]
    events = _flip_events(seen, before)
    events += _trend_events([s.pp_id for s in seen])
    events += _norm_events(seen, norm_before)
    report.timings["events_s"] = time.perf_counter() - clock
    if batch is not None:
        ImportBatch.objects.filter(pk=batch.pk).update(rows_imported=report.imported)
    return events


def csv_error() -> type[Exception]:
    import csv

    return csv.Error


@transaction.atomic
def record_observation(
    user: User,
    series: PointParameter,
    *,
    taken_at: dt.datetime,
    value: str,
    unit: str = "",
    detection_limit: str = "",
    quantification_limit: str = "",
) -> importer.Report:
    """Enter one reading by hand: the same checks, levels, norm comparison and alerts as an
    import (T6); the sample's detection and quantification limits are in ``unit``."""
    require(user, Perm.SUBMIT_OBSERVATIONS)
    rows: Iterator[list[Any]] = iter(
        [
            [
                "point",
                "parameter",
                "taken_at",
                "value",
                "unit",
                "detection_limit",
                "quantification_limit",
            ],
            [
                series.point.code,
                series.parameter.code,
                taken_at,
                value,
                unit,
                detection_limit,
                quantification_limit,
            ],
        ]
    )
    report = importer.Report()
    staging = importer.Staging(int(timezone.now().timestamp() * 1e6))
    try:
        programme = importer.check_rows(rows, importer.Options(), user, staging, report)
        if report.ok:
            total, _rows = staging.duplicates_in_db(1)
            if total:
                report.add(2, "", ALREADY_STORED_TEXT)
        if not report.ok:
            raise ValidationError([m["message"] for m in report.messages])
        seen = [s for s in programme.series.values() if s is not None and s.latest_at]
        events = _record_readings(
            seen, lambda: staging.move_to_observations(None, user.pk), report, None
        )
        report.events = len(events)
        _notify_on_commit(events)
    except importer.FileProblem as exc:
        raise ValidationError(str(exc)) from exc
    finally:
        staging.drop()
    return report
