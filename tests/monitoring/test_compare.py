"""thresholds.compare_with_limit: the methodology table ("Comparing a reading with its limit")
case by case, and its laws."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tailsafe.monitoring.thresholds import compare_with_limit, compare_with_norm, worst_verdict

finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)
censors = st.sampled_from([None, "<", ">"])
directions = st.sampled_from(["rising", "falling"])
RANK = {"within": 0, "inconclusive": 1, "exceeds": 2}
FLIP = {None: None, "<": ">", ">": "<"}


@pytest.mark.parametrize(
    ("value", "limit", "censor", "direction", "expected"),
    [
        # plain value, maximum: exceeds strictly above
        (0.5, 0.01, None, "rising", "exceeds"),
        (0.01, 0.01, None, "rising", "within"),
        (0.005, 0.01, None, "rising", "within"),
        # plain value, minimum (pH 6.5): exceeds strictly below
        (6.0, 6.5, None, "falling", "exceeds"),
        (6.5, 6.5, None, "falling", "within"),
        (7.0, 6.5, None, "falling", "within"),
        # "<d", maximum: within if d <= limit, else inconclusive
        (0.05, 0.03, "<", "rising", "inconclusive"),  # uranium DL above the WHO norm
        (0.03, 0.03, "<", "rising", "within"),
        (0.001, 0.03, "<", "rising", "within"),
        # "<d", minimum: exceeds if d <= limit, else inconclusive
        (6.0, 6.5, "<", "falling", "exceeds"),
        (6.5, 6.5, "<", "falling", "exceeds"),
        (7.0, 6.5, "<", "falling", "inconclusive"),
        # ">d", maximum: exceeds if d >= limit, else inconclusive
        (0.03, 0.03, ">", "rising", "exceeds"),
        (1.0, 0.03, ">", "rising", "exceeds"),
        (0.01, 0.03, ">", "rising", "inconclusive"),
        # ">d", minimum: within if d >= limit, else inconclusive
        (6.5, 6.5, ">", "falling", "within"),
        (8.0, 6.5, ">", "falling", "within"),
        (6.0, 6.5, ">", "falling", "inconclusive"),
    ],
)
def test_methodology_table(
    value: float, limit: float, censor: str | None, direction: str, expected: str
) -> None:
    assert compare_with_limit(value, limit, censor, direction) == expected


def test_defaults_are_plain_and_rising() -> None:
    assert compare_with_limit(2.0, 1.0) == "exceeds"
    assert compare_with_limit(1.0, 1.0) == "within"
    assert compare_with_limit(1.0, 1.0, "") == "within"  # "" (as stored) reads as None


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_raises(bad: float) -> None:
    with pytest.raises(ValueError):
        compare_with_limit(bad, 1.0)
    with pytest.raises(ValueError):
        compare_with_limit(1.0, bad)


@pytest.mark.parametrize(("censor", "direction"), [("<=", "rising"), ("x", "rising"), (None, "up")])
def test_bad_censor_or_direction_raises(censor: str | None, direction: str) -> None:
    with pytest.raises(ValueError):
        compare_with_limit(1.0, 1.0, censor, direction)


@given(finite, finite, finite, censors, directions)
def test_monotone_in_value(a: float, b: float, limit: float, censor: str | None, d: str) -> None:
    """Worse readings never get a better answer: for a maximum, higher is worse."""
    low, high = sorted((a, b))
    if d == "falling":
        low, high = high, low
    for c in (None,):  # plain readings: totally ordered
        assert (
            RANK[compare_with_limit(low, limit, c, d)]
            <= RANK[compare_with_limit(high, limit, c, d)]
        )
    # censored readings: the answer is a step in d, never going back
    first, second = (
        compare_with_limit(low, limit, censor, d),
        compare_with_limit(high, limit, censor, d),
    )
    if censor is not None and first != second:
        assert "inconclusive" in (first, second)


@given(finite, finite, censors)
def test_falling_is_rising_negated(value: float, limit: float, censor: str | None) -> None:
    assert compare_with_limit(value, limit, censor, "falling") == compare_with_limit(
        -value, -limit, FLIP[censor], "rising"
    )


@given(finite, finite)
def test_below_dl_above_maximum_is_inconclusive(dl: float, limit: float) -> None:
    verdict = compare_with_limit(dl, limit, "<", "rising")
    assert verdict == ("within" if dl <= limit else "inconclusive")
    assert verdict != "exceeds"


@given(finite, finite, directions)
def test_censored_never_contradicts_plain(d: float, limit: float, direction: str) -> None:
    """A conclusive answer for a censored reading holds for every value it allows."""
    for censor, allowed in (("<", d - abs(d) * 1e-3 - 1e-6), (">", d + abs(d) * 1e-3 + 1e-6)):
        verdict = compare_with_limit(d, limit, censor, direction)
        if verdict != "inconclusive":
            assert compare_with_limit(allowed, limit, None, direction) == verdict


@given(finite, finite, directions)
def test_plain_is_never_inconclusive(value: float, limit: float, direction: str) -> None:
    assert compare_with_limit(value, limit, None, direction) in ("exceeds", "within")


@pytest.mark.parametrize(
    ("value", "censor", "expected"),
    [
        (7.2, None, "within"),
        (9.1, None, "exceeds"),
        (5.9, None, "exceeds"),
        (8.5, None, "within"),
        (6.5, None, "within"),
        (6.0, "<", "exceeds"),
        (7.0, "<", "inconclusive"),
        (9.0, ">", "exceeds"),
        (7.0, ">", "inconclusive"),
    ],
)
def test_range_norm_ph(value: float, censor: str | None, expected: str) -> None:
    assert compare_with_norm(value, censor, minimum=6.5, maximum=8.5) == expected


def test_range_norm_needs_a_limit_in_order() -> None:
    with pytest.raises(ValueError):
        compare_with_norm(1.0)
    with pytest.raises(ValueError):
        compare_with_norm(1.0, minimum=9.0, maximum=8.0)


def test_worst_verdict() -> None:
    assert worst_verdict([]) == "within"
    assert worst_verdict(["within", "inconclusive"]) == "inconclusive"
    assert worst_verdict(["inconclusive", "exceeds", "within"]) == "exceeds"
