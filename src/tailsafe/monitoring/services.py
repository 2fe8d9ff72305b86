"""Named operations of the monitoring programme (T6) and early warning (T7): import readings,
enter one by hand, flip TARP levels into alert events, notify, acknowledge, resolve, and the
read models the pages and the dashboard use. Each write checks permission, applies the rule,
records the audit entry and runs in one transaction (docs/operations.md)."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from tailsafe.core.audit import save_if_changed, save_with_audit
from tailsafe.core.permissions import Perm, has_perm, require, require_can
from tailsafe.core.stored_text import StoredText, lines, text
from tailsafe.monitoring import bulk, importer, lttb, rules
from tailsafe.monitoring import thresholds as tarp
from tailsafe.monitoring.models import (
    LEVEL_LABELS,
    AlertEvent,
    ColumnMapping,
    ImportBatch,
    MonitoringPoint,
    Observation,
    PointParameter,
)
from tailsafe.monitoring.signals import alerts_opened
from tailsafe.notifications import services as notifications
from tailsafe.notifications.models import Kind

logger = logging.getLogger(__name__)

MAX_IMPORT_BYTES = 300 * 1024 * 1024
TREND_LAST_N = 5


def ALREADY_STORED() -> str:
    return _("This reading is already stored (same point, parameter and time).")


# --- imports (T6) --------------------------------------------------------------------------


@transaction.atomic
def create_import(
    user: Any, upload: UploadedFile[bytes], *, mapping: ColumnMapping | None = None, lab: str = ""
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
        with translation.override(batch.language or settings.LANGUAGE_CODE):
            reason = _("The import stopped: %(error)s. Nothing was stored.") % {
                "error": type(exc).__name__
            }
        _fail_batch(batch.pk, reason)
        batch.refresh_from_db()
        return batch


def _fail_batch(batch_id: int, reason: str) -> None:
    ImportBatch.objects.filter(pk=batch_id).exclude(
        status__in=[ImportBatch.Status.IMPORTED, ImportBatch.Status.REJECTED]
    ).update(
        status=ImportBatch.Status.FAILED,
        report={
            "rows": 0,
            "errors": 1,
            "messages": [{"row": None, "column": "", "message": reason}],
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
        with translation.override(batch.language or settings.LANGUAGE_CODE):
            reason = _(
                "The check ran longer than %(minutes)d minutes and was stopped. Nothing was "
                "stored; upload the file again."
            ) % {"minutes": limit.total_seconds() // 60}
        _fail_batch(batch.pk, reason)
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
    user: Any,
    *,
    batch: ImportBatch | None = None,
    progress: Any = None,
) -> importer.Report:
    """The all-or-nothing import of a binary stream; returns the report (0 rows on error)."""
    report = importer.Report()
    if user is None or not has_perm(user, Perm.SUBMIT_OBSERVATIONS):
        report.add(None, "", _("You may not submit observations."))
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
                text, report.encoding = importer.open_text(raw, options.encoding)
                rows = importer.csv_rows(text, options.delimiter)
            clock = time.perf_counter()
            programme = importer.check_rows(rows, options, user, staging, report, progress)
            report.timings["read_check_stage_s"] = time.perf_counter() - clock
        except importer.FileProblem as exc:
            report.add(None, "", str(exc))
            return report
        except UnicodeDecodeError:
            report.add(
                report.rows + 1 if report.rows else None,
                "",
                _("The file stops being %(encoding)s text after row %(row)d.")
                % {"encoding": report.encoding, "row": report.rows + 1},
            )
            return report
        except csv_error() as exc:
            report.add(report.rows + 1, "", _("The CSV file is malformed: %(e)s") % {"e": exc})
            return report
        if not report.ok:
            return report
        clock = time.perf_counter()
        total, dups = staging.duplicates_in_file(importer.MAX_MESSAGES)
        for row, first in dups:
            report.add(
                row,
                "",
                _("Duplicate of row %(first)d (same point, parameter and time).")
                % {"first": first},
            )
        report.error_count += max(0, total - len(dups))
        total, existing = staging.duplicates_in_db(importer.MAX_MESSAGES)
        for row in existing:
            report.add(
                row, "", _("This reading is already stored (same point, parameter and time).")
            )
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
    user: Any,
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
                report.add(
                    2, "", _("This reading is already stored (same point, parameter and time).")
                )
        if not report.ok:
            raise ValidationError([m["message"] for m in report.messages])
        seen = [s for s in programme.series.values() if s is not None and s.latest_at]
        before = current_levels([s.pp_id for s in seen])
        norm_before = current_norm_states([s.pp_id for s in seen if s.has_norm])
        report.imported = staging.move_to_observations(None, user.pk)
        events = _flip_events(seen, before) + _trend_events([series.pk])
        events += _norm_events(seen, norm_before)
        report.events = len(events)
        _notify_on_commit(events)
    except importer.FileProblem as exc:
        raise ValidationError(str(exc)) from exc
    finally:
        staging.drop()
    return report


# --- TARP state flips (T7) -----------------------------------------------------------------


def current_levels(pp_ids: Iterable[int]) -> dict[int, tuple[str, dt.datetime]]:
    """The level and time of each series' latest observation (one indexed lookup each)."""
    ids = list(pp_ids)
    if not ids:
        return {}
    latest = Observation.objects.filter(
        point=OuterRef("point"), parameter=OuterRef("parameter")
    ).order_by("-taken_at")
    rows = PointParameter.objects.filter(pk__in=ids).annotate(
        last_level=Subquery(latest.values("level")[:1]),
        last_at=Subquery(latest.values("taken_at")[:1]),
    )
    return {r.pk: (r.last_level, r.last_at) for r in rows if r.last_at is not None}


def current_norm_states(pp_ids: Iterable[int]) -> dict[int, tuple[str, dt.datetime]]:
    """Each series' state against its norm: the verdict ("exceeds" or "within") and time of
    its newest conclusive reading (inconclusive readings change no state)."""
    ids = list(pp_ids)
    if not ids:
        return {}
    latest = Observation.objects.filter(
        point=OuterRef("point"),
        parameter=OuterRef("parameter"),
        norm_result__in=[tarp.EXCEEDS, tarp.WITHIN],
    ).order_by("-taken_at")
    rows = PointParameter.objects.filter(pk__in=ids).annotate(
        last_result=Subquery(latest.values("norm_result")[:1]),
        last_at=Subquery(latest.values("taken_at")[:1]),
    )
    return {r.pk: (r.last_result, r.last_at) for r in rows if r.last_at is not None}


@dataclass(frozen=True)
class _EventSpec:
    pp_id: int
    from_level: str
    to_level: str
    when: dt.datetime | None
    value: float | None
    trend: bool = False
    note: str = ""
    basis: str = AlertEvent.Basis.TARP


def _new_events(specs: list[_EventSpec]) -> list[AlertEvent]:
    """Create the alert events of one import or hand entry together: one query for their
    series, one for the readings they point to, one bulk insert with their history rows
    (the audit trail, as save_with_audit would write it, one by one)."""
    if not specs:
        return []
    from simple_history.utils import bulk_create_with_history

    series = PointParameter.objects.in_bulk({s.pp_id for s in specs})
    wanted = [s for s in specs if s.when is not None and not s.trend]
    readings: dict[tuple[int, int, dt.datetime], int] = {}
    keys = sorted(
        {(series[s.pp_id].point_id, series[s.pp_id].parameter_id, s.when) for s in wanted}
    )
    for start in range(0, len(keys), 200):
        match = Q()
        for point_id, parameter_id, when in keys[start : start + 200]:
            match |= Q(point_id=point_id, parameter_id=parameter_id, taken_at=when)
        for pk, point_id, parameter_id, taken_at in Observation.objects.filter(match).values_list(
            "pk", "point_id", "parameter_id", "taken_at"
        ):
            readings[(point_id, parameter_id, taken_at)] = pk
    now = timezone.now()
    events = []
    for spec in specs:
        pp = series[spec.pp_id]
        recovery = spec.to_level in ("normal", tarp.WITHIN)
        observation_id = None
        if spec.when is not None and not spec.trend:
            observation_id = readings.get((pp.point_id, pp.parameter_id, spec.when))
        events.append(
            AlertEvent(
                series=pp,
                basis=spec.basis,
                from_level=spec.from_level,
                to_level=spec.to_level,
                observation_id=observation_id,
                value=spec.value,
                trend=spec.trend,
                note=spec.note,
                opened_at=now,
                status=AlertEvent.Status.RESOLVED if recovery else AlertEvent.Status.OPEN,
                resolved_at=now if recovery else None,
            )
        )
    created: list[AlertEvent] = []
    reasons: dict[str, Callable[[AlertEvent], bool]] = {
        "level change": lambda e: not e.trend and e.basis == AlertEvent.Basis.TARP,
        "trend warning": lambda e: e.trend,
        "norm exceeded": lambda e: e.basis == AlertEvent.Basis.NORM,
    }
    for reason, belongs in reasons.items():
        batch = [e for e in events if belongs(e)]
        if batch:
            created += bulk_create_with_history(
                batch, AlertEvent, default_change_reason=reason, default_date=now
            )
    return created


def _notify_on_commit(events: list[AlertEvent]) -> None:
    """One notification task for all the events an import or a hand entry opened, enqueued
    when they are committed (the caller notifies; _new_events does not)."""
    ids = [e.pk for e in events]
    if not ids:
        return
    from tailsafe.monitoring.tasks import notify_events_task

    transaction.on_commit(lambda: notify_events_task.enqueue(ids))
    transaction.on_commit(lambda: alerts_opened.send(sender=AlertEvent, events=events))


def _flip_events(
    seen: list[importer.Series], before: dict[int, tuple[str, dt.datetime]]
) -> list[AlertEvent]:
    """Level changes caused by new readings: the worst level reached (if above the current
    one) opens an event at once, even if a later reading is lower; then the state follows the
    newest reading. Recoveries to normal are recorded as resolved events."""
    specs: list[_EventSpec] = []
    for s in seen:
        prev_level, prev_at = before.get(s.pp_id, ("normal", None))
        newest_is_new = prev_at is None or (s.latest_at is not None and s.latest_at > prev_at)
        final = s.latest_level if newest_is_new else prev_level
        prev_rank = tarp.level_rank(prev_level)
        if s.worst_rank > prev_rank:
            worst = tarp.LEVELS[s.worst_rank]
            specs.append(_EventSpec(s.pp_id, prev_level, worst, s.worst_at, s.worst_value))
            if (
                final != worst
                and s.latest_at is not None
                and s.worst_at is not None
                and s.latest_at > s.worst_at
            ):
                specs.append(_EventSpec(s.pp_id, worst, final, s.latest_at, s.latest_value))
        elif final != prev_level:
            specs.append(_EventSpec(s.pp_id, prev_level, final, s.latest_at, s.latest_value))
    return _new_events(specs)


def _norm_events(
    seen: list[importer.Series], before: dict[int, tuple[str, dt.datetime]]
) -> list[AlertEvent]:
    """Norm events (methodology.md T6), whether or not TARP thresholds exist: a series whose
    state was within its norm opens an event at the first new reading beyond it; the state then
    follows the newest conclusive reading, and a return within the norm is recorded as a
    resolved event (as TARP recoveries are). Inconclusive readings open and close nothing."""
    specs: list[_EventSpec] = []
    norm = AlertEvent.Basis.NORM
    for s in seen:
        if not s.has_norm:
            continue
        state, prev_at = before.get(s.pp_id, (tarp.WITHIN, None))
        newest_is_new = s.conclusive_at is not None and (
            prev_at is None or s.conclusive_at > prev_at
        )
        if s.exceed_at is not None and state != tarp.EXCEEDS:
            specs.append(
                _EventSpec(
                    s.pp_id,
                    state,
                    tarp.EXCEEDS,
                    s.exceed_at,
                    s.exceed_value,
                    note=s.norm_label,
                    basis=norm,
                )
            )
            state = tarp.EXCEEDS
            prev_at = s.exceed_at
            newest_is_new = s.conclusive_at is not None and s.conclusive_at > prev_at
        if state == tarp.EXCEEDS and newest_is_new and s.conclusive_verdict == tarp.WITHIN:
            specs.append(
                _EventSpec(
                    s.pp_id,
                    tarp.EXCEEDS,
                    tarp.WITHIN,
                    s.conclusive_at,
                    s.conclusive_value,
                    note=s.norm_label,
                    basis=norm,
                )
            )
    return _new_events(specs)


def _trend_events(pp_ids: Iterable[int]) -> list[AlertEvent]:
    """A rising trend projected to reach a higher level within the series' horizon opens a
    trend-based event (flagged as such), once while it stays open (T7)."""
    specs: list[_EventSpec] = []
    pps = list(
        PointParameter.objects.filter(pk__in=list(pp_ids)).select_related("parameter", "norm")
    )
    latest = _latest_uncensored([(pp.point_id, pp.parameter_id) for pp in pps], TREND_LAST_N)
    for pp in pps:
        try:
            rule = pp.resolved_thresholds()
        except ValidationError:
            continue
        if not rule:
            continue
        recent = latest.get((pp.point_id, pp.parameter_id), [])
        if len(recent) < 3:
            continue
        t0 = recent[-1][0]
        points = [((t - t0).total_seconds() / 86400, float(v or 0.0)) for t, v, _lvl in recent]
        projected = tarp.trend_level(
            points, rule, float(pp.trend_horizon_days), TREND_LAST_N, pp.direction
        )
        if projected is None:
            continue
        if AlertEvent.objects.filter(
            series=pp, trend=True, to_level=projected, status__in=["open", "acknowledged"]
        ).exists():
            continue
        current = recent[0][2]
        note = _("Trend: the last %(n)d readings project %(level)s within %(days)d days.") % {
            "n": len(recent),
            "level": LEVEL_LABELS[projected],
            "days": pp.trend_horizon_days,
        }
        specs.append(
            _EventSpec(pp.pk, current, projected, None, recent[0][1], trend=True, note=str(note))
        )
    return _new_events(specs)


def _latest_uncensored(
    keys: list[tuple[int, int]], n: int
) -> dict[tuple[int, int], list[tuple[dt.datetime, float | None, str]]]:
    """The last ``n`` uncensored readings (time, value, level; newest first) of each series:
    on PostgreSQL one LATERAL query over the unique index, elsewhere one query per series."""
    found: dict[tuple[int, int], list[tuple[dt.datetime, float | None, str]]] = {
        k: [] for k in keys
    }
    if not keys:
        return found
    if connection.vendor == "postgresql":
        values = ", ".join(["(%s, %s)"] * len(keys))
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT k.p, k.q, o.taken_at, o.value, o.level FROM (VALUES {values}) AS k(p, q) "
                "CROSS JOIN LATERAL (SELECT taken_at, value, level FROM monitoring_observation "
                "WHERE point_id = k.p AND parameter_id = k.q AND censored = '' "
                "AND value IS NOT NULL ORDER BY taken_at DESC LIMIT %s) o "
                "ORDER BY k.p, k.q, o.taken_at DESC",
                [v for key in keys for v in key] + [n],
            )
            for p, q, taken_at, value, level in cur.fetchall():
                found[(p, q)].append((taken_at, value, level))
        return found
    for point_id, parameter_id in keys:
        found[(point_id, parameter_id)] = list(
            Observation.objects.filter(
                point_id=point_id, parameter_id=parameter_id, censored="", value__isnull=False
            )
            .order_by("-taken_at")
            .values_list("taken_at", "value", "level")[:n]
        )
    return found


# --- notification (T7) ---------------------------------------------------------------------


def recipients(event: AlertEvent) -> QuerySet[Any]:
    """Active users of the notified institutions and of the point's responsible institution."""
    from tailsafe.core.models import active_users

    pp = event.series
    inst_ids = set(pp.notified.values_list("pk", flat=True))
    if pp.point.responsible_id:
        inst_ids.add(pp.point.responsible_id)
    return active_users().filter(institution_id__in=inst_ids)


def alert_key(event_id: int) -> str:
    """The notification key of an alert event: one notification per user and event."""
    return f"alert:{event_id}"


STATE_MSGIDS = {
    "normal": N_("normal"),
    "alert": N_("alert"),
    "alarm": N_("alarm"),
    "emergency": N_("emergency"),
    tarp.WITHIN: N_("within the norm"),
    tarp.EXCEEDS: N_("exceeds the norm"),
}
"""The English msgids of the levels and norm states (models.EVENT_STATE_CHOICES), for stored
texts."""


def state_text(state: str) -> StoredText | str:
    msgid = STATE_MSGIDS.get(state)
    return text(msgid) if msgid else state


def alert_texts(event: AlertEvent) -> tuple[StoredText, StoredText]:
    """Subject and body of an alert as stored texts (core.stored_text): every recipient reads
    them in their own language. A norm event names the norm; a TARP event the response."""
    series = event.series
    unit = series.parameter.unit
    value = "—" if event.value is None else f"{readable(event.value)} {unit}"
    where = f"{series.point} ({series.point.facility})"
    if event.basis == AlertEvent.Basis.NORM:
        subject = text(
            N_("[TailSafe] %(state)s: %(series)s"),
            state=state_text(event.to_level),
            series=str(series),
        )
        body = lines(
            text(
                N_("%(param)s at %(point)s: %(before)s -> %(after)s. Value: %(value)s."),
                param=series.parameter.name_en,
                point=where,
                before=state_text(event.from_level),
                after=state_text(event.to_level),
                value=value,
            ),
            text(N_("Norm: %(norm)s"), norm=event.note or "—"),
        )
        return subject, body
    subject = text(
        N_("[TailSafe] %(level)s: %(series)s"), level=state_text(event.to_level), series=str(series)
    )
    body = lines(
        text(
            N_("Level %(before)s -> %(after)s at %(point)s, %(param)s. Value: %(value)s."),
            before=state_text(event.from_level),
            after=state_text(event.to_level),
            point=where,
            param=series.parameter.name_en,
            value=value,
        ),
        event.note,
        text(N_("Expected response: %(response)s"), response=series.expected_response or "—"),
    )
    return subject, body


def readable(value: float | None) -> str:
    """A reading as people write it (monitoring.numbers.readable)."""
    from tailsafe.monitoring.numbers import readable as show

    return show(value)


def notify_events(event_ids: Iterable[int]) -> int:
    """Tell the recipients of each level change and norm event through notify() with stored
    texts (kind "alert": in-app and e-mail as each user's preferences say; T6, T7). Safe to run
    again for the same events: a user is told about an event once (the notification's key).
    Returns the notifications recorded."""
    events = AlertEvent.objects.filter(pk__in=list(event_ids)).select_related(
        "series__point__facility", "series__parameter"
    )
    link = reverse("monitoring:alert_list")
    count = 0
    told: dict[int, list[Any]] = {}  # recipients depend on the series only: once per series
    for event in events.order_by("pk"):
        if event.series_id not in told:
            told[event.series_id] = list(recipients(event))
        subject, body = alert_texts(event)
        with transaction.atomic():
            count += len(
                notifications.notify(
                    told[event.series_id], Kind.ALERT, subject, body, link, key=alert_key(event.pk)
                )
            )
    return count


# --- acknowledging and resolving (T7) -----------------------------------------------------


def can_handle(user: Any, event: AlertEvent) -> bool:
    """HANDLE_ALERTS, refined (monitoring.rules.can_handle)."""
    return rules.can_handle(user, event)


@transaction.atomic
def acknowledge_alert(user: Any, event: AlertEvent, note: str = "") -> AlertEvent:
    """Someone responsible has seen the alert and acts on it (T7)."""
    require(user, Perm.HANDLE_ALERTS)
    locked = AlertEvent.objects.select_for_update().get(pk=event.pk)
    if not can_handle(user, locked):
        raise PermissionDenied
    if locked.status != AlertEvent.Status.OPEN:
        raise ValidationError(_("Only an open alert can be acknowledged."))
    locked.status = AlertEvent.Status.ACKNOWLEDGED
    locked.acknowledged_by = user
    locked.acknowledged_at = timezone.now()
    if note:
        locked.note = (locked.note + "\n" + note).strip()
    save_with_audit(locked, user, "alert acknowledged")
    notifications.mark_read_event(user, alert_key(locked.pk))
    return locked


@transaction.atomic
def resolve_alert(user: Any, event: AlertEvent, reason: str = "") -> AlertEvent:
    """The response is complete and the alert is closed (T7), with the reason for closing
    (issue 15, item 6): an alert never closes with one click and no word why."""
    require(user, Perm.HANDLE_ALERTS)
    locked = AlertEvent.objects.select_for_update().get(pk=event.pk)
    if not can_handle(user, locked):
        raise PermissionDenied
    if locked.status == AlertEvent.Status.RESOLVED:
        raise ValidationError(_("This alert is already resolved."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the alert is closed; it stays open until you do.")}
        )
    now = timezone.now()
    if locked.acknowledged_at is None:
        locked.acknowledged_by, locked.acknowledged_at = user, now
    locked.status = AlertEvent.Status.RESOLVED
    locked.resolved_by = user
    locked.resolved_at = now
    locked.resolution_reason = reason
    save_with_audit(locked, user, "alert resolved")
    notifications.mark_read_event(user, alert_key(locked.pk))
    return locked


# --- programme configuration (T6) ----------------------------------------------------------


@transaction.atomic
def configure_series(user: Any, pp: PointParameter, data: dict[str, Any]) -> PointParameter:
    """Set a series' norm, sampling interval and TARP thresholds, checked in order (T7)."""
    require(user, Perm.MANAGE_MONITORING)
    locked = PointParameter.objects.select_for_update().get(pk=pp.pk)
    notified = data.pop("notified", None)
    for key, value in data.items():
        setattr(locked, key, value)
    locked.full_clean()
    save_with_audit(locked, user, "thresholds configured")
    if notified is not None:
        locked.notified.set(notified)
    return locked


@transaction.atomic
def save_mapping(user: Any, mapping: ColumnMapping) -> ColumnMapping:
    """Remember how a laboratory lays out its files. A mapping belongs to the institution that
    made it: only its users and the secretariat change it (monitoring.rules.can_edit_mapping);
    others copy it under another name (issue 14, item 7)."""
    require(user, Perm.SUBMIT_OBSERVATIONS)
    if mapping.pk is not None:
        stored = ColumnMapping.objects.select_for_update().get(pk=mapping.pk)
        require_can(
            user,
            "edit",
            stored,
            _(
                "This column mapping belongs to another institution: copy it or ask the "
                "secretariat."
            ),
        )
        mapping.owner_id = stored.owner_id
    elif mapping.owner_id is None:
        mapping.owner_id = getattr(user, "institution_id", None)
    mapping.full_clean()
    save_if_changed(mapping, user, "column mapping saved")
    return mapping


# --- read models -----------------------------------------------------------------------------


def series_with_latest(qs: QuerySet[PointParameter] | None = None) -> QuerySet[PointParameter]:
    """Series annotated with their latest value, level and time (index lookups, no scan)."""
    latest = Observation.objects.filter(
        point=OuterRef("point"), parameter=OuterRef("parameter")
    ).order_by("-taken_at")
    base = qs if qs is not None else PointParameter.objects.all()
    return base.select_related("point__facility", "parameter", "norm").annotate(
        last_id=Subquery(latest.values("id")[:1]),
        last_value=Subquery(latest.values("value")[:1]),
        last_censored=Subquery(latest.values("censored")[:1]),
        last_level=Subquery(latest.values("level")[:1]),
        last_at=Subquery(latest.values("taken_at")[:1]),
        last_norm_result=Subquery(latest.values("norm_result")[:1]),
        last_detection_limit=Subquery(latest.values("detection_limit")[:1]),
    )


def norm_counts(pps: Iterable[PointParameter]) -> dict[int, dict[str, int]]:
    """For each series: how many of its readings exceed their norm and how many are
    inconclusive (methodology.md T6: counted and shown as such, never as within)."""
    from django.db.models import Count

    series = list(pps)
    counts: dict[int, dict[str, int]] = {
        pp.pk: {tarp.EXCEEDS: 0, tarp.INCONCLUSIVE: 0} for pp in series
    }
    if not series:
        return counts
    by_pair = {(pp.point_id, pp.parameter_id): pp.pk for pp in series}
    match = Q()
    for point_id, parameter_id in by_pair:
        match |= Q(point_id=point_id, parameter_id=parameter_id)
    rows = (
        Observation.objects.filter(match, norm_result__in=[tarp.EXCEEDS, tarp.INCONCLUSIVE])
        .values_list("point_id", "parameter_id", "norm_result")
        .annotate(n=Count("id"))
        .order_by()
    )
    for point_id, parameter_id, result, n in rows:
        counts[by_pair[(point_id, parameter_id)]][result] = n
    return counts


def norm_summary(points: QuerySet[MonitoringPoint], days: int = 365) -> dict[str, int]:
    """Readings beyond their norm and inconclusive ones at ``points`` in the last ``days``
    (the partial index mon_obs_norm_idx), and the open norm events there."""
    from django.db.models import Count

    since = timezone.now() - dt.timedelta(days=days)
    found = dict(
        Observation.objects.filter(
            taken_at__gte=since,
            norm_result__in=[tarp.EXCEEDS, tarp.INCONCLUSIVE],
            point__in=points,
        )
        .values_list("norm_result")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {
        "days": days,
        "exceeding": found.get(tarp.EXCEEDS, 0),
        "inconclusive": found.get(tarp.INCONCLUSIVE, 0),
        "open_norm_events": AlertEvent.objects.filter(
            q_open(), basis=AlertEvent.Basis.NORM, series__point__in=points
        )
        .exclude(to_level=tarp.WITHIN)
        .count(),
    }


def is_overdue(pp: Any, now: dt.datetime | None = None) -> bool:
    if not pp.sampling_interval_days:
        return False
    last = getattr(pp, "last_at", None)
    if last is None:
        return True
    now = now or timezone.now()
    return bool(now - last > dt.timedelta(days=pp.sampling_interval_days))


def overdue_series(limit: int = 50) -> list[Any]:
    """The first `limit` series (by point and parameter code) whose latest reading is older
    than their sampling interval. Decided on the bare columns; only the series returned are
    loaded with their point, facility and latest reading (issue 9: 500 series)."""
    base = PointParameter.objects.filter(point__active=True, sampling_interval_days__isnull=False)
    latest = Observation.objects.filter(point=OuterRef("point"), parameter=OuterRef("parameter"))
    now = timezone.now()
    ids = [
        pk
        for pk, days, last_at in base.annotate(
            last_at=Subquery(latest.order_by("-taken_at").values("taken_at")[:1])
        ).values_list("pk", "sampling_interval_days", "last_at")
        if is_overdue(SimpleNamespace(sampling_interval_days=days, last_at=last_at), now)
    ][:limit]
    by_id = {pp.pk: pp for pp in series_with_latest(PointParameter.objects.filter(pk__in=ids))}
    return [by_id[pk] for pk in ids if pk in by_id]


def open_alerts() -> QuerySet[AlertEvent]:
    """Open and acknowledged TARP alerts and norm events (recoveries are stored resolved);
    drills (exercise) are not counted."""
    return (
        AlertEvent.objects.filter(status__in=["open", "acknowledged"], exercise=False)
        .exclude(to_level__in=["normal", tarp.WITHIN])
        .select_related("series__point__facility", "series__parameter")
    )


def latest_per_point() -> list[tuple[Any, ...]]:
    """For every series: point, parameter, time, value, level of its latest reading."""
    if connection.vendor == "postgresql":
        sql = (
            "SELECT pp.point_id, pp.parameter_id, o.taken_at, o.value, o.level "
            "FROM monitoring_pointparameter pp CROSS JOIN LATERAL ("
            "SELECT taken_at, value, level FROM monitoring_observation "
            "WHERE point_id = pp.point_id AND parameter_id = pp.parameter_id "
            "ORDER BY taken_at DESC LIMIT 1) o"
        )
        with connection.cursor() as cur:
            cur.execute(sql)
            return list(cur.fetchall())
    return [
        (pp.point_id, pp.parameter_id, pp.last_at, pp.last_value, pp.last_level)  # type: ignore[attr-defined]
        for pp in series_with_latest()
        if pp.last_at is not None  # type: ignore[attr-defined]
    ]


def exceedances(start: dt.datetime, end: dt.datetime) -> QuerySet[Observation]:
    """Readings above normal in [start, end) (the partial index on taken_at)."""
    return Observation.objects.filter(taken_at__gte=start, taken_at__lt=end).exclude(level="normal")


def chart_data(pp: PointParameter, limit: int = 5000) -> dict[str, Any]:
    """Series for the chart: readings with level and censoring, the norm and TARP lines, and
    the opposite surface-water point of the facility (upstream vs downstream)."""
    series = [_series_json(pp, limit)]
    kind = pp.point.kind
    other_kind = {"surface_up": "surface_down", "surface_down": "surface_up"}.get(kind)
    if other_kind:
        other = (
            PointParameter.objects.filter(
                point__facility_id=pp.point.facility_id,
                point__kind=other_kind,
                parameter_id=pp.parameter_id,
            )
            .select_related("point")
            .first()
        )
        if other is not None:
            series.append(_series_json(other, limit))
    try:
        rule = pp.resolved_thresholds()
        limit_min, limit_value, norms = pp.norm_limits()
    except ValidationError:
        rule, limit_min, limit_value, norms = {}, None, None, []
    return {
        "unit": pp.parameter.unit,
        "parameter": pp.parameter.name,
        "direction": pp.direction,
        "limit": limit_value,
        "limit_min": limit_min,
        "norm": "; ".join(str(n) for n in norms) or None,
        "thresholds": rule,
        "series": series,
    }


def _series_json(pp: PointParameter, limit: int) -> dict[str, Any]:
    """The readings as rows for the page's table; `limit` 0 reads none (chart_series reads
    its own arrays) and keeps the programme entry as "pp" (not JSON: chart_series replaces
    the whole entry)."""
    if not limit:
        return {"point": pp.point.code, "pp": pp}
    rows = list(
        Observation.objects.filter(point_id=pp.point_id, parameter_id=pp.parameter_id)
        .order_by("-taken_at")
        .values_list("taken_at", "value", "censored", "level", "norm_result", "detection_limit")[
            :limit
        ]
    )
    rows.reverse()
    tz = timezone.get_current_timezone()  # once, not per reading (issue 9: 10,000 readings)
    from tailsafe.monitoring.numbers import readable

    return {
        "point": pp.point.code,
        "label": f"{pp.point.code} · {pp.point.get_kind_display()}",
        "kind": pp.point.kind,
        "points": [
            {
                "t": int(t.timestamp() * 1000),
                "iso": t.astimezone(tz).isoformat(timespec="minutes"),
                "local": t.astimezone(tz).strftime("%d.%m.%Y %H:%M"),
                "v": v,
                "shown": readable(v),
                "censored": c,
                "level": lvl,
                "norm": nr,
                "dl": None if dl is None else readable(dl),
            }
            for t, v, c, lvl, nr, dl in rows
        ],
    }


CHART_WIDTH = 1000  # points a chart draws when the caller does not say (about its pixels)
CHART_OVERVIEW_MAX = 50_000  # the most recent readings an overview reads at most


def chart_series(
    pp: PointParameter,
    width: int = CHART_WIDTH,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
) -> dict[str, Any]:
    """The chart endpoint (issue 20, item 3): the series and its twin as compact arrays (times
    in ms, values, censoring, level, norm result; readings without a value are not drawn).
    The overview (no time range) holds at most `width` readings per series chosen by
    largest-triangle-three-buckets (monitoring/lttb.py), plus the extremes and every reading
    beyond a TARP level or the norm; a time range (zoom) sends every reading in it (full
    resolution, like the exports)."""
    data = chart_data(pp, limit=0)
    data["width"] = width
    data["range"] = [None if d is None else d.isoformat() for d in (start, end)]
    data["series"] = [_series_arrays(s["pp"], width, start, end) for s in data["series"]]
    return data


def _series_arrays(
    pp: PointParameter, width: int, start: dt.datetime | None, end: dt.datetime | None
) -> dict[str, Any]:
    qs = Observation.objects.filter(
        point_id=pp.point_id, parameter_id=pp.parameter_id, value__isnull=False
    )
    zoom = start is not None or end is not None
    if start is not None:
        qs = qs.filter(taken_at__gte=start)
    if end is not None:
        qs = qs.filter(taken_at__lt=end)
    ordered = qs.order_by("-taken_at").values_list(
        "taken_at", "value", "censored", "level", "norm_result"
    )
    rows = list(ordered if zoom else ordered[:CHART_OVERVIEW_MAX])
    rows.reverse()
    times, values, censored, levels, norms = zip(*rows, strict=True) if rows else ((),) * 5
    ts = [t.timestamp() * 1000 for t in times]
    vs = [v or 0.0 for v in values]  # never None: the query keeps readings with a value
    keep = [
        i
        for i, (lvl, nr) in enumerate(zip(levels, norms, strict=True))
        if lvl not in ("", "normal") or nr == "exceeds"
    ]
    chosen = range(len(rows)) if zoom else lttb.downsample(ts, vs, width, keep)
    return {
        "point": pp.point.code,
        "label": f"{pp.point.code} · {pp.point.get_kind_display()}",
        "kind": pp.point.kind,
        "total": len(rows),
        "downsampled": len(chosen) < len(rows),
        "t": [int(ts[i]) for i in chosen],
        "v": [vs[i] for i in chosen],
        "censored": [censored[i] for i in chosen],
        "level": [levels[i] for i in chosen],
        "norm": [norms[i] for i in chosen],
    }


def visible_batches(user: Any) -> QuerySet[ImportBatch]:
    qs = ImportBatch.objects.select_related("uploaded_by")
    if has_perm(user, Perm.MANAGE_MONITORING) or has_perm(user, Perm.HANDLE_ALERTS):
        return qs
    return qs.filter(uploaded_by=user)


def points_for(user: Any) -> QuerySet[MonitoringPoint]:
    return MonitoringPoint.objects.select_related("facility", "responsible")


def q_open() -> Q:
    """Open or acknowledged, and real (a drill's exercise alert is never counted as open)."""
    return Q(status__in=["open", "acknowledged"], exercise=False)
