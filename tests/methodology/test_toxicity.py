"""Toxicity done carefully (issue 17, item 3; methodology.md): GOST 12.1.007 classes are mapped,
never copied; "unknown" (presumed 3) and "awg" are different values with different flags."""

from __future__ import annotations

import pytest

from tailsafe.methodology.params import ParameterSetError, default_parameter_set, load_parameter_set
from tailsafe.methodology.thi import FLAG_GOST, compute_thi, wgk_from_gost

V = {"volume_m3": 1e6}


@pytest.mark.parametrize(("gost", "wgk"), [("I", "3"), ("II", "3"), ("III", "2"), ("IV", "1")])
def test_gost_classes_map_as_the_methodology_says(gost: str, wgk: str) -> None:
    assert wgk_from_gost(gost) == wgk
    result = compute_thi({**V, "gost_class": gost})
    assert result.terms["toxicity"] == float(wgk)
    assert FLAG_GOST in result.flags


def test_gost_is_never_copied_the_scales_run_the_other_way() -> None:
    # GOST I is the most hazardous: copying the number would give WGK 1, the least hazardous
    assert compute_thi({**V, "gost_class": "I"}).terms["toxicity"] == 3.0
    assert compute_thi({**V, "gost_class": "IV"}).terms["toxicity"] == 1.0


def test_two_schemes_at_once_are_refused() -> None:
    with pytest.raises(ValueError, match="two schemes"):
        compute_thi({**V, "wgk": "2", "gost_class": "III"})


def test_an_unknown_gost_class_is_refused() -> None:
    with pytest.raises(ValueError, match="GOST"):
        compute_thi({**V, "gost_class": "V"})


def test_unknown_and_awg_are_both_3_with_different_flags() -> None:
    unknown = compute_thi({**V, "wgk": "unknown"})
    awg = compute_thi({**V, "wgk": "awg"})
    assert unknown.terms["toxicity"] == awg.terms["toxicity"] == 3.0
    assert unknown.flags == ["toxicity_unknown"]
    assert awg.flags == ["toxicity_awg"]
    assert "toxicity" not in unknown.missing  # presumed, not missing


def test_a_blank_toxicity_is_missing_not_presumed() -> None:
    blank = compute_thi({**V, "wgk": None})
    assert "toxicity" in blank.missing
    assert blank.flags == []


def test_a_gost_table_must_map_every_class_to_a_category() -> None:
    ps = default_parameter_set()
    ps["thi"]["terms"]["toxicity"]["gost_12_1_007"] = {"I": "3", "II": "3", "III": "2"}
    with pytest.raises(ParameterSetError, match="must map each of"):
        load_parameter_set(ps)
    ps["thi"]["terms"]["toxicity"]["gost_12_1_007"] = {"I": "4", "II": "3", "III": "2", "IV": "1"}
    with pytest.raises(ParameterSetError, match="not a toxicity category"):
        load_parameter_set(ps)
