"""The importer's per-series classifier is thresholds.classify with validation done once."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tailsafe.monitoring import importer
from tailsafe.monitoring import thresholds as tarp

finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9)


@st.composite
def rules(draw: st.DrawFn) -> tuple[dict[str, float], str]:
    direction = draw(st.sampled_from(tarp.DIRECTIONS))
    keys = draw(st.lists(st.sampled_from(tarp.THRESHOLD_KEYS), unique=True))
    values = sorted(draw(st.lists(finite, min_size=len(keys), max_size=len(keys), unique=True)))
    ordered = [k for k in tarp.THRESHOLD_KEYS if k in keys]
    if direction == "falling":
        values.reverse()
    return dict(zip(ordered, values, strict=True)), direction


@given(rules(), st.floats(allow_nan=False))
def test_same_as_classify(rule: tuple[dict[str, float], str], value: float) -> None:
    thresholds, direction = rule
    assert importer.Classifier(thresholds, direction)(value) == tarp.classify(
        value, thresholds, direction
    )


def test_invalid_thresholds_rejected_once() -> None:
    with pytest.raises(ValueError):
        importer.Classifier({"alert": 2.0, "alarm": 1.0}, "rising")


@pytest.mark.parametrize(
    ("value", "censored", "direction", "level"),
    [
        (5.0, "<", "rising", "normal"),  # "<5" only says below 5
        (5.0, ">", "rising", "alarm"),  # ">5" is at least 5
        (None, "<", "rising", "normal"),  # not detected, no limit known
        (0.5, ">", "falling", "normal"),
        (0.5, "<", "falling", "alarm"),
        (5.0, "", "rising", "alarm"),
    ],
)
def test_censored_levels(value: float | None, censored: str, direction: str, level: str) -> None:
    rule = {"alert": 2.0, "alarm": 4.0} if direction == "rising" else {"alert": 2.0, "alarm": 1.0}
    assert importer.row_level(value, censored, rule, direction) == level


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14.03.2025", (2025, 3, 14, 0, 0)),
        ("14.03.2025 09:30", (2025, 3, 14, 9, 30)),
        ("2025-03-14T09:30:15", (2025, 3, 14, 9, 30)),
        ("2025-03-14", (2025, 3, 14, 0, 0)),
    ],
)
def test_dates(text: str, expected: tuple[int, ...]) -> None:
    parsed = importer.DateParser("")(text)
    assert (parsed.year, parsed.month, parsed.day, parsed.hour, parsed.minute) == expected
    assert parsed.tzinfo is not None


@pytest.mark.parametrize("text", ["31.02.2025", "14/03/2025", "2025-13-01", "soon"])
def test_bad_dates(text: str) -> None:
    with pytest.raises(ValueError):
        importer.DateParser("")(text)
