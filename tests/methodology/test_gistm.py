"""Tests for the GISTM consequence classification (methodology.md, "Consequence screening")."""

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tailsafe.methodology.gistm import (
    CLASSES,
    DIMENSIONS,
    class_rank,
    classify_par,
    consequence_class,
    normalize_class,
)
from tailsafe.methodology.params import default_parameter_set


def test_classes_are_ordered() -> None:
    assert CLASSES == ("Low", "Significant", "High", "Very High", "Extreme")
    assert [class_rank(c) for c in CLASSES] == [0, 1, 2, 3, 4]


@pytest.mark.parametrize(
    ("par", "expected"),
    [(None, None), (0, "Low"), (1, "Significant"), (10, "Significant"), (11, "High"),
     (100, "High"), (101, "Very High"), (1000, "Very High"), (1001, "Extreme"),
     (10**6, "Extreme")],
)  # fmt: skip
def test_classify_par(par: int | None, expected: str | None) -> None:
    assert classify_par(par) == expected


@pytest.mark.parametrize("bad", [-1, "ten", True, float("nan")])
def test_classify_par_errors(bad: Any) -> None:
    with pytest.raises(ValueError, match="population at risk"):
        classify_par(bad)


def test_par_bands_come_from_the_parameter_set() -> None:
    ps = default_parameter_set()
    ps["gistm"]["par_bins"][1]["le"] = 5
    assert classify_par(8) == "Significant"
    assert classify_par(8, ps) == "High"


@settings(max_examples=60, deadline=None)
@given(a=st.integers(min_value=0, max_value=10**7), b=st.integers(min_value=0, max_value=10**7))
def test_classify_par_is_monotone(a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert class_rank(str(classify_par(low))) <= class_rank(str(classify_par(high)))


def test_consequence_class_takes_the_highest() -> None:
    result = consequence_class(
        {
            "population_at_risk": "High",
            "loss_of_life": "Significant",
            "environment": "Very High",
            "health_social_cultural": "Low",
            "infrastructure_economics": "Very High",
        }
    )
    assert result.overall == "Very High"
    assert result.missing == []
    assert result.complete is True
    assert result.governing == ["environment", "infrastructure_economics"]
    assert "GISTM" in result.source


def test_consequence_class_with_missing_dimensions() -> None:
    result = consequence_class({"loss_of_life": "extreme", "environment": None})
    assert result.overall == "Extreme"
    assert result.ratings["loss_of_life"] == "Extreme"
    assert result.missing == [
        "population_at_risk",
        "environment",
        "health_social_cultural",
        "infrastructure_economics",
    ]
    assert result.complete is False


def test_consequence_class_with_nothing_known() -> None:
    result = consequence_class({})
    assert result.overall is None
    assert result.missing == list(DIMENSIONS)
    assert result.governing == []
    assert result.complete is False


@pytest.mark.parametrize(
    ("ratings", "match"),
    [
        ({"environment": "Medium"}, r"environment: unknown GISTM consequence class 'Medium'"),
        ({"environment": 3}, "unknown GISTM consequence class"),
        ({"water": "Low"}, "unknown GISTM dimension"),
    ],
)
def test_consequence_class_errors(ratings: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        consequence_class(ratings)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("very_high", "Very High"), ("VERY-HIGH", "Very High"), (" low ", "Low"),
     ("Significant", "Significant")],
)  # fmt: skip
def test_normalize_class(raw: str, expected: str) -> None:
    assert normalize_class(raw) == expected


ratings_strategy = st.fixed_dictionaries(
    {}, optional={d: st.one_of(st.none(), st.sampled_from(CLASSES)) for d in DIMENSIONS}
)


@settings(max_examples=60, deadline=None)
@given(ratings=ratings_strategy, dim=st.sampled_from(DIMENSIONS), extra=st.sampled_from(CLASSES))
def test_overall_is_the_maximum_and_never_drops(
    ratings: dict[str, str | None], dim: str, extra: str
) -> None:
    result = consequence_class(ratings)
    known = [c for c in ratings.values() if c is not None]
    if known:
        assert result.overall == max(known, key=class_rank)
    else:
        assert result.overall is None
    assert set(result.missing) == {d for d in DIMENSIONS if ratings.get(d) is None}
    if ratings.get(dim) is None:
        more = consequence_class({**ratings, dim: extra})
        assert more.overall is not None
        if result.overall is not None:
            assert class_rank(more.overall) >= class_rank(result.overall)
