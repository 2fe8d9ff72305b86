"""Trends of a series towards a TARP threshold (methodology.md "Early warning levels (T7)"):
a least-squares line through the last readings, carried forward over a horizon. Pure: no Django
import. The levels and thresholds themselves are thresholds.py's."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tailsafe.monitoring.thresholds import (
    THRESHOLD_KEYS,
    _check_direction,
    _reaches,
    classify,
    level_rank,
    validate_thresholds,
)


@dataclass(frozen=True)
class TrendResult:
    """The result of :func:`project_crossing`.

    ``sufficient_data`` is false when the last ``last_n`` points have fewer than three distinct
    times (or times so close together that no finite slope can be fitted); then
    ``slope_per_day`` and ``projected_value`` are ``None``. ``current_value`` is the latest
    reading (``None`` without points). ``projected_value`` is the current value carried forward
    by the fitted slope over the horizon. ``crosses`` says whether the threshold is reached
    within the horizon and ``days_to_crossing`` when (``0.0`` if already reached, ``None`` if
    not crossing within the horizon).
    """

    sufficient_data: bool
    slope_per_day: float | None
    projected_value: float | None
    crosses: bool
    days_to_crossing: float | None
    current_value: float | None
    points_used: int


def _ols_slope(points: Sequence[tuple[float, float]]) -> float | None:
    """Least-squares slope, or ``None`` if the times are too close for a finite slope."""
    n = len(points)
    mean_t = math.fsum(t for t, _ in points) / n
    mean_v = math.fsum(v for _, v in points) / n
    sxx = math.fsum((t - mean_t) ** 2 for t, _ in points)
    sxy = math.fsum((t - mean_t) * (v - mean_v) for t, v in points)
    if sxx <= 0.0:  # distinct times whose spread underflows (e.g. 1e-300 days apart)
        return None
    slope = sxy / sxx
    return slope if math.isfinite(slope) else None


def _recent(points: Sequence[tuple[float, float]], last_n: int) -> list[tuple[float, float]]:
    """Validate ``points`` and return the last ``last_n`` of them in time order."""
    if last_n < 3:
        raise ValueError(f"last_n must be at least 3 to fit a trend, got {last_n}.")
    checked: list[tuple[float, float]] = []
    for index, (t, v) in enumerate(points):
        t, v = float(t), float(v)
        if not (math.isfinite(t) and math.isfinite(v)):
            raise ValueError(f"Point {index} ({t!r}, {v!r}) must have finite time and value.")
        checked.append((t, v))
    # Stable sort: among equal times the one given last is treated as the latest reading.
    checked.sort(key=lambda p: p[0])
    return checked[-last_n:]


def project_crossing(
    points: Sequence[tuple[float, float]],
    threshold: float,
    horizon_days: float,
    last_n: int = 5,
    direction: str = "rising",
) -> TrendResult:
    """Project whether a reading series reaches ``threshold`` within ``horizon_days``.

    ``points`` are ``(t_days, value)`` pairs in any order; the last ``last_n`` by time are used
    (ties keep input order). An ordinary least-squares slope per day is fitted on them; it needs
    at least three distinct times, otherwise the result has ``sufficient_data=False``.

    The projection starts from the latest reading (so it agrees with the current TARP level):
    ``projected_value = current + slope * horizon_days``. If the current value already reaches
    the threshold (``>=`` rising, ``<=`` falling) the result has ``crosses=True`` and
    ``days_to_crossing=0.0`` whether or not there is enough data for a slope. Otherwise it
    crosses when the projected value reaches the threshold, which needs a slope towards the
    threshold (``> 0`` rising, ``< 0`` falling); ``days_to_crossing`` is then
    ``(threshold - current) / slope``, at most ``horizon_days``, else ``None``.

    Raises ``ValueError`` for a non-finite threshold or point, a negative or non-finite horizon,
    ``last_n < 3`` or an unknown direction.
    """
    _check_direction(direction)
    if not math.isfinite(threshold):
        raise ValueError(f"Threshold must be a finite number, got {threshold!r}.")
    if not (math.isfinite(horizon_days) and horizon_days >= 0):
        raise ValueError(f"horizon_days must be a finite number >= 0, got {horizon_days!r}.")
    recent = _recent(points, last_n)
    if not recent:
        return TrendResult(False, None, None, False, None, None, 0)
    current = recent[-1][1]
    already = _reaches(current, threshold, direction)
    slope = _ols_slope(recent) if len({t for t, _ in recent}) >= 3 else None
    if slope is None:
        return TrendResult(
            sufficient_data=False,
            slope_per_day=None,
            projected_value=None,
            crosses=already,
            days_to_crossing=0.0 if already else None,
            current_value=current,
            points_used=len(recent),
        )
    projected = current + slope * horizon_days
    days: float | None
    if already:
        crosses, days = True, 0.0
    elif _reaches(projected, threshold, direction) and slope != 0:
        crosses, days = True, min(max((threshold - current) / slope, 0.0), horizon_days)
    else:
        crosses, days = False, None
    return TrendResult(
        sufficient_data=True,
        slope_per_day=slope,
        projected_value=projected,
        crosses=crosses,
        days_to_crossing=days,
        current_value=current,
        points_used=len(recent),
    )


def trend_level(
    points: Sequence[tuple[float, float]],
    thresholds: Mapping[str, float],
    horizon_days: float,
    last_n: int = 5,
    direction: str = "rising",
) -> str | None:
    """Return the most severe level projected within the horizon, if above the current one.

    The current level is :func:`classify` of the latest reading; the projection is that of
    :func:`project_crossing` for each threshold. Returns ``None`` when there are no points, too
    few distinct times for a trend, or no higher level is projected to be reached within
    ``horizon_days``. Thresholds are validated as in :func:`classify`.
    """
    validate_thresholds(thresholds, direction)
    recent = _recent(points, last_n)
    if not recent:
        return None
    current_rank = level_rank(classify(recent[-1][1], thresholds, direction))
    for key in reversed(THRESHOLD_KEYS):
        if key not in thresholds or level_rank(key) <= current_rank:
            continue
        result = project_crossing(points, float(thresholds[key]), horizon_days, last_n, direction)
        if result.sufficient_data and result.crosses:
            return key
    return None
