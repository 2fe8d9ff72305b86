"""Tests for run-out screening (runout.md, Steps 1-3)."""

import csv
import math
import statistics
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tailsafe.methodology import runout as runout_module
from tailsafe.methodology.params import default_parameter_set
from tailsafe.methodology.runout import (
    FAILURES_CSV,
    TARGETS,
    VERDICTS,
    RunoutFit,
    default_fit,
    fit_runout,
    read_failures,
    released_volume_equations,
    released_volumes,
    screen,
    student_t_cdf,
    student_t_quantile,
    verdict,
)

DATA_DIR = Path(runout_module.__file__).parent.parent / "data"  # runout/ is a package


def _usable_rows() -> list[tuple[float, float]]:
    """(released Mm3, run-out km) of the shipped rows with both values positive."""
    with (DATA_DIR / FAILURES_CSV).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out = []
    for row in rows:
        try:
            vf, d = float(row["released_volume_Mm3"]), float(row["runout_km"])
        except ValueError:
            continue
        if vf > 0 and d > 0:
            out.append((vf, d))
    return out


# --------------------------------------------------------------------------- Student t


@pytest.mark.parametrize(
    ("df", "expected"),
    [(1, 6.313752), (2, 2.919986), (5, 2.015048), (10, 1.812461), (30, 1.697261),
     (51, 1.675285), (120, 1.657651)],
)  # fmt: skip
def test_t_quantile_matches_tables(df: int, expected: float) -> None:
    assert student_t_quantile(0.95, df) == pytest.approx(expected, abs=2e-6)


def test_t_quantile_other_levels_and_symmetry() -> None:
    assert student_t_quantile(0.975, 10) == pytest.approx(2.228139, abs=2e-6)
    assert student_t_quantile(0.5, 7) == 0.0
    assert student_t_quantile(0.05, 12) == pytest.approx(-student_t_quantile(0.95, 12))
    assert student_t_quantile(0.95, 10**6) == pytest.approx(1.644854, abs=1e-5)


@settings(max_examples=40, deadline=None)
@given(
    p=st.floats(min_value=0.001, max_value=0.999),
    df=st.integers(min_value=1, max_value=200),
)
def test_t_quantile_inverts_the_cdf(p: float, df: int) -> None:
    assert student_t_cdf(student_t_quantile(p, df), df) == pytest.approx(p, abs=1e-9)


@pytest.mark.parametrize(("p", "df"), [(0, 5), (1, 5), (0.9, 0)])
def test_t_quantile_errors(p: float, df: float) -> None:
    with pytest.raises(ValueError):
        student_t_quantile(p, df)


# --------------------------------------------------------------------------- Step 1


def test_released_volumes_table() -> None:
    result = released_volumes(1_000_000, 10)  # VT = 1 Mm3
    assert list(result) == ["rico2008", "larrauri_lall2018", "piciullo2022", "median"]
    assert result["rico2008"] == pytest.approx(354_000)
    assert result["larrauri_lall2018"] == pytest.approx(332_000)
    piciullo = 10**0.33 * 1e6**0.611 * 10**0.994
    assert result["piciullo2022"] == pytest.approx(piciullo)
    assert result["median"] == pytest.approx(332_000)


def test_released_volumes_without_height_leave_piciullo_out() -> None:
    result = released_volumes(12e6, None)
    assert list(result) == ["rico2008", "larrauri_lall2018", "median"]
    assert result["rico2008"] == pytest.approx(0.354 * 12**1.01 * 1e6)
    assert result["larrauri_lall2018"] == pytest.approx(0.332 * 12**0.95 * 1e6)
    assert result["median"] == pytest.approx((result["rico2008"] + result["larrauri_lall2018"]) / 2)


def test_released_volume_is_capped_at_the_total() -> None:
    result = released_volumes(1_000, 100)  # Piciullo would give ~1.4e4 m3
    assert result["piciullo2022"] == 1_000


@pytest.mark.parametrize(
    ("total", "height", "match"),
    [(0, 10, "total stored volume"), (-1, None, "total stored volume"),
     ("5e6", 10, "total stored volume"), (5e6, 0, "dam height"), (5e6, -3, "dam height")],
)  # fmt: skip
def test_released_volume_errors(total: Any, height: Any, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        released_volumes(total, height)


@settings(max_examples=60, deadline=None)
@given(
    total=st.floats(min_value=1.0, max_value=1e10),
    height=st.one_of(st.none(), st.floats(min_value=0.5, max_value=300)),
)
def test_released_volumes_are_positive_and_capped(total: float, height: float | None) -> None:
    result = released_volumes(total, height)
    assert ("piciullo2022" in result) == (height is not None)
    models = [v for k, v in result.items() if k != "median"]
    for value in result.values():
        assert 0 < value <= total
    assert min(models) <= result["median"] <= max(models)


def test_released_volume_models_come_from_the_parameter_set() -> None:
    ps = default_parameter_set()
    ps["runout"]["released_volume_models"]["rico2008"]["coef"] = 0.5
    assert released_volumes(1e6, None, ps)["rico2008"] == pytest.approx(500_000)


def test_released_volume_equations() -> None:
    labels = released_volume_equations(20)
    assert labels["rico2008"] == "VF_Mm3 = 0.354 * VT_Mm3^1.01"
    assert labels["piciullo2022"] == "VF_m3 = 10^0.33 * VT_m3^0.611 * H_m^0.994"
    assert "piciullo2022" not in released_volume_equations(None)


# --------------------------------------------------------------------------- Step 2


def test_shipped_data_and_readme() -> None:
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert "csp2.org" in readme
    assert "Center for Science in Public Participation" in readme
    assert len(read_failures()) == 53


def test_default_fit_on_shipped_csv() -> None:
    fit = default_fit()
    usable = _usable_rows()
    assert fit.n == len(usable) == 53
    assert fit.source == FAILURES_CSV
    assert fit.rows_read == 53
    assert fit.skipped == 0
    assert default_fit() is fit  # cached
    xs = [math.log10(vf) for vf, _ in usable]
    ys = [math.log10(d) for _, d in usable]
    slope, intercept = statistics.linear_regression(xs, ys)
    assert fit.b == pytest.approx(slope)
    assert fit.a == pytest.approx(intercept)
    residuals = [y - intercept - slope * x for x, y in zip(xs, ys, strict=True)]
    s = math.sqrt(sum(r * r for r in residuals) / (len(xs) - 2))
    assert fit.s == pytest.approx(s)
    assert fit.t == pytest.approx(student_t_quantile(0.95, fit.n - 2))
    # runout.md: "a factor of about 6 at one standard deviation"
    assert 4 < 10**fit.s < 8
    assert "n = 53" in fit.label
    assert FAILURES_CSV in fit.label


def test_predict_uses_the_exact_t_interval() -> None:
    fit = default_fit()
    vf_m3 = 2.5e6
    central, low, high = fit.predict(vf_m3)
    x = math.log10(2.5)
    assert central == pytest.approx(10 ** (fit.a + fit.b * x))
    half = fit.t * fit.s * math.sqrt(1 + 1 / fit.n + (x - fit.mean_x) ** 2 / fit.sxx)
    assert math.log10(high / central) == pytest.approx(half)
    assert math.log10(central / low) == pytest.approx(half)
    assert half > 1.645 * fit.s  # wider than the normal shortcut


@settings(max_examples=60, deadline=None)
@given(volume=st.floats(min_value=1.0, max_value=1e10))
def test_predict_band_is_ordered(volume: float) -> None:
    central, low, high = default_fit().predict(volume)
    assert 0 < low < central < high


@pytest.mark.parametrize("bad", [0, -1, "1e6", None])
def test_predict_errors(bad: Any) -> None:
    with pytest.raises(ValueError, match="released volume"):
        default_fit().predict(bad)


def test_fit_on_an_exact_line() -> None:
    rows = [{"released_volume_Mm3": v, "runout_km": 10 * v**0.5} for v in (0.01, 0.1, 1, 10, 100)]
    fit = fit_runout(rows, source="synthetic")
    assert (fit.a, fit.b) == (pytest.approx(1.0), pytest.approx(0.5))
    assert fit.s == pytest.approx(0.0, abs=1e-12)
    assert fit.n == 5
    assert fit.source == "synthetic"
    central, low, high = fit.predict(4e6)
    assert central == pytest.approx(20.0)
    assert low == pytest.approx(20.0)
    assert high == pytest.approx(20.0)


def test_fit_skips_unusable_rows_and_reads_strings() -> None:
    rows: list[dict[str, Any]] = [
        {"released_volume_Mm3": "1", "runout_km": "10"},
        {"released_volume_Mm3": "10", "runout_km": "40"},
        {"released_volume_Mm3": " 0.1 ", "runout_km": "2"},
        {"released_volume_Mm3": "", "runout_km": "5"},
        {"released_volume_Mm3": "3", "runout_km": ""},
        {"released_volume_Mm3": "0", "runout_km": "5"},
        {"released_volume_Mm3": "2", "runout_km": "-1"},
        {"runout_km": "5"},
        {"released_volume_Mm3": None, "runout_km": None},
    ]
    fit = fit_runout(rows)
    assert fit.n == 3
    assert fit.rows_read == 9
    assert fit.skipped == 6
    assert fit.source is None


@pytest.mark.parametrize(
    "rows",
    [
        [],
        [{"released_volume_Mm3": 1, "runout_km": 1}, {"released_volume_Mm3": 2, "runout_km": 3}],
        [{"released_volume_Mm3": "", "runout_km": 1}] * 10,
    ],
)
def test_fit_needs_three_rows(rows: list[dict[str, Any]]) -> None:
    with pytest.raises(ValueError, match="at least 3 rows"):
        fit_runout(rows)


def test_fit_rejects_non_numeric_values_and_equal_volumes() -> None:
    rows = [{"released_volume_Mm3": "1,5", "runout_km": "2"}]
    with pytest.raises(ValueError, match=r"row 0: released_volume_Mm3 is not a number"):
        fit_runout(rows)
    same = [{"released_volume_Mm3": 2, "runout_km": d} for d in (1, 2, 3)]
    with pytest.raises(ValueError, match="two different released volumes"):
        fit_runout(same)


def test_fit_level() -> None:
    rows = read_failures()
    wide = fit_runout(rows, level=0.99)
    assert wide.t > default_fit().t
    with pytest.raises(ValueError, match="prediction level"):
        fit_runout(rows, level=1.0)


# --------------------------------------------------------------------------- Step 3


@pytest.mark.parametrize(
    ("distance", "expected"),
    [(None, "unknown"), (0, "within_central"), (5, "within_central"), (10, "within_central"),
     (10.01, "within_band"), (50, "within_band"), (50.01, "beyond_band"), (1e4, "beyond_band")],
)  # fmt: skip
def test_verdict(distance: float | None, expected: str) -> None:
    assert verdict(distance, 10.0, 50.0) == expected
    assert expected in VERDICTS


def test_verdict_errors() -> None:
    with pytest.raises(ValueError, match="distance"):
        verdict(-1, 10, 50)
    with pytest.raises(ValueError, match="below the central"):
        verdict(1, 10, 5)


def test_screen() -> None:
    result = screen(5e6, 30, {"river": 0.5, "settlement": 40, "border": 5000})
    assert result.parameter_set == "provisional-1"
    assert result.provisional is True
    assert set(result.released_volumes_m3) == {
        "rico2008", "larrauri_lall2018", "piciullo2022", "median",
    }  # fmt: skip
    assert result.released_volume_m3 == result.released_volumes_m3["median"]
    low_vf, high_vf = result.released_volume_range_m3
    assert low_vf <= result.released_volume_m3 <= high_vf <= 5e6
    central, low, high = default_fit().predict(result.released_volume_m3)
    assert (result.runout_central_km, result.runout_low_km, result.runout_high_km) == (
        central,
        low,
        high,
    )
    assert result.verdicts == {
        "river": "within_central",
        "settlement": "within_band",
        "border": "beyond_band",
    }
    assert set(result.released_volume_equations) == {
        "rico2008", "larrauri_lall2018", "piciullo2022",
    }  # fmt: skip
    assert result.runout_equation == default_fit().label
    assert result.fit.n == 53
    assert set(result.runout_by_model_km) == {"rico2008", "larrauri_lall2018", "piciullo2022"}
    assert any("verify against the papers" in note for note in result.notes)
    assert any("not a dam-break study" in note for note in result.notes)


def test_screen_with_unknown_distances_and_height() -> None:
    result = screen(2e6, None, {"river": None})
    assert result.verdicts == dict.fromkeys(TARGETS, "unknown")
    assert "piciullo2022" not in result.released_volumes_m3
    assert result.dam_height_m is None


def test_screen_with_a_custom_fit() -> None:
    rows = [{"released_volume_Mm3": v, "runout_km": 10 * v**0.5} for v in (0.01, 0.1, 1, 10, 100)]
    fit = fit_runout(rows, source="synthetic")
    result = screen(1e6, None, {"border": 1.0}, fit=fit)
    assert isinstance(result.fit, RunoutFit)
    assert result.fit.source == "synthetic"
    assert "synthetic" in result.runout_equation


def test_screen_errors() -> None:
    with pytest.raises(ValueError, match="unknown distance key"):
        screen(1e6, 10, {"town": 3})
    with pytest.raises(ValueError, match="border distance"):
        screen(1e6, 10, {"border": -3})
    with pytest.raises(ValueError, match="total stored volume"):
        screen(0, 10, {})
