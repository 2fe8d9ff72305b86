"""Early-warning levels (methodology.md "Early warning levels (T7)"). Pure: no Django import.

methodology.md uses the tailings industry's trigger-action-response-plan (TARP) pattern: per
monitoring point and parameter, the levels are normal / alert / alarm / emergency, each with
thresholds. This module turns a reading (or a recent series of readings) into a level; who is
notified and the response expected are the caller's business.

Threshold rules (decided here; checked by :func:`validate_thresholds`, which :func:`classify`
and :func:`trend_level` call):

* The threshold keys are ``"alert"``, ``"alarm"`` and ``"emergency"``; each is optional, and any
  other key raises ``ValueError``. With no thresholds every value is ``"normal"``.
* Reaching a threshold counts: for a ``"rising"`` parameter (higher is worse, e.g. piezometric
  level, seepage, a contaminant concentration) the level applies when ``value >= threshold``; for
  a ``"falling"`` parameter (lower is worse, e.g. freeboard) when ``value <= threshold``.
* The thresholds present must be *strictly* monotone in level order: strictly ascending for
  ``"rising"``, strictly descending for ``"falling"``. Equal thresholds for two levels raise
  ``ValueError`` too, because the lower of the two levels could then never be reported.
* Threshold values must be finite numbers; a NaN reading raises ``ValueError`` (a reading of
  +/-infinity is classified normally).
"""

import math
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

LEVELS: Final[tuple[str, ...]] = ("normal", "alert", "alarm", "emergency")
"""The TARP levels, from least to most severe (methodology.md T7)."""

THRESHOLD_KEYS: Final[tuple[str, ...]] = LEVELS[1:]
"""The levels that have a threshold; ``"normal"`` is what remains below them all."""

DIRECTIONS: Final[tuple[str, ...]] = ("rising", "falling")
"""``"rising"``: higher values are worse; ``"falling"``: lower values are worse (freeboard)."""


def level_rank(level: str) -> int:
    """Return the severity rank of a TARP level: normal 0, alert 1, alarm 2, emergency 3."""
    try:
        return LEVELS.index(level)
    except ValueError:
        allowed = ", ".join(LEVELS)
        raise ValueError(f"Unknown level {level!r}; allowed levels: {allowed}.") from None


def _check_direction(direction: str) -> None:
    if direction not in DIRECTIONS:
        raise ValueError(f"Unknown direction {direction!r}; allowed: {', '.join(DIRECTIONS)}.")


def validate_thresholds(thresholds: Mapping[str, float], direction: str = "rising") -> None:
    """Raise ``ValueError`` unless ``thresholds`` follow the module's rules (see module doc).

    Keys must be among :data:`THRESHOLD_KEYS`, values finite, and the values present strictly
    ascending in level order (``"rising"``) or strictly descending (``"falling"``).
    """
    _check_direction(direction)
    unknown = sorted(set(thresholds) - set(THRESHOLD_KEYS))
    if unknown:
        raise ValueError(
            f"Unknown threshold key(s) {', '.join(map(repr, unknown))}; "
            f"allowed keys: {', '.join(THRESHOLD_KEYS)}."
        )
    previous: tuple[str, float] | None = None
    for key in THRESHOLD_KEYS:
        if key not in thresholds:
            continue
        value = float(thresholds[key])
        if not math.isfinite(value):
            raise ValueError(f"Threshold {key!r} must be a finite number, got {value!r}.")
        if previous is not None:
            prev_key, prev_value = previous
            in_order = value > prev_value if direction == "rising" else value < prev_value
            if not in_order:
                relation = "above" if direction == "rising" else "below"
                raise ValueError(
                    f"Thresholds out of order for a {direction} parameter: {key!r} ({value!r}) "
                    f"must be strictly {relation} {prev_key!r} ({prev_value!r})."
                )
        previous = (key, value)


_OPERATORS: Final[dict[str, Callable[[float, float], bool]]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
}

REACHES: Final[dict[str, str]] = {"rising": ">=", "falling": "<="}
"""How a reading reaches a TARP threshold, per direction (the one home of the level rule:
:func:`classify`, the importer and the SQL of the bulk import all derive from it)."""

UNINFORMATIVE_CENSOR: Final[dict[str, str]] = {"rising": "<", "falling": ">"}
"""The censoring that says nothing about a level: "<x" only says the true value is below x,
so it raises no level for a rising parameter (and ">x" none for a falling one)."""


def _reaches(value: float, threshold: float, direction: str) -> bool:
    return _OPERATORS[REACHES[direction]](value, threshold)


def compile_classifier(
    thresholds: Mapping[str, float], direction: str = "rising"
) -> Callable[[float], str]:
    """:func:`classify` for one set of thresholds, validated once (for many readings)."""
    validate_thresholds(thresholds, direction)
    reaches = _OPERATORS[REACHES[direction]]
    steps = [(k, float(thresholds[k])) for k in reversed(THRESHOLD_KEYS) if k in thresholds]

    def level(value: float) -> str:
        if value != value:  # NaN
            raise ValueError("Cannot classify a NaN value.")
        for key, threshold in steps:
            if reaches(value, threshold):
                return key
        return LEVELS[0]

    return level


def classify(value: float, thresholds: Mapping[str, float], direction: str = "rising") -> str:
    """Return the TARP level of a reading (methodology.md T7).

    The result is the most severe level whose threshold the value reaches (``>=`` for
    ``direction="rising"``, ``<=`` for ``"falling"``), or ``"normal"`` if none. Raises
    ``ValueError`` for a NaN value, an unknown direction, and thresholds that break the rules
    in the module docstring (unknown key, non-finite, not strictly monotone).
    """
    return compile_classifier(thresholds, direction)(value)


def classify_reading(
    value: float | None,
    censor: str | None,
    thresholds: Mapping[str, float],
    direction: str = "rising",
) -> str:
    """The TARP level of a possibly censored reading, read conservatively.

    "<x" raises no level for a rising parameter (:data:`UNINFORMATIVE_CENSOR`); ">x" is at
    least x. A "not detected" reading without a known limit (``value`` None) is normal.
    """
    if value is None or (censor or "") == UNINFORMATIVE_CENSOR[direction]:
        _check_direction(direction)
        return LEVELS[0]
    return classify(value, thresholds, direction)


# --- comparing a reading with its limit (methodology.md "Comparing a reading with its limit") --

EXCEEDS: Final = "exceeds"
WITHIN: Final = "within"
INCONCLUSIVE: Final = "inconclusive"
VERDICTS: Final[tuple[str, ...]] = (WITHIN, INCONCLUSIVE, EXCEEDS)
"""The three answers, from best to worst (a combination of limits takes the worst)."""

CENSORS: Final[tuple[str, ...]] = ("", "<", ">")

COMPARISON_TABLE: Final[dict[tuple[str, str], tuple[str, str, str]]] = {
    # (censor, direction): (operator of "value <op> limit", verdict if true, verdict if false)
    ("", "rising"): (">", EXCEEDS, WITHIN),
    ("<", "rising"): ("<=", WITHIN, INCONCLUSIVE),
    (">", "rising"): (">=", EXCEEDS, INCONCLUSIVE),
    ("", "falling"): ("<", EXCEEDS, WITHIN),
    ("<", "falling"): ("<=", EXCEEDS, INCONCLUSIVE),
    (">", "falling"): (">=", WITHIN, INCONCLUSIVE),
}
"""The methodology table, as data: :func:`compare_with_limit` reads it, and the bulk import
writes its SQL from it, so the rule has one home. For a censored reading the value is the
reported limit d ("<d": below detection limit d; ">d": above reporting limit d)."""


def _finite(name: str, number: float) -> float:
    number = float(number)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {number!r}.")
    return number


def _censor_key(censor: str | None) -> str:
    key = censor or ""
    if key not in CENSORS:
        raise ValueError(f"Unknown censor {censor!r}; allowed: '<', '>' or None.")
    return key


def compare_with_limit(
    value: float, limit: float, censor: str | None = None, direction: str = "rising"
) -> str:
    """Compare a reading with one limit: ``"exceeds"``, ``"within"`` or ``"inconclusive"``.

    ``direction`` ``"rising"``: the limit is a maximum; ``"falling"``: a minimum (pH 6.5).
    ``censor`` ``"<"`` (``value`` is the detection limit the true value lies below), ``">"``
    (``value`` is a reporting limit the true value lies above) or None (``""`` is read as
    None). Exceeds means strictly beyond the limit; a censored reading that cannot be placed
    on either side of the limit is inconclusive, never within (methodology.md table). NaN or
    infinite numbers, an unknown censor or direction raise ``ValueError``.
    """
    _check_direction(direction)
    op, if_true, if_false = COMPARISON_TABLE[(_censor_key(censor), direction)]
    holds = _OPERATORS[op](_finite("value", value), _finite("limit", limit))
    return if_true if holds else if_false


def worst_verdict(verdicts: Sequence[str]) -> str:
    """The worst of several answers (exceeds > inconclusive > within); within for none."""
    return max(verdicts, key=VERDICTS.index, default=WITHIN)


def compare_with_norm(
    value: float,
    censor: str | None = None,
    *,
    maximum: float | None = None,
    minimum: float | None = None,
) -> str:
    """Compare a reading with a norm of one or two limits (a range such as pH 6.5-8.5 is a
    ``minimum`` and a ``maximum``): the worst of :func:`compare_with_limit` against each.
    Raises ``ValueError`` without any limit, or with a minimum above the maximum."""
    if maximum is None and minimum is None:
        raise ValueError("A norm needs a maximum, a minimum or both.")
    if maximum is not None and minimum is not None and float(minimum) > float(maximum):
        raise ValueError(f"The minimum {minimum!r} is above the maximum {maximum!r}.")
    verdicts = []
    if maximum is not None:
        verdicts.append(compare_with_limit(value, maximum, censor, "rising"))
    if minimum is not None:
        verdicts.append(compare_with_limit(value, minimum, censor, "falling"))
    return worst_verdict(verdicts)


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


# --- a point's worst current state (issue 16, item 6) --------------------------------------

STATE_ORDER: Final[tuple[str, ...]] = (
    "",  # no reading yet
    "normal",
    WITHIN,
    INCONCLUSIVE,
    EXCEEDS,
    "alert",
    "alarm",
    "emergency",
)
"""From best to worst: a TARP level above normal outranks a norm verdict (it was set for the
site), a reading beyond its norm outranks one that cannot be compared with it."""


def worst_state(states: Iterable[str | None]) -> str:
    """The worst of the TARP levels and norm verdicts of a point's series ("" for none).
    Unknown states raise ValueError (never silently ranked)."""
    worst = 0
    for state in states:
        rank = STATE_ORDER.index(state or "")
        worst = max(worst, rank)
    return STATE_ORDER[worst]
