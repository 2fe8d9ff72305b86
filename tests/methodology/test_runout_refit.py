"""Run-out refit from the lessons-learned register and the border exceedance probability
(issue 17, item 6)."""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Any

import pytest

from tailsafe.methodology import runout

DATA = Path(runout.__file__).parent.parent / "data" / runout.FAILURES_CSV  # runout/ is a package


def _ols(points: list[tuple[float, float]]) -> tuple[float, float, float]:
    """(a, b, s) of log10(D) on log10(VF), by the textbook sums (not the code's formula)."""
    n = len(points)
    xs = [math.log10(v) for v, _d in points]
    ys = [math.log10(d) for _v, d in points]
    sx, sy = sum(xs), sum(ys)
    sxx = sum(x * x for x in xs)
    sxy = sum(x * y for x, y in zip(xs, ys, strict=True))
    b = (n * sxy - sx * sy) / (n * sxx - sx * sx)
    a = (sy - b * sx) / n
    s = math.sqrt(sum((y - a - b * x) ** 2 for x, y in zip(xs, ys, strict=True)) / (n - 2))
    return a, b, s


def _table() -> list[tuple[float, float]]:
    rows = []
    with DATA.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            try:
                v, d = float(row["released_volume_Mm3"]), float(row["runout_km"])
            except ValueError:
                continue
            if v > 0 and d > 0:
                rows.append((v, d))
    return rows


# --- exceedance probability (pure) -------------------------------------------------------------


def _hand(d: float, central: float, s_log10: float) -> float:
    """1 - Phi(z) written with the complementary error function (not statistics.NormalDist)."""
    z = (math.log(d) - math.log(central)) / (s_log10 * math.log(10))
    return 0.5 * math.erfc(z / math.sqrt(2))


@pytest.mark.parametrize("d", [0.5, 3.0, 10.0, 33.8, 120.0, 900.0])
def test_exceedance_matches_the_hand_formula(d: float) -> None:
    fit = runout.default_fit()
    central = 12.0
    assert runout.exceedance_probability(d, central, fit) == pytest.approx(
        _hand(d, central, fit.s), abs=1e-12
    )


def test_exceedance_known_points() -> None:
    fit = runout.default_fit()
    assert runout.exceedance_probability(7.0, 7.0, fit) == pytest.approx(0.5)
    # one residual standard deviation beyond the central run-out: 1 - Phi(1) = 0.158655
    assert runout.exceedance_probability(7.0 * 10**fit.s, 7.0, fit) == pytest.approx(
        0.1586553, abs=1e-6
    )
    # z = 1.281552 gives 10 %
    d = 7.0 * math.exp(1.2815516 * fit.sigma_ln)
    assert runout.exceedance_probability(d, 7.0, fit) == pytest.approx(0.10, abs=1e-6)
    assert runout.exceedance_probability(0, 7.0, fit) == 1.0
    assert runout.exceedance_probability(None, 7.0, fit) is None
    with pytest.raises(ValueError, match="distance"):
        runout.exceedance_probability(-1, 7.0, fit)


def test_screen_gives_the_border_probability_and_its_range() -> None:
    result = runout.screen(2e6, 20, {"border": 30.0}, border_range_km=(20.0, 40.0))
    central = result.runout_central_km
    assert result.exceedance["border"] == pytest.approx(_hand(30.0, central, result.fit.s))
    low, high = result.border_exceedance_range or (None, None)
    assert low == pytest.approx(_hand(40.0, central, result.fit.s))
    assert high == pytest.approx(_hand(20.0, central, result.fit.s))
    assert result.exceedance["river"] is None


def test_pond_water_adds_to_the_released_volume() -> None:
    dry = runout.screen(2e6, 20, {})
    wet = runout.screen(2e6, 20, {}, pond_volume_m3=1e6)
    assert wet.total_volume_m3 == 3e6
    assert wet.tailings_volume_m3 == 2e6
    assert wet.pond_volume_m3 == 1e6
    assert dry.pond_volume_m3 is None
    assert wet.released_volume_m3 > dry.released_volume_m3
    assert wet.released_volume_m3 == runout.screen(3e6, 20, {}).released_volume_m3


# --- refit from the register (database) --------------------------------------------------------


@pytest.mark.django_db
def test_failures_added_to_the_register_refit_the_regression(users: dict[str, Any]) -> None:
    from tailsafe.knowledge import demo, services
    from tailsafe.knowledge.models import Lesson
    from tailsafe.methodology.models import RunoutFitVersion
    from tailsafe.methodology.services import current_runout_fit

    demo.load(None)  # the 53 failures of the shipped table: already in the reference fit
    assert not RunoutFitVersion.objects.exists()
    reference = current_runout_fit()
    assert reference.version == 1
    assert reference.n == len(_table())

    secretariat = users["secretariat"]
    new = [("Хвостохранилище А (2024)", 2.5, 14.0), ("Tailings B (2025)", 0.3, 1.2)]
    for name, vf, d in new:
        services.save_record(
            secretariat,
            Lesson,
            {"kind": "failure", "name": name, "released_volume_mm3": vf, "runout_km": d},
        )
    # a failure without a run-out changes nothing
    services.save_record(secretariat, Lesson, {"kind": "failure", "name": "C", "runout_km": None})
    latest = RunoutFitVersion.objects.order_by("-version").first()
    assert latest is not None
    assert RunoutFitVersion.objects.count() == 2
    assert latest.version == 3

    a, b, s = _ols(_table() + [(vf, d) for _n, vf, d in new])
    assert latest.n == len(_table()) + 2
    assert latest.a == pytest.approx(a, abs=1e-10)
    assert latest.b == pytest.approx(b, abs=1e-10)
    assert latest.s == pytest.approx(s, abs=1e-10)
    assert {f["name"] for f in latest.failures} == {n for n, _v, _d in new}
    fit = current_runout_fit()
    assert fit.version == 3
    assert fit.n == reference.n + 2
    assert len(fit.added) == 2
    assert "v3" in fit.label
    assert "2 failure(s) added" in fit.label

    # saving a failure unchanged writes no new version; archiving one does
    one = Lesson.objects.get(name="Tailings B (2025)")
    services.save_record(secretariat, Lesson, {"name": one.name}, obj=one)
    assert RunoutFitVersion.objects.count() == 2
    services.archive_record(secretariat, one)
    assert current_runout_fit().version == 4
    assert current_runout_fit().n == reference.n + 1
    # the reference stays the reference
    assert runout.default_fit().n == reference.n
    assert runout.default_fit().version == 1


@pytest.mark.django_db
def test_register_page_shows_the_fit_in_use_and_its_versions(
    users: dict[str, Any], client_as: Any
) -> None:
    from django.urls import reverse

    from tailsafe.knowledge import services
    from tailsafe.knowledge.models import Lesson

    client = client_as("member")
    client.cookies["django_language"] = "en"
    url = reverse("knowledge:record_list", args=["lessons"])
    n = runout.default_fit().n
    assert f"Fit version 1, n = {n} failures" in client.get(url).content.decode()
    services.save_record(
        users["secretariat"],
        Lesson,
        {"kind": "failure", "name": "Dam X", "released_volume_mm3": 1.0, "runout_km": 5.0},
    )
    body = client.get(url).content.decode()
    assert f"Fit version 2, n = {n + 1} failures" in body
    assert "Refitted on the shipped table and 1 failure(s) of the register: Dam X" in body
    client.cookies["django_language"] = "ru"
    assert "Регрессия, версия 2" in client.get(url).content.decode()
