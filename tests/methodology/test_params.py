"""Tests for parameter sets: loading and validation (methodology.md, "What is known ...")."""

import copy
import decimal
import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from tailsafe.methodology import params as params_module
from tailsafe.methodology.params import (
    DEFAULT_PARAMETER_SET,
    THI_TERMS,
    TRI_TERMS,
    ParameterSetError,
    as_number,
    as_optional_bool,
    bin_lookup,
    default_parameter_set,
    load_parameter_set,
    resolve,
)
from tailsafe.methodology.thi import compute_thi

SHIPPED = Path(params_module.__file__).parent.parent / "parameter_sets" / "provisional-1.yaml"


def _default() -> dict[str, Any]:
    return default_parameter_set()


def _problems(ps: Any) -> list[str]:
    with pytest.raises(ParameterSetError) as info:
        load_parameter_set(ps)
    return info.value.problems


# --------------------------------------------------------------------------- shipped set


def test_shipped_set_loads_and_is_provisional() -> None:
    ps = _default()
    assert ps["name"] == DEFAULT_PARAMETER_SET == "provisional-1"
    assert ps["provisional"] is True
    assert ps["version"] == 2
    assert ps["description"]
    for term in THI_TERMS:
        assert ps["thi"]["terms"][term]["points"]
    for term in TRI_TERMS:
        assert term in ps["tri"]["terms"]


def test_shipped_set_contains_the_methodology_tables() -> None:
    ps = _default()
    thi = ps["thi"]["terms"]
    assert thi["toxicity"]["points"] == {"nwg": 0, "1": 1, "2": 2, "3": 3, "awg": 3, "unknown": 3}
    assert thi["toxicity"]["radioactive_default"] == 3
    assert thi["management"]["points"] == {"adequate": 0, "deficient": 1, "abandoned": 2}
    assert thi["flood"]["points"] == {"outside": 0, "prone": 1, "valley_bottom": 2}
    assert thi["seismic"]["points"] == {"low": 0, "moderate": 1, "high": 2}
    assert thi["dam"]["points"] == {"none": 0, "minor": 1, "serious": 2}
    cl = ps["checklist"]
    assert cl["answers"] == {"compliant": 1.0, "partly": 0.5, "not": 0.0}
    assert cl["credibility"] == {"verified": 1.0, "stated": 0.5, "none": 0.0}
    assert cl["weights"]["default"] == 1
    assert cl["bands"] == [
        {"ge": 75, "band": "green"},
        {"ge": 50, "band": "amber"},
        {"band": "red"},
    ]
    models = ps["runout"]["released_volume_models"]
    assert list(models) == ["rico2008", "larrauri_lall2018", "piciullo2022"]
    assert (models["rico2008"]["coef"], models["rico2008"]["exp_volume"]) == (0.354, 1.01)
    assert (models["larrauri_lall2018"]["coef"], models["larrauri_lall2018"]["exp_volume"]) == (
        0.332,
        0.95,
    )
    assert models["piciullo2022"]["log10_coef"] == 0.33
    assert models["piciullo2022"]["exp_volume"] == 0.611
    assert models["piciullo2022"]["exp_height"] == 0.994
    assert models["piciullo2022"]["unit"] == "m3"
    for model in models.values():
        assert model["citation"]
        assert "verify against the papers" in model["verify"]


def test_points_are_normalised_to_float() -> None:
    points = _default()["thi"]["terms"]["flood"]["points"]
    assert all(type(v) is float for v in points.values())


def test_default_parameter_set_returns_an_independent_copy() -> None:
    first = default_parameter_set()
    first["thi"]["terms"]["flood"]["points"]["prone"] = 99.0
    first["name"] = "tampered"
    assert default_parameter_set()["thi"]["terms"]["flood"]["points"]["prone"] == 1.0
    assert resolve(None)["name"] == "provisional-1"
    assert compute_thi({"volume_m3": 1000, "flood": "prone"}).terms["flood"] == 1.0


def test_load_from_yaml_text_json_text_bytes_and_mapping() -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    from_yaml = load_parameter_set(text)
    assert load_parameter_set(text.encode("utf-8")) == from_yaml
    assert load_parameter_set(json.dumps(from_yaml)) == from_yaml
    assert load_parameter_set(yaml.safe_load(text)) == from_yaml


def test_load_does_not_modify_its_input() -> None:
    raw = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    before = copy.deepcopy(raw)
    load_parameter_set(raw)
    assert raw == before


def test_custom_set_is_used_by_the_computation() -> None:
    ps = _default()
    ps["name"] = "test-2"
    ps["provisional"] = False
    ps["thi"]["terms"]["flood"]["points"]["prone"] = 1.5
    result = compute_thi({"volume_m3": 1e6, "flood": "prone"}, ps)
    assert result.terms["flood"] == 1.5
    assert result.parameter_set == "test-2"
    assert result.provisional is False


# --------------------------------------------------------------------------- validation errors


def test_missing_term_is_reported() -> None:
    ps = _default()
    del ps["thi"]["terms"]["flood"]
    problems = _problems(ps)
    assert problems == ["thi.terms.flood: missing"]


def test_missing_tri_term_and_section_are_reported() -> None:
    ps = _default()
    del ps["tri"]["terms"]["e_trans"]
    del ps["gistm"]
    problems = _problems(ps)
    assert "tri.terms.e_trans: missing" in problems
    assert "gistm: missing" in problems


def test_non_numeric_point_is_reported_with_its_path() -> None:
    ps = _default()
    ps["thi"]["terms"]["dam"]["points"]["minor"] = "one"
    problems = _problems(ps)
    assert len(problems) == 1
    assert problems[0].startswith("thi.terms.dam.points.minor: must be a finite number")
    assert "'one'" in problems[0]


@pytest.mark.parametrize("bad", ["1", None, True, math.nan, math.inf, [1]])
def test_bad_point_values(bad: object) -> None:
    ps = _default()
    ps["tri"]["terms"]["e_pop"]["bins"][1]["points"] = bad
    assert any(p.startswith("tri.terms.e_pop.bins[1].points") for p in _problems(ps))


def test_all_problems_are_listed_in_one_error() -> None:
    ps = _default()
    del ps["thi"]["terms"]["seismic"]
    ps["thi"]["terms"]["management"]["points"]["deficient"] = "x"
    ps["checklist"]["answers"]["partly"] = 1.5
    ps["provisional"] = "yes"
    with pytest.raises(ParameterSetError) as info:
        load_parameter_set(ps)
    assert len(info.value.problems) == 4
    message = str(info.value)
    assert "provisional-1" in message
    assert "thi.terms.seismic: missing" in message
    assert "thi.terms.management.points.deficient" in message
    assert "checklist.answers.partly: must be <= 1" in message
    assert "provisional: must be true or false" in message


def test_parameter_set_error_is_a_value_error() -> None:
    assert issubclass(ParameterSetError, ValueError)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda ps: ps.pop("name"), "name: missing"),
        (lambda ps: ps.pop("version"), "version: missing"),
        (lambda ps: ps.pop("description"), "description: missing"),
        (
            lambda ps: ps["thi"]["terms"]["dam"]["points"].__setitem__("minor", -1),
            "thi.terms.dam.points.minor: must be >= 0",
        ),
        (
            lambda ps: ps["thi"]["terms"]["dam"]["points"].__setitem__("minor", 5),
            "thi.terms.dam.points: points must not decrease",
        ),
        (
            lambda ps: ps["thi"]["terms"]["toxicity"].pop("radioactive_default"),
            "thi.terms.toxicity.radioactive_default: missing",
        ),
        (
            lambda ps: ps["thi"]["terms"]["toxicity"].__setitem__("flagged", ["xyz"]),
            "thi.terms.toxicity.flagged: 'xyz' is not a toxicity category",
        ),
        (
            lambda ps: ps["thi"]["terms"]["seismic"]["msk64_bins"][2].__setitem__("class", "huge"),
            "thi.terms.seismic.msk64_bins[2].class: must be one of",
        ),
        (
            lambda ps: ps["tri"]["terms"]["e_pop"]["bins"].pop(),
            "tri.terms.e_pop.bins[2]: the last bin must have no bound",
        ),
        (
            lambda ps: ps["tri"]["terms"]["e_pop"]["bins"][1].__setitem__("le", -5),
            "tri.terms.e_pop.bins[1]: bound -5 is out of order",
        ),
        (
            lambda ps: ps["tri"]["terms"]["e_trans"]["bins"][1].__setitem__("ge", 3),
            "tri.terms.e_trans.bins[1]: needs exactly one bound",
        ),
        (
            lambda ps: ps["tri"]["terms"]["e_eco"]["points"].pop("present"),
            "tri.terms.e_eco.points.present: missing",
        ),
        (
            lambda ps: ps["tri"]["terms"]["e_water"].pop("dam_across_watercourse"),
            "tri.terms.e_water.dam_across_watercourse: missing",
        ),
        (
            lambda ps: ps["checklist"]["credibility"].pop("stated"),
            "checklist.credibility.stated: missing",
        ),
        (
            lambda ps: ps["checklist"]["weights"].__setitem__("default", -1),
            "checklist.weights.default: must be >= 0",
        ),
        (
            lambda ps: ps["gistm"]["par_bins"][0].__setitem__("class", "Medium"),
            "gistm.par_bins[0].class: must be one of",
        ),
        (
            lambda ps: ps["runout"]["released_volume_models"]["rico2008"].pop("citation"),
            "runout.released_volume_models.rico2008.citation: missing",
        ),
        (
            lambda ps: ps["runout"]["released_volume_models"]["rico2008"].__setitem__(
                "coef", "0.354"
            ),
            "runout.released_volume_models.rico2008.coef: must be a finite number",
        ),
        (
            lambda ps: ps["runout"]["released_volume_models"]["rico2008"].__setitem__(
                "unit", "km3"
            ),
            "runout.released_volume_models.rico2008.unit: must be 'm3' or 'Mm3'",
        ),
        (
            lambda ps: ps["runout"]["released_volume_models"].__setitem__(
                "median", {"unit": "m3", "coef": 1, "exp_volume": 1, "citation": "x"}
            ),
            "runout.released_volume_models.median: 'median' is reserved",
        ),
    ],
)
def test_validation_problems(mutate: Any, expected: str) -> None:
    ps = _default()
    mutate(ps)
    problems = _problems(ps)
    assert any(p.startswith(expected) for p in problems), problems


def test_unquoted_yaml_boolean_key_is_reported() -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace(
        "points: {absent: 0, present: 1}", "points: {no: 0, yes: 1}"
    )
    problems = _problems(text)
    assert any("quote it in YAML" in p for p in problems)


@pytest.mark.parametrize("text", ["[1, 2, 3]", "just a string", "{unclosed: [", ""])
def test_not_a_mapping_or_not_parseable(text: str) -> None:
    with pytest.raises(ParameterSetError):
        load_parameter_set(text)


# --------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("x", "expected"),
    [(-1, "a"), (0.999, "a"), (1, "b"), (5, "b"), (5.0001, "c"), (1e9, "c")],
)
def test_bin_lookup_ascending(x: float, expected: str) -> None:
    bins = [{"lt": 1.0, "v": "a"}, {"le": 5.0, "v": "b"}, {"v": "c"}]
    assert bin_lookup(bins, x)["v"] == expected


@pytest.mark.parametrize(("x", "expected"), [(100, "a"), (75, "a"), (74.9, "b"), (50, "c")])
def test_bin_lookup_descending(x: float, expected: str) -> None:
    bins = [{"ge": 75.0, "v": "a"}, {"gt": 50.0, "v": "b"}, {"v": "c"}]
    assert bin_lookup(bins, x)["v"] == expected


def test_as_number() -> None:
    assert as_number(3, "x") == 3.0
    assert as_number(decimal.Decimal("2.5"), "x") == 2.5
    assert as_number(0, "x", minimum=0) == 0.0
    for bad in (True, "3", None, math.nan, math.inf):
        with pytest.raises(ValueError, match="x must be"):
            as_number(bad, "x")
    with pytest.raises(ValueError, match="must be > 0"):
        as_number(0, "x", minimum=0, strict=True)
    with pytest.raises(ValueError, match="must be >= 0"):
        as_number(-1, "x", minimum=0)


def test_as_optional_bool() -> None:
    assert as_optional_bool(None, "x") is None
    assert as_optional_bool(True, "x") is True
    with pytest.raises(ValueError, match="x must be true, false or unknown"):
        as_optional_bool("yes", "x")
