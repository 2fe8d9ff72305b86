"""Tests for TARP early-warning levels (methodology.md "Early warning levels (T7)")."""

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tailsafe.monitoring.thresholds import (
    LEVELS,
    THRESHOLD_KEYS,
    classify,
    level_rank,
    validate_thresholds,
)
from tailsafe.monitoring.trends import TrendResult, project_crossing, trend_level

FULL = {"alert": 1.0, "alarm": 2.0, "emergency": 3.0}
FREEBOARD = {"alert": 1.5, "alarm": 1.0, "emergency": 0.5}  # metres; lower is worse


# --- levels -------------------------------------------------------------------------------


def test_levels_order_and_rank() -> None:
    assert LEVELS == ("normal", "alert", "alarm", "emergency")
    assert [level_rank(level) for level in LEVELS] == [0, 1, 2, 3]
    assert THRESHOLD_KEYS == ("alert", "alarm", "emergency")


def test_level_rank_unknown() -> None:
    with pytest.raises(ValueError, match="warning"):
        level_rank("warning")


# --- classify -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "thresholds", "direction", "expected"),
    [
        (0.0, {}, "rising", "normal"),
        (1e9, {}, "rising", "normal"),
        (0.99, FULL, "rising", "normal"),
        (1.0, FULL, "rising", "alert"),  # reaching a threshold counts
        (1.5, FULL, "rising", "alert"),
        (2.0, FULL, "rising", "alarm"),
        (3.0, FULL, "rising", "emergency"),
        (1e9, FULL, "rising", "emergency"),
        (-5.0, FULL, "rising", "normal"),
        (math.inf, FULL, "rising", "emergency"),
        # only some thresholds defined
        (10.0, {"alarm": 5.0}, "rising", "alarm"),
        (4.0, {"alarm": 5.0}, "rising", "normal"),
        (6.0, {"alert": 1.0, "emergency": 6.0}, "rising", "emergency"),
        (5.0, {"alert": 1.0, "emergency": 6.0}, "rising", "alert"),
        # falling (freeboard): lower is worse, reaching counts (<=)
        (2.0, FREEBOARD, "falling", "normal"),
        (1.5, FREEBOARD, "falling", "alert"),
        (1.2, FREEBOARD, "falling", "alert"),
        (1.0, FREEBOARD, "falling", "alarm"),
        (0.5, FREEBOARD, "falling", "emergency"),
        (-0.1, FREEBOARD, "falling", "emergency"),
        (0.7, {"emergency": 0.5}, "falling", "normal"),
    ],
)
def test_classify_table(
    value: float, thresholds: dict[str, float], direction: str, expected: str
) -> None:
    assert classify(value, thresholds, direction=direction) == expected


def test_classify_default_direction_is_rising() -> None:
    assert classify(2.5, FULL) == "alarm"


@pytest.mark.parametrize(
    ("thresholds", "direction", "message"),
    [
        ({"alert": 2.0, "alarm": 1.0}, "rising", "out of order"),
        ({"alarm": 5.0, "emergency": 4.0}, "rising", "out of order"),
        ({"alert": 5.0, "emergency": 4.0}, "rising", "out of order"),  # gap in between
        ({"alert": 1.0, "alarm": 1.0}, "rising", "strictly"),  # equal values raise too
        ({"alert": 1.0, "alarm": 2.0}, "falling", "out of order"),
        ({"alert": 1.0, "alarm": 1.0}, "falling", "strictly"),
        ({"warning": 1.0}, "rising", "warning"),
        ({"Alert": 1.0}, "rising", "Alert"),
        ({"normal": 0.0}, "rising", "normal"),
        ({"alert": math.nan}, "rising", "finite"),
        ({"alarm": math.inf}, "rising", "finite"),
        ({}, "up", "direction"),
    ],
)
def test_invalid_thresholds(thresholds: dict[str, float], direction: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        classify(1.0, thresholds, direction=direction)
    with pytest.raises(ValueError, match=message):
        validate_thresholds(thresholds, direction)


def test_nan_value_raises() -> None:
    with pytest.raises(ValueError, match="NaN"):
        classify(math.nan, FULL)
    with pytest.raises(ValueError, match="NaN"):
        classify(math.nan, {})


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@st.composite
def threshold_sets(draw: st.DrawFn, direction: str = "rising") -> dict[str, float]:
    keys = draw(st.lists(st.sampled_from(THRESHOLD_KEYS), unique=True))
    values = sorted(draw(st.lists(finite, min_size=len(keys), max_size=len(keys), unique=True)))
    if direction == "falling":
        values.reverse()
    ordered = [k for k in THRESHOLD_KEYS if k in keys]
    return dict(zip(ordered, values, strict=True))


@given(threshold_sets(), finite, finite)
def test_monotone_rising(thresholds: dict[str, float], a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert level_rank(classify(high, thresholds)) >= level_rank(classify(low, thresholds))


@given(threshold_sets("falling"), finite, finite)
def test_monotone_falling(thresholds: dict[str, float], a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert level_rank(classify(low, thresholds, "falling")) >= level_rank(
        classify(high, thresholds, "falling")
    )


@given(st.floats(allow_nan=False))
def test_no_thresholds_is_normal(value: float) -> None:
    assert classify(value, {}) == "normal"
    assert classify(value, {}, direction="falling") == "normal"


@given(threshold_sets(), finite)
def test_classify_matches_definition(thresholds: dict[str, float], value: float) -> None:
    reached = [k for k in THRESHOLD_KEYS if k in thresholds and value >= thresholds[k]]
    assert classify(value, thresholds) == (reached[-1] if reached else "normal")


@given(threshold_sets())
def test_threshold_value_itself_reaches_its_level(thresholds: dict[str, float]) -> None:
    for key, value in thresholds.items():
        assert classify(value, thresholds) == key
        mirrored = {k: -v for k, v in thresholds.items()}
        assert classify(-value, mirrored, direction="falling") == key


@given(threshold_sets(), finite)
def test_falling_is_mirror_of_rising(thresholds: dict[str, float], value: float) -> None:
    mirrored = {k: -v for k, v in thresholds.items()}
    assert classify(-value, mirrored, direction="falling") == classify(value, thresholds)


# --- project_crossing -------------------------------------------------------------------------

LINE = [(0.0, 1.0), (1.0, 2.0), (2.0, 3.0), (3.0, 4.0)]  # slope 1 per day, current 4


def test_projection_crosses() -> None:
    result = project_crossing(LINE, threshold=10.0, horizon_days=7.0)
    assert result.sufficient_data
    assert result.crosses
    assert result.slope_per_day == pytest.approx(1.0)
    assert result.projected_value == pytest.approx(11.0)
    assert result.days_to_crossing == pytest.approx(6.0)
    assert (result.current_value, result.points_used) == (4.0, 4)
    assert isinstance(result, TrendResult)


def test_projection_does_not_cross_within_horizon() -> None:
    result = project_crossing(LINE, threshold=10.0, horizon_days=5.0)
    assert result.sufficient_data
    assert result.projected_value == pytest.approx(9.0)
    assert not result.crosses
    assert result.days_to_crossing is None


def test_projection_reaching_at_horizon_counts() -> None:
    result = project_crossing(LINE, threshold=10.0, horizon_days=6.0)
    assert result.crosses
    assert result.days_to_crossing == pytest.approx(6.0)


@pytest.mark.parametrize(
    "points",
    [
        [(0.0, 4.0), (1.0, 4.0), (2.0, 4.0)],  # flat
        [(0.0, 6.0), (1.0, 5.0), (2.0, 4.0)],  # falling away from a rising threshold
    ],
)
def test_no_crossing_when_slope_not_positive(points: list[tuple[float, float]]) -> None:
    result = project_crossing(points, threshold=5.0, horizon_days=1000.0)
    assert result.sufficient_data
    assert not result.crosses
    assert result.days_to_crossing is None


def test_already_over_threshold_is_zero_days() -> None:
    result = project_crossing(LINE, threshold=4.0, horizon_days=1.0)
    assert result.crosses
    assert result.days_to_crossing == 0.0
    falling_away = [(0.0, 9.0), (1.0, 8.0), (2.0, 7.0)]
    result = project_crossing(falling_away, threshold=5.0, horizon_days=30.0)
    assert result.crosses
    assert result.days_to_crossing == 0.0


def test_uses_only_last_n_points_in_time_order() -> None:
    # Old points rise steeply; the last five are flat. Given out of order on purpose.
    points = [(5.0, 2.0), (0.0, -100.0), (6.0, 2.0), (7.0, 2.0), (1.0, -50.0), (8.0, 2.0)]
    points += [(9.0, 2.0)]
    result = project_crossing(points, threshold=3.0, horizon_days=100.0)
    assert result.slope_per_day == pytest.approx(0.0)
    assert result.points_used == 5
    assert not result.crosses
    steep = project_crossing(points, threshold=3.0, horizon_days=100.0, last_n=7)
    assert steep.slope_per_day is not None
    assert steep.slope_per_day > 0
    assert steep.crosses


@pytest.mark.parametrize(
    "points",
    [
        [],
        [(0.0, 1.0)],
        [(0.0, 1.0), (1.0, 2.0)],
        [(0.0, 1.0), (1.0, 2.0), (1.0, 3.0), (0.0, 2.0)],  # four points, two distinct times
    ],
)
def test_insufficient_data(points: list[tuple[float, float]]) -> None:
    result = project_crossing(points, threshold=100.0, horizon_days=10.0)
    assert not result.sufficient_data
    assert result.slope_per_day is None
    assert result.projected_value is None
    assert not result.crosses
    assert result.days_to_crossing is None


def test_insufficient_data_but_already_over() -> None:
    result = project_crossing([(0.0, 1.0), (1.0, 200.0)], threshold=100.0, horizon_days=10.0)
    assert not result.sufficient_data
    assert result.crosses
    assert result.days_to_crossing == 0.0
    assert result.current_value == 200.0


def test_falling_direction_projection() -> None:
    freeboard = [(0.0, 3.0), (10.0, 2.5), (20.0, 2.0)]  # losing 5 cm per day
    result = project_crossing(freeboard, threshold=1.0, horizon_days=30.0, direction="falling")
    assert result.slope_per_day == pytest.approx(-0.05)
    assert result.crosses
    assert result.days_to_crossing == pytest.approx(20.0)
    rising = project_crossing(freeboard, threshold=1.0, horizon_days=30.0)
    assert rising.crosses
    assert rising.days_to_crossing == 0.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"threshold": math.nan}, "Threshold"),
        ({"horizon_days": -1.0}, "horizon"),
        ({"horizon_days": math.inf}, "horizon"),
        ({"last_n": 2}, "last_n"),
        ({"direction": "down"}, "direction"),
        ({"points": [(0.0, 1.0), (math.nan, 2.0), (2.0, 3.0)]}, "finite"),
    ],
)
def test_project_crossing_invalid(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"points": LINE, "threshold": 10.0, "horizon_days": 5.0}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        project_crossing(**args)  # type: ignore[arg-type]


times = st.lists(
    st.floats(min_value=0, max_value=1000, allow_nan=False), min_size=3, max_size=10, unique=True
)
values = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False)


@st.composite
def series(draw: st.DrawFn) -> list[tuple[float, float]]:
    ts = draw(times)
    vs = draw(st.lists(values, min_size=len(ts), max_size=len(ts)))
    return list(zip(ts, vs, strict=True))


@given(series(), values, st.floats(min_value=0, max_value=365))
def test_projection_properties(
    points: list[tuple[float, float]], threshold: float, horizon: float
) -> None:
    result = project_crossing(points, threshold, horizon)
    latest = max(points, key=lambda p: p[0])
    assert result.current_value == latest[1]
    assert result.current_value is not None
    if result.current_value >= threshold:
        assert result.crosses
        assert result.days_to_crossing == 0.0
    if result.crosses:
        assert result.days_to_crossing is not None
        assert 0.0 <= result.days_to_crossing <= horizon
    else:
        assert result.days_to_crossing is None
        if result.sufficient_data:
            assert result.projected_value is not None
            assert result.projected_value < threshold
    slope = result.slope_per_day
    if slope is not None and slope <= 0 and result.current_value < threshold:
        assert not result.crosses


@given(series(), st.integers(min_value=-100, max_value=100))
def test_shifting_time_does_not_change_slope(points: list[tuple[float, float]], shift: int) -> None:
    # Whole-day times keep the shift exact, so the same points stay the last N.
    points = [(float(round(t)), v) for t, v in points]
    base = project_crossing(points, 0.0, 10.0)
    shifted = project_crossing([(t + shift, v) for t, v in points], 0.0, 10.0)
    assume(base.sufficient_data and shifted.sufficient_data)
    assert base.slope_per_day is not None
    assert shifted.slope_per_day is not None
    assert math.isclose(base.slope_per_day, shifted.slope_per_day, rel_tol=1e-6, abs_tol=1e-6)


# --- trend_level -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "horizon", "expected"),
    [
        (LINE, 7.0, "alarm"),  # current 4 (normal); projected 11 -> alarm (10), not emergency (20)
        (LINE, 30.0, "emergency"),  # projected 34
        (LINE, 0.5, None),  # projected 4.5, still normal
        ([(0.0, 6.0), (1.0, 6.5), (2.0, 7.0)], 1.0, None),  # current alert, projected 7.5
        ([(0.0, 6.0), (1.0, 6.5), (2.0, 7.0)], 10.0, "alarm"),  # projected 12
        ([(0.0, 25.0), (1.0, 26.0), (2.0, 27.0)], 100.0, None),  # already emergency
        ([(0.0, 9.0), (1.0, 6.0), (2.0, 3.0)], 100.0, None),  # falling away
        ([(0.0, 1.0), (1.0, 9.0)], 100.0, None),  # insufficient data
        ([], 10.0, None),
    ],
)
def test_trend_level_table(
    points: list[tuple[float, float]], horizon: float, expected: str | None
) -> None:
    thresholds = {"alert": 5.0, "alarm": 10.0, "emergency": 20.0}
    assert trend_level(points, thresholds, horizon) == expected


def test_trend_level_partial_thresholds_and_falling() -> None:
    assert trend_level(LINE, {"emergency": 8.0}, 7.0) == "emergency"
    assert trend_level(LINE, {}, 7.0) is None
    freeboard = [(0.0, 3.0), (10.0, 2.5), (20.0, 2.0)]
    assert trend_level(freeboard, FREEBOARD, 15.0, direction="falling") == "alert"  # 1.25 m
    assert trend_level(freeboard, FREEBOARD, 25.0, direction="falling") == "alarm"  # 0.75 m
    assert trend_level(freeboard, FREEBOARD, 40.0, direction="falling") == "emergency"
    assert trend_level(freeboard, FREEBOARD, 5.0, direction="falling") is None


def test_trend_level_validates_thresholds_even_without_data() -> None:
    with pytest.raises(ValueError, match="out of order"):
        trend_level([], {"alert": 2.0, "alarm": 1.0}, 10.0)


@given(series(), threshold_sets(), st.floats(min_value=0, max_value=365))
def test_trend_level_is_above_current_and_consistent(
    points: list[tuple[float, float]], thresholds: dict[str, float], horizon: float
) -> None:
    level = trend_level(points, thresholds, horizon)
    current = classify(max(points, key=lambda p: p[0])[1], thresholds)
    if level is None:
        return
    assert level_rank(level) > level_rank(current)
    result = project_crossing(points, thresholds[level], horizon)
    assert result.sufficient_data
    assert result.crosses
