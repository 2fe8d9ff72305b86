"""Read models the monitoring pages, the dashboard and the API use (latest readings, norm
summaries, overdue samples, open alerts, chart series)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import get_language

from tailsafe.core import versioned
from tailsafe.core.permissions import Perm, has_perm
from tailsafe.monitoring import lttb
from tailsafe.monitoring import thresholds as tarp
from tailsafe.monitoring.models import (
    AlertEvent,
    ImportBatch,
    MonitoringPoint,
    Observation,
    PointParameter,
)

if TYPE_CHECKING:
    from tailsafe.core.models import User

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
    loaded with their point, facility and latest reading (issue 9: 500 series).

    Both steps are cached until readings are stored or the programme changes
    (READINGS_VERSION); the clock is compared on every call (is_overdue), so a series is
    shown the moment it falls due, and the loaded series are keyed by which ones are due."""
    now = timezone.now()
    ids = [
        pk
        for pk, days, last_at in versioned.cached(
            "monitoring.sampled", (), [READINGS_VERSION], _sampled_series
        )
        if is_overdue(SimpleNamespace(sampling_interval_days=days, last_at=last_at), now)
    ][:limit]
    return versioned.cached(
        "monitoring.overdue", (ids,), [READINGS_VERSION], lambda: _with_latest(ids)
    )


def _sampled_series() -> list[tuple[int, int | None, dt.datetime | None]]:
    """(id, sampling interval in days, time of the latest reading) of every active series
    with an interval, in programme order."""
    base = PointParameter.objects.filter(point__active=True, sampling_interval_days__isnull=False)
    latest = Observation.objects.filter(point=OuterRef("point"), parameter=OuterRef("parameter"))
    return list(
        base.annotate(
            last_at=Subquery(latest.order_by("-taken_at").values("taken_at")[:1])
        ).values_list("pk", "sampling_interval_days", "last_at")
    )


def _with_latest(ids: list[int]) -> list[PointParameter]:
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

READINGS_VERSION = "monitoring.readings"
"""The version (core.versioned) of everything a chart shows: added to by every write of
readings (services.imports._record_readings, for the checked and the bulk path and a hand
entry; the demo) and by saves and deletes of points, programme entries, parameters and norms
(MonitoringConfig.ready). Readings are never updated in place."""


def readings_changed() -> None:
    """Called in the transaction that stores readings: what is cached under READINGS_VERSION
    (chart overviews, overdue samples) is built anew."""
    versioned.bump(READINGS_VERSION)


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
    resolution, like the exports).

    The overview is cached (per series, width and language) until readings are stored or the
    programme changes (READINGS_VERSION): a series is read by many and changes with an import."""
    if start is None and end is None:
        return versioned.cached(
            "monitoring.chart",
            (pp.pk, width, get_language()),
            [READINGS_VERSION],
            lambda: _chart_series(pp, width, None, None),
        )
    return _chart_series(pp, width, start, end)


def _chart_series(
    pp: PointParameter, width: int, start: dt.datetime | None, end: dt.datetime | None
) -> dict[str, Any]:
    data = chart_data(pp, limit=0)
    data["width"] = width
    data["range"] = [None if d is None else d.isoformat() for d in (start, end)]
    data["series"] = [_series_arrays(s["pp"], width, start, end) for s in data["series"]]
    return data


_EPOCH_MS = "epoch_ms"
"""On PostgreSQL the chart reads a reading's time as milliseconds since the epoch, computed by
the database (truncated like Python's int(timestamp * 1000)): 10,000 readings no longer make
10,000 datetime objects only to turn them back into numbers."""


def _series_arrays(
    pp: PointParameter, width: int, start: dt.datetime | None, end: dt.datetime | None
) -> dict[str, Any]:
    qs = Observation.objects.filter(
        point_id=pp.point_id, parameter_id=pp.parameter_id, value__isnull=False
    )
    if connection.vendor == "postgresql":
        qs = qs.annotate(
            **{
                _EPOCH_MS: RawSQL(
                    'floor(extract(epoch from "monitoring_observation"."taken_at") * 1000)::bigint',
                    (),
                )
            }
        )
    zoom = start is not None or end is not None
    if start is not None:
        qs = qs.filter(taken_at__gte=start)
    if end is not None:
        qs = qs.filter(taken_at__lt=end)
    ordered = qs.order_by("-taken_at").values_list(
        _EPOCH_MS if connection.vendor == "postgresql" else "taken_at",
        "value",
        "censored",
        "level",
        "norm_result",
    )
    rows = list(ordered if zoom else ordered[:CHART_OVERVIEW_MAX])
    rows.reverse()
    times, values, censored, levels, norms = zip(*rows, strict=True) if rows else ((),) * 5
    if connection.vendor == "postgresql":
        ts = list(times)  # already ms since the epoch: no datetime per reading (issue 20)
    else:
        ts = [int(t.timestamp() * 1000) for t in times]
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
        "t": [ts[i] for i in chosen],
        "v": [vs[i] for i in chosen],
        "censored": [censored[i] for i in chosen],
        "level": [levels[i] for i in chosen],
        "norm": [norms[i] for i in chosen],
    }


def visible_batches(user: User) -> QuerySet[ImportBatch]:
    qs = ImportBatch.objects.select_related("uploaded_by")
    if has_perm(user, Perm.MANAGE_MONITORING) or has_perm(user, Perm.HANDLE_ALERTS):
        return qs
    return qs.filter(uploaded_by=user)


def points_for(user: User) -> QuerySet[MonitoringPoint]:
    return MonitoringPoint.objects.select_related("facility", "responsible")


def q_open() -> Q:
    """Open or acknowledged, and real (a drill's exercise alert is never counted as open)."""
    return Q(status__in=["open", "acknowledged"], exercise=False)
