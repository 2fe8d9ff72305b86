"""Tests for the Tailings Hazard and Risk Indices (methodology.md, THI and TRI)."""

import decimal
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tailsafe.methodology.params import default_parameter_set
from tailsafe.methodology.thi import (
    FLAG_RADIOACTIVE,
    THI_INPUTS,
    THI_TERM_KEYS,
    TRI_TERM_KEYS,
    THIResult,
    compute_thi,
    compute_tri,
    seismic_class_from_msk,
    seismic_class_from_pga,
    volume_from_mass,
)

PS = default_parameter_set()
CATEGORIES: dict[str, list[str]] = {
    term: list(PS["thi"]["terms"][term]["points"]) for term in THI_INPUTS
}
"""Categories per THI term, least to most hazardous (the parameter-set convention)."""

FULL = {
    "volume_m3": 1_000_000,
    "wgk": "2",
    "management": "deficient",
    "flood": "prone",
    "seismic": "high",
    "dam": "minor",
}


# --------------------------------------------------------------------------- THI tables


def test_complete_thi() -> None:
    result = compute_thi(FULL)
    assert isinstance(result, THIResult)
    assert result.terms == {
        "capacity": 6.0,
        "toxicity": 2.0,
        "management": 1.0,
        "flood": 1.0,
        "seismic": 2.0,
        "dam": 1.0,
    }
    assert result.value == result.minimum == result.maximum == 13.0
    assert result.missing == []
    assert result.parameter_set == "provisional-1"
    assert result.provisional is True
    assert result.flags == []
    assert result.volume_m3 == 1e6
    assert "log10(V)" in result.equation


def test_capacity_is_not_rounded() -> None:
    result = compute_thi({"volume_m3": 2_500_000})
    assert result.terms["capacity"] == pytest.approx(math.log10(2.5e6))
    assert result.minimum == pytest.approx(6.39794, abs=1e-5)


def test_all_terms_missing() -> None:
    result = compute_thi({"volume_m3": 1e6})
    assert result.value is None
    assert result.minimum == 6.0
    assert result.maximum == 6.0 + 3 + 2 + 2 + 2 + 2
    assert result.missing == ["toxicity", "management", "flood", "seismic", "dam"]
    assert list(result.terms) == list(THI_TERM_KEYS)
    assert all(result.terms[t] is None for t in result.missing)


@pytest.mark.parametrize(
    ("inputs", "minimum", "maximum", "missing"),
    [
        ({"wgk": "3", "flood": "outside"}, 3 + 6, 3 + 6 + 2 + 2 + 2,
         ["management", "seismic", "dam"]),
        ({"management": "abandoned", "dam": "serious", "seismic": "low"}, 6 + 4, 6 + 4 + 3 + 2,
         ["toxicity", "flood"]),
        ({"wgk": None, "management": "", "flood": "valley_bottom"}, 6 + 2, 6 + 2 + 3 + 2 + 2 + 2,
         ["toxicity", "management", "seismic", "dam"]),
    ],
)  # fmt: skip
def test_missing_terms_give_min_and_max(
    inputs: dict[str, Any], minimum: float, maximum: float, missing: list[str]
) -> None:
    result = compute_thi({"volume_m3": 1e6, **inputs})
    assert result.value is None
    assert result.minimum == minimum
    assert result.maximum == maximum
    assert result.missing == missing


def test_category_values_are_lenient_on_case_and_int_wgk() -> None:
    result = compute_thi({**FULL, "wgk": 2, "management": " Deficient ", "flood": "PRONE"})
    assert result.value == compute_thi(FULL).value


def test_awg_is_flagged() -> None:
    result = compute_thi({**FULL, "wgk": "awg"})
    assert result.terms["toxicity"] == 3.0
    assert result.flags == ["toxicity_awg"]


def test_radioactive_without_wgk_takes_the_override() -> None:
    result = compute_thi({**FULL, "wgk": None, "radioactive": True})
    assert result.terms["toxicity"] == 3.0
    assert "toxicity" not in result.missing
    assert result.value == 14.0
    assert result.flags == [FLAG_RADIOACTIVE]


def test_radioactive_raises_a_lower_wgk_and_is_flagged() -> None:
    result = compute_thi({**FULL, "wgk": "1", "radioactive": True})
    assert result.terms["toxicity"] == 3.0
    assert FLAG_RADIOACTIVE in result.flags


def test_radioactive_with_wgk_3_needs_no_override() -> None:
    result = compute_thi({**FULL, "wgk": "3", "radioactive": True})
    assert result.terms["toxicity"] == 3.0
    assert result.flags == []


def test_not_radioactive_leaves_toxicity_missing() -> None:
    result = compute_thi({"volume_m3": 10, "radioactive": False})
    assert "toxicity" in result.missing


def test_custom_radioactive_default() -> None:
    ps = default_parameter_set()
    ps["thi"]["terms"]["toxicity"]["radioactive_default"] = 2.5
    result = compute_thi({"volume_m3": 1e6, "radioactive": True}, ps)
    assert result.terms["toxicity"] == 2.5


@pytest.mark.parametrize(
    ("inputs", "match"),
    [
        ({}, "tailings volume required"),
        ({"volume_m3": None}, "tailings volume required"),
        ({"volume_m3": ""}, "tailings volume required"),
        ({"volume_m3": 0}, r"tailings volume required.*> 0"),
        ({"volume_m3": -5}, r"tailings volume required.*> 0"),
        ({"volume_m3": "abc"}, r"tailings volume required.*must be a number"),
        ({"volume_m3": "1000"}, r"tailings volume required.*must be a number"),
        ({"volume_m3": True}, r"tailings volume required.*must be a number"),
        ({"volume_m3": math.nan}, "tailings volume required"),
        ({"volume_m3": math.inf}, "tailings volume required"),
        ({"volume_m3": 1e6, "wgk": "7"}, r"'toxicity'.*'wgk'.*'nwg', '1', '2', '3', 'awg'"),
        ({"volume_m3": 1e6, "wgk": 7}, r"'toxicity'"),
        ({"volume_m3": 1e6, "management": "good"}, r"'management'.*'adequate', 'deficient'"),
        ({"volume_m3": 1e6, "flood": True}, r"'flood'.*'outside'"),
        ({"volume_m3": 1e6, "seismic": 2}, r"'seismic'.*'low'"),
        ({"volume_m3": 1e6, "dam": "bad"}, r"'dam'.*'none', 'minor', 'serious'"),
        ({"volume_m3": 1e6, "radioactive": "yes"}, "radioactive must be true, false"),
    ],
)
def test_thi_errors(inputs: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        compute_thi(inputs)


def test_decimal_volume_is_accepted() -> None:
    assert compute_thi({"volume_m3": decimal.Decimal("1000")}).terms["capacity"] == 3.0


def test_volume_from_mass() -> None:
    assert volume_from_mass(1_500_000, 1.5) == 1_000_000
    with pytest.raises(ValueError, match="density"):
        volume_from_mass(100, 0)
    with pytest.raises(ValueError, match="mass"):
        volume_from_mass(-1, 1.5)


@pytest.mark.parametrize(
    ("intensity", "expected"),
    [(1, "low"), (6, "low"), (6.99, "low"), (7, "moderate"), (7.5, "moderate"), (8, "high"),
     (9, "high"), (12, "high")],
)  # fmt: skip
def test_seismic_class_from_msk(intensity: float, expected: str) -> None:
    assert seismic_class_from_msk(intensity) == expected


@pytest.mark.parametrize(
    ("pga", "expected"),
    [(0, "low"), (0.079, "low"), (0.08, "moderate"), (0.2, "moderate"), (0.24, "high"),
     (0.6, "high")],
)  # fmt: skip
def test_seismic_class_from_pga(pga: float, expected: str) -> None:
    assert seismic_class_from_pga(pga) == expected


@pytest.mark.parametrize("bad", [0, 12.5, -1, "VII", None])
def test_seismic_msk_errors(bad: Any) -> None:
    with pytest.raises(ValueError, match="MSK-64 intensity"):
        seismic_class_from_msk(bad)


def test_seismic_pga_error() -> None:
    with pytest.raises(ValueError, match="peak ground acceleration"):
        seismic_class_from_pga(-0.1)


def test_seismic_bins_come_from_the_parameter_set() -> None:
    ps = default_parameter_set()
    ps["thi"]["terms"]["seismic"]["msk64_bins"][0]["lt"] = 6.0
    assert seismic_class_from_msk(6.5) == "low"
    assert seismic_class_from_msk(6.5, ps) == "moderate"


# --------------------------------------------------------------------------- TRI tables


def test_complete_tri() -> None:
    inputs = {
        **FULL,
        "population_downstream": 500,
        "distance_to_river_km": 3,
        "protected_area_downstream": True,
        "distance_to_border_km": 30,
    }
    result = compute_tri(inputs)
    assert list(result.terms) == list(TRI_TERM_KEYS)
    assert (result.terms["e_pop"], result.terms["e_water"]) == (2.0, 1.0)
    assert (result.terms["e_eco"], result.terms["e_trans"]) == (1.0, 1.0)
    assert result.value == result.minimum == result.maximum == 13.0 + 5.0
    assert result.thi.value == 13.0
    assert result.parameter_set == "provisional-1"
    assert result.provisional is True
    assert "E_pop" in result.equation


def test_tri_all_exposure_missing() -> None:
    result = compute_tri(FULL)
    assert result.value is None
    assert result.minimum == 13.0
    assert result.maximum == 13.0 + 3 + 2 + 1 + 2
    assert result.missing == ["e_pop", "e_water", "e_eco", "e_trans"]


def test_tri_carries_thi_flags() -> None:
    result = compute_tri({"volume_m3": 100, "radioactive": True})
    assert result.flags == [FLAG_RADIOACTIVE]


@pytest.mark.parametrize(
    ("population", "points"),
    [(0, 0), (1, 1), (50, 1), (100, 1), (101, 2), (1000, 2), (1001, 3), (10**7, 3), (100.5, 2)],
)
def test_e_pop_bins(population: float, points: float) -> None:
    assert compute_tri({**FULL, "population_downstream": population}).terms["e_pop"] == points


@pytest.mark.parametrize(
    ("distance", "points"),
    [(0, 2), (0.5, 2), (0.999, 2), (1, 1), (3, 1), (5, 1), (5.001, 0), (100, 0)],
)
def test_e_water_bins(distance: float, points: float) -> None:
    assert compute_tri({**FULL, "distance_to_river_km": distance}).terms["e_water"] == points


@pytest.mark.parametrize(
    ("distance", "across", "points"),
    [(100, True, 2), (None, True, 2), (100, False, 0), (None, False, None), (None, None, None)],
)
def test_dam_across_watercourse(distance: float | None, across: bool | None, points: Any) -> None:
    inputs = {**FULL, "distance_to_river_km": distance, "dam_across_watercourse": across}
    assert compute_tri(inputs).terms["e_water"] == points


@pytest.mark.parametrize(("protected", "points"), [(True, 1), (False, 0), (None, None)])
def test_e_eco(protected: bool | None, points: Any) -> None:
    result = compute_tri({**FULL, "protected_area_downstream": protected})
    assert result.terms["e_eco"] == points


@pytest.mark.parametrize(
    ("distance", "points"),
    [(0, 2), (9.99, 2), (10, 1), (30, 1), (50, 1), (50.01, 0), (800, 0)],
)
def test_e_trans_bins(distance: float, points: float) -> None:
    assert compute_tri({**FULL, "distance_to_border_km": distance}).terms["e_trans"] == points


@pytest.mark.parametrize(
    ("inputs", "match"),
    [
        ({"population_downstream": -1}, "population_downstream must be >= 0"),
        ({"population_downstream": "many"}, "population_downstream must be a number"),
        ({"distance_to_river_km": -0.1}, "distance_to_river_km must be >= 0"),
        ({"distance_to_border_km": "far"}, "distance_to_border_km must be a number"),
        ({"protected_area_downstream": "no"}, "protected_area_downstream must be true"),
        ({"dam_across_watercourse": 1}, "dam_across_watercourse must be true"),
        ({"volume_m3": None}, "tailings volume required"),
    ],
)
def test_tri_errors(inputs: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        compute_tri({**FULL, **inputs})


# --------------------------------------------------------------------------- laws

volumes = st.floats(min_value=1e-3, max_value=1e12, allow_nan=False, allow_infinity=False)
maybe = st.none()
thi_inputs = st.fixed_dictionaries(
    {"volume_m3": volumes},
    optional={term_key: st.one_of(maybe, st.sampled_from(CATEGORIES[term]))
              for term, term_key in THI_INPUTS.items()}
    | {"radioactive": st.one_of(maybe, st.booleans())},
)  # fmt: skip
tri_inputs = st.fixed_dictionaries(
    {},
    optional={
        "population_downstream": st.one_of(maybe, st.integers(min_value=0, max_value=10**6)),
        "distance_to_river_km": st.one_of(maybe, st.floats(min_value=0, max_value=500)),
        "dam_across_watercourse": st.one_of(maybe, st.booleans()),
        "protected_area_downstream": st.one_of(maybe, st.booleans()),
        "distance_to_border_km": st.one_of(maybe, st.floats(min_value=0, max_value=2000)),
    },
)


@settings(max_examples=60, deadline=None)
@given(inputs=thi_inputs, v1=volumes, v2=volumes)
def test_thi_grows_with_volume(inputs: dict[str, Any], v1: float, v2: float) -> None:
    small, large = sorted((v1, v2))
    a = compute_thi({**inputs, "volume_m3": small})
    b = compute_thi({**inputs, "volume_m3": large})
    assert a.minimum <= b.minimum
    assert a.maximum <= b.maximum
    if a.value is not None and b.value is not None:
        assert a.value <= b.value
    if large >= 1.01 * small:
        assert a.minimum < b.minimum


@settings(max_examples=60, deadline=None)
@given(inputs=thi_inputs, term=st.sampled_from(sorted(THI_INPUTS)), data=st.data())
def test_thi_never_decreases_when_a_term_worsens(
    inputs: dict[str, Any], term: str, data: st.DataObject
) -> None:
    categories = CATEGORIES[term]
    i = data.draw(st.integers(min_value=0, max_value=len(categories) - 1), label="from")
    j = data.draw(st.integers(min_value=i, max_value=len(categories) - 1), label="to")
    key = THI_INPUTS[term]
    better = compute_thi({**inputs, key: categories[i]})
    worse = compute_thi({**inputs, key: categories[j]})
    assert better.minimum <= worse.minimum
    assert better.maximum <= worse.maximum
    if better.value is not None:
        assert worse.value is not None
        assert better.value <= worse.value


@settings(max_examples=60, deadline=None)
@given(inputs=thi_inputs, term=st.sampled_from(sorted(THI_INPUTS)), data=st.data())
def test_unknown_term_brackets_every_known_value(
    inputs: dict[str, Any], term: str, data: st.DataObject
) -> None:
    key = THI_INPUTS[term]
    category = data.draw(st.sampled_from(CATEGORIES[term]))
    unknown = compute_thi({**inputs, key: None})
    known = compute_thi({**inputs, key: category})
    assert unknown.minimum <= known.minimum
    assert known.maximum <= unknown.maximum


@settings(max_examples=60, deadline=None)
@given(inputs=thi_inputs)
def test_thi_result_is_consistent(inputs: dict[str, Any]) -> None:
    result = compute_thi(inputs)
    assert result.minimum <= result.maximum
    assert (result.value is None) == bool(result.missing)
    if result.value is not None:
        assert result.value == result.minimum == result.maximum
    assert result.missing == [t for t in THI_TERM_KEYS if result.terms[t] is None]


@settings(max_examples=60, deadline=None)
@given(thi=thi_inputs, exposure=tri_inputs)
def test_tri_is_at_least_thi(thi: dict[str, Any], exposure: dict[str, Any]) -> None:
    inputs = {**thi, **exposure}
    tri = compute_tri(inputs)
    hazard = compute_thi(inputs)
    assert tri.thi == hazard
    assert tri.minimum >= hazard.minimum
    assert tri.maximum >= hazard.maximum
    assert tri.minimum <= tri.maximum
    if tri.value is not None:
        assert hazard.value is not None
        assert tri.value >= hazard.value
    assert {k: v for k, v in tri.terms.items() if k in THI_TERM_KEYS} == hazard.terms
