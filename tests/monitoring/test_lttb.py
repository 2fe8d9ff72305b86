"""Largest-triangle-three-buckets (monitoring/lttb.py): what a chart of a given width draws."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tailsafe.monitoring import lttb

values = st.lists(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=1, max_size=600
)


@st.composite
def series(draw: st.DrawFn) -> tuple[list[float], list[float], int, float]:
    ys = draw(values)
    steps = draw(st.lists(st.integers(1, 10_000), min_size=len(ys), max_size=len(ys)))
    xs = [float(sum(steps[: i + 1])) for i in range(len(ys))]
    budget = draw(st.integers(0, 700))
    limit = draw(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
    return xs, ys, budget, limit


@settings(max_examples=300, deadline=None)
@given(series())
def test_downsample_properties(case: tuple[list[float], list[float], int, float]) -> None:
    xs, ys, budget, limit = case
    beyond = [i for i, y in enumerate(ys) if y > limit]
    kept = lttb.downsample(xs, ys, budget, keep=beyond)
    n = len(ys)
    assert kept == sorted(set(kept))
    assert all(0 <= i < n for i in kept)
    assert kept[0] == 0
    assert kept[-1] == n - 1
    assert set(beyond) <= set(kept)  # every reading beyond the limit kept
    assert min(ys) in {ys[i] for i in kept}
    assert max(ys) in {ys[i] for i in kept}
    budget = max(lttb.MIN_BUDGET, budget)
    if n <= budget:
        assert kept == list(range(n))  # fewer readings than pixels: all of them
    else:
        assert len(kept) <= budget + len(beyond) + 2  # the budget + the kept extras


def test_a_spike_survives_a_small_budget() -> None:
    xs = [float(i) for i in range(10_000)]
    ys = [math.sin(i / 50) for i in range(10_000)]
    ys[4321] = 40.0
    kept = lttb.downsample(xs, ys, 100)
    assert 4321 in kept
    assert len(kept) <= 102
    assert len(lttb.downsample(xs, ys, 100)) < len(xs)


def test_lengths_must_match() -> None:
    with pytest.raises(ValueError):
        lttb.downsample([1.0, 2.0], [1.0], 10)
