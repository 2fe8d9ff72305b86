"""Early warning (T7): readings flip TARP levels, norm states and trends into alert events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from tailsafe.core.stored_text import StoredText, text
from tailsafe.monitoring import importer, trends
from tailsafe.monitoring import thresholds as tarp
from tailsafe.monitoring.models import (
    AlertEvent,
    Observation,
    PointParameter,
)
from tailsafe.monitoring.services.alert_handling import state_text
from tailsafe.monitoring.signals import alerts_opened

TREND_LAST_N = 5


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
    reason: StoredText | None = None


def _new_events(specs: list[_EventSpec]) -> list[AlertEvent]:
    """Create the alert events of one import or hand entry together: one query for their
    series, one for the readings they point to, one bulk insert with their history rows
    (the audit trail, as save_with_audit would write it, one by one)."""
    if not specs:
        return []
    from simple_history.utils import bulk_create_with_history

    series = PointParameter.objects.in_bulk({s.pp_id for s in specs})
    wanted = [s for s in specs if s.when is not None and not s.trend]
    readings = _reading_ids(
        sorted(
            {
                (series[s.pp_id].point_id, series[s.pp_id].parameter_id, s.when)
                for s in wanted
                if s.when is not None
            }
        )
    )
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
                reason=spec.reason,
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
    already_open = set(
        AlertEvent.objects.filter(
            series__in=pps, trend=True, status__in=["open", "acknowledged"]
        ).values_list("series_id", "to_level")
    )
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
        projected = trends.trend_level(
            points, rule, float(pp.trend_horizon_days), TREND_LAST_N, pp.direction
        )
        if projected is None:
            continue
        if (pp.pk, projected) in already_open:
            continue
        current = recent[0][2]
        reason = text(
            N_("Trend: the last %(n)s readings project %(level)s within %(days)s days."),
            n=len(recent),
            level=state_text(projected),
            days=pp.trend_horizon_days,
        )
        specs.append(
            _EventSpec(pp.pk, current, projected, None, recent[0][1], trend=True, reason=reason)
        )
    return _new_events(specs)


def _reading_ids(
    keys: list[tuple[int, int, dt.datetime]],
) -> dict[tuple[int, int, dt.datetime], int]:
    """The ids of the readings at (point, parameter, time): on PostgreSQL one join with the
    keys as VALUES over the unique index, elsewhere OR-ed conditions 200 keys at a time."""
    found: dict[tuple[int, int, dt.datetime], int] = {}
    if not keys:
        return found
    if connection.vendor == "postgresql":
        values = ", ".join(["(%s, %s, %s::timestamptz)"] * len(keys))
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT o.id, o.point_id, o.parameter_id, o.taken_at FROM (VALUES {values}) "
                "AS k(p, q, t) JOIN monitoring_observation o "
                "ON o.point_id = k.p AND o.parameter_id = k.q AND o.taken_at = k.t",
                [v for key in keys for v in key],
            )
            for pk, point_id, parameter_id, taken_at in cur.fetchall():
                found[(point_id, parameter_id, taken_at)] = pk
        return found
    for start in range(0, len(keys), 200):
        match = Q()
        for point_id, parameter_id, when in keys[start : start + 200]:
            match |= Q(point_id=point_id, parameter_id=parameter_id, taken_at=when)
        for pk, point_id, parameter_id, taken_at in Observation.objects.filter(match).values_list(
            "pk", "point_id", "parameter_id", "taken_at"
        ):
            found[(point_id, parameter_id, taken_at)] = pk
    return found


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
