"""Intervals instead of blanks (issue 17, item 2; methodology.md, THI rules): a mass converts to
a volume range with the set's provisional density range, throughput x years is an estimate, and
THI/TRI carry their minimum and maximum over unknown terms, density and estimate."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tailsafe.methodology.intervals import (
    BASIS_MASS_DECLARED,
    BASIS_MASS_RANGE,
    BASIS_THROUGHPUT,
    BASIS_VOLUME,
    FLAG_DENSITY_RANGE,
    FLAG_ESTIMATE,
    compute_interval,
    density_range,
    volume_range,
)
from tailsafe.methodology.params import ParameterSetError, default_parameter_set, load_parameter_set
from tailsafe.methodology.thi import compute_thi, compute_tri

FULL = {
    "wgk": "2",
    "management": "deficient",
    "flood": "prone",
    "seismic": "high",
    "dam": "minor",
    "population_downstream": 500,
    "distance_to_river_km": 3,
    "protected_area_downstream": False,
    "distance_to_border_km": 30,
}


def test_the_shipped_set_gives_the_provisional_density_range() -> None:
    assert density_range() == (1.3, 1.8)


def test_a_volume_is_one_number() -> None:
    v = volume_range(volume_m3=2e6, mass_t=9e9)
    assert (v.minimum, v.maximum, v.basis, v.estimate, v.exact) == (
        2e6,
        2e6,
        BASIS_VOLUME,
        False,
        True,
    )
    assert v.flags == []


def test_a_mass_with_a_declared_density_is_one_number() -> None:
    v = volume_range(mass_t=3e6, density_t_m3=1.5)
    assert (v.minimum, v.maximum, v.basis) == (2e6, 2e6, BASIS_MASS_DECLARED)
    assert v.exact
    assert v.flags == []


def test_a_mass_alone_is_a_range_with_the_density_range() -> None:
    v = volume_range(mass_t=12e6)  # Taboshar: "some 12 million tons"
    assert v.basis == BASIS_MASS_RANGE
    assert not v.estimate
    assert not v.exact
    assert v.minimum == pytest.approx(12e6 / 1.8)
    assert v.maximum == pytest.approx(12e6 / 1.3)
    assert v.flags == [FLAG_DENSITY_RANGE]


def test_throughput_times_years_is_a_labelled_estimate() -> None:
    v = volume_range(throughput_t_per_year=650_000, operating_years=46)
    assert v.basis == BASIS_THROUGHPUT
    assert v.estimate
    assert not v.exact
    assert v.mass_t == pytest.approx(650_000 * 46)
    assert v.minimum == pytest.approx(650_000 * 46 / 1.8)
    assert v.flags == [FLAG_DENSITY_RANGE, FLAG_ESTIMATE]


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"throughput_t_per_year": 1e6}, {"operating_years": 10}, {"volume_m3": ""}],
)
def test_nothing_usable_is_an_error_never_a_zero(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="tailings volume required"):
        volume_range(**kwargs)  # type: ignore[arg-type]


def test_a_zero_volume_is_refused() -> None:
    with pytest.raises(ValueError, match="tailings volume required"):
        volume_range(volume_m3=0)


def test_a_set_without_a_density_range_cannot_convert_a_mass() -> None:
    ps = default_parameter_set()
    del ps["thi"]["capacity"]["density_t_m3"]
    with pytest.raises(ValueError, match="no density range"):
        volume_range(mass_t=1e6, params=ps)


def test_a_reversed_density_range_is_refused() -> None:
    ps = default_parameter_set()
    ps["thi"]["capacity"]["density_t_m3"] = {"min": 1.8, "max": 1.3}
    with pytest.raises(ParameterSetError, match="must not be below min"):
        load_parameter_set(ps)


def test_an_exact_volume_gives_the_point_values() -> None:
    r = compute_interval(FULL, volume_range(volume_m3=1e6))
    tri = compute_tri({**FULL, "volume_m3": 1e6})
    assert r.thi == tri.thi.value == r.thi_min == r.thi_max
    assert r.tri == tri.value == r.tri_min == r.tri_max
    assert not r.flags


def test_a_mass_range_gives_an_interval_without_a_point() -> None:
    r = compute_interval(FULL, volume_range(mass_t=12e6))
    assert r.thi is None
    assert r.tri is None
    assert r.thi_max - r.thi_min == pytest.approx(math.log10(1.8 / 1.3))
    assert r.provisional
    assert FLAG_DENSITY_RANGE in r.flags


def test_unknown_terms_and_density_add_up() -> None:
    inputs = {**FULL, "dam": None}
    r = compute_interval(inputs, volume_range(throughput_t_per_year=1e6, operating_years=10))
    low = compute_thi({**inputs, "volume_m3": 1e7 / 1.8})
    high = compute_thi({**inputs, "volume_m3": 1e7 / 1.3})
    assert r.thi_min == pytest.approx(low.minimum)  # dam at 0, smallest volume
    assert r.thi_max == pytest.approx(high.maximum)  # dam at 2, largest volume
    assert r.missing == ["dam"]
    assert FLAG_ESTIMATE in r.flags


@given(
    mass=st.floats(min_value=1.0, max_value=1e10),
    density=st.floats(min_value=1.3, max_value=1.8),
    dam=st.sampled_from([None, "none", "minor", "serious"]),
)
def test_every_admissible_value_lies_in_the_interval(
    mass: float, density: float, dam: str | None
) -> None:
    """Law: for any density in the range and any value of an unknown term, the THI and TRI
    computed with it lie between the interval's minimum and maximum."""
    inputs = {**FULL, "dam": None}
    r = compute_interval(inputs, volume_range(mass_t=mass))
    one = compute_tri({**inputs, "dam": dam, "volume_m3": mass / density})
    eps = 1e-9
    assert r.thi_min - eps <= one.thi.minimum <= one.thi.maximum <= r.thi_max + eps
    assert r.tri_min - eps <= one.minimum <= one.maximum <= r.tri_max + eps
