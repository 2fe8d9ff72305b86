"""Run-out screening: "could a failure of this dam reach the river, the town, the border?"

Pure: no Django import. Spec: runout.md (and methodology.md, "Consequence screening"). A first,
honest, order-of-magnitude answer from public statistics of historical failures, always as a
range; a screening aid, not a dam-break study.

Step 1, released volume VF (:func:`released_volumes`): the published relations kept as data in
the parameter set (``runout.released_volume_models``; provisional-1: Rico et al. 2008,
Concha Larrauri & Lall 2018, Piciullo et al. 2022, coefficients from a secondary source and
marked "verify against the papers"). Each VF is capped at the total volume VT; the headline is
the median of the models that apply (Piciullo et al. needs the dam height).

Step 2, run-out distance D (:func:`fit_runout`, :func:`default_fit`): ordinary least squares in
log10 space over every usable row of the shipped failure table
(``data/tailings_failures.csv``, CSP2 compilation)::

    log10(D_km) = a + b * log10(VF_Mm3)        s = residual standard deviation (n - 2 d.o.f.)

with the exact 90 % t-based prediction interval at x = log10(VF_Mm3)::

    a + b*x  +/-  t(0.95, n-2) * s * sqrt(1 + 1/n + (x - mean_x)^2 / Sxx)

The Student t quantile is computed without SciPy (:func:`student_t_quantile`): the t CDF is
written with the regularised incomplete beta function (continued fraction, modified Lentz
method) and inverted by bisection to ~1e-12.

Step 3, verdict (:func:`verdict`, :func:`screen`): for the river, the settlement and the border,
"within_central" (distance <= central run-out), "within_band" (<= upper end of the 90 % band),
"beyond_band" or "unknown" (distance not known). Boundaries are inclusive.

Known limit, to be shown to users: the table mixes the extent of the solid deposit with the
distance a contaminant plume travelled in a river (Brumadinho 600 km, Fundão 668 km), so the
band is wide.
"""

from __future__ import annotations

import csv
import functools
import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Final

from tailsafe.methodology.params import as_number, resolve

FAILURES_CSV: Final = "tailings_failures.csv"
"""The shipped failure table (``tailsafe/methodology/data/``), see its README.md."""

RUNOUT_EQUATION: Final = "log10(D_km) = a + b * log10(VF_Mm3)"
PREDICTION_LEVEL: Final = 0.90
TARGETS: Final[tuple[str, ...]] = ("river", "settlement", "border")
"""The places a verdict is given for (runout.md, Step 3)."""

VERDICTS: Final[dict[str, str]] = {
    "within_central": "within the central estimate",
    "within_band": "within the 90% band",
    "beyond_band": "beyond the band",
    "unknown": "distance unknown",
}
"""Verdict codes and their English labels (runout.md, Step 3)."""

LIMITS_NOTE: Final = (
    "Screening aid, not a dam-break study: the failure table mixes the extent of the solid "
    "deposit with the distance a contaminant plume travelled in a river (Brumadinho 600 km, "
    "Fundão 668 km), so the band is wide."
)

_M3_PER_MM3: Final = 1e6


# --------------------------------------------------------------------------- Student t


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz method)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = tiny if abs(d) < tiny else d
    d = 1.0 / d
    h = d
    for m in range(1, 1000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = tiny if abs(d) < tiny else d
        c = 1.0 + aa / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = tiny if abs(d) < tiny else d
        c = 1.0 + aa / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def _betainc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta function I_x(a, b) for 0 <= x <= 1."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_bt = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    bt = math.exp(log_bt)
    if x < (a + 1.0) / (a + b + 2.0):
        return bt * _betacf(a, b, x) / a
    return 1.0 - bt * _betacf(b, a, 1.0 - x) / b


def student_t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with ``df`` > 0 degrees of freedom.

    Uses P(|T| > |t|) = I_{df/(df+t^2)}(df/2, 1/2).
    """
    if df <= 0:
        raise ValueError(f"degrees of freedom must be > 0, got {df}")
    tail = 0.5 * _betainc(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def student_t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t with ``df`` degrees of freedom (0 < p < 1).

    Numeric inverse of :func:`student_t_cdf` by bisection (absolute tolerance ~1e-12); e.g.
    ``student_t_quantile(0.95, 10)`` = 1.8125, ``(0.95, 51)`` = 1.6753.
    """
    if not 0.0 < p < 1.0:
        raise ValueError(f"probability must be strictly between 0 and 1, got {p}")
    if df <= 0:
        raise ValueError(f"degrees of freedom must be > 0, got {df}")
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -student_t_quantile(1.0 - p, df)
    lo, hi = 0.0, 1.0
    while student_t_cdf(hi, df) < p:
        lo, hi = hi, hi * 2.0
        if hi > 1e12:  # pragma: no cover - only for absurd p/df combinations
            break
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if student_t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-12 * max(1.0, hi):
            break
    return 0.5 * (lo + hi)


# --------------------------------------------------------------------------- Step 1


def _model_volume_m3(model: Mapping[str, Any], total_m3: float, height_m: float | None) -> float:
    log_coef = model.get("log10_coef")
    coef = float(model["coef"]) if log_coef is None else math.pow(10.0, float(log_coef))
    scale = _M3_PER_MM3 if model["unit"] == "Mm3" else 1.0
    vf = coef * math.pow(total_m3 / scale, float(model["exp_volume"]))
    if "exp_height" in model:
        if height_m is None:
            raise ValueError("this released-volume model needs the dam height")
        vf *= math.pow(height_m, float(model["exp_height"]))
    return vf * scale


def released_volumes(
    total_volume_m3: float,
    dam_height_m: float | None,
    params: Mapping[str, Any] | None = None,
) -> dict[str, float]:
    """Released volume VF (m3) by each published relation, capped at VT, and their median.

    runout.md, Step 1. Models come from the set's ``runout.released_volume_models`` (in set
    order); a model that needs the dam height (``exp_height``, provisional-1: ``piciullo2022``)
    is left out when ``dam_height_m`` is ``None``. The key ``median`` is the median of the
    models present. ``total_volume_m3`` must be > 0 and a given height > 0 (``ValueError``).
    """
    total = as_number(total_volume_m3, "total stored volume (m3)", minimum=0.0, strict=True)
    height = (
        None
        if dam_height_m is None
        else as_number(dam_height_m, "dam height (m)", minimum=0.0, strict=True)
    )
    return _released_volumes(total, height, resolve(params))


def _released_volumes(
    total: float, height: float | None, ps: Mapping[str, Any]
) -> dict[str, float]:
    out: dict[str, float] = {}
    for key, model in ps["runout"]["released_volume_models"].items():
        if "exp_height" in model and height is None:
            continue
        out[key] = min(_model_volume_m3(model, total, height), total)
    if not out:
        raise ValueError("no released-volume model applies without the dam height")
    out["median"] = float(statistics.median(out.values()))
    return out


def released_volume_equations(
    dam_height_m: float | None = None, params: Mapping[str, Any] | None = None
) -> dict[str, str]:
    """Equation labels of the released-volume models used for this height (set order)."""
    return _equations(dam_height_m, resolve(params))


def _equations(dam_height_m: float | None, ps: Mapping[str, Any]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for key, model in ps["runout"]["released_volume_models"].items():
        if "exp_height" in model and dam_height_m is None:
            continue
        labels[key] = str(model.get("equation") or _generated_equation(model))
    return labels


def _generated_equation(model: Mapping[str, Any]) -> str:
    unit = str(model["unit"])
    coef = f"{model['coef']:g}" if "coef" in model else f"10^{model['log10_coef']:g}"
    text = f"VF_{unit} = {coef} * VT_{unit}^{model['exp_volume']:g}"
    if "exp_height" in model:
        text += f" * H_m^{model['exp_height']:g}"
    return text


# --------------------------------------------------------------------------- Step 2


@dataclass(frozen=True)
class RunoutFit:
    """OLS fit of log10(run-out km) on log10(released volume Mm3) (runout.md, Step 2).

    ``a`` intercept, ``b`` slope, ``s`` residual standard deviation (n - 2 degrees of freedom),
    ``n`` rows used; ``mean_x`` and ``sxx`` (sum of squared deviations of x) give the
    prediction interval, ``t`` is the t(1 - (1 - level)/2, n - 2) quantile used. ``source``
    names the data the fit came from, ``rows_read``/``skipped`` say how many rows were read and
    left out (missing or non-positive values).
    """

    a: float
    b: float
    s: float
    n: int
    mean_x: float
    sxx: float
    t: float
    level: float = PREDICTION_LEVEL
    source: str | None = None
    rows_read: int = 0
    skipped: int = 0
    equation: str = RUNOUT_EQUATION
    version: int = 1
    """1 is the reference fit on the shipped table; later versions add the group's failures."""
    added: tuple[str, ...] = ()
    """Names of the failures added to the shipped table for this version (empty: reference)."""

    @property
    def sigma_ln(self) -> float:
        """Residual standard deviation in natural-log units (s * ln 10)."""
        return self.s * math.log(10.0)

    @property
    def label(self) -> str:
        """The fitted equation with its statistics, for display next to every result."""
        return (
            f"v{self.version}: "
            f"log10(D_km) = {self.a:.3f} + {self.b:.3f} * log10(VF_Mm3); s = {self.s:.3f}, "
            f"n = {self.n}, {self.level:.0%} t-based prediction band"
            + (f"; data: {self.source}" if self.source else "")
            + (f" + {len(self.added)} failure(s) added by the group" if self.added else "")
        )

    def predict(self, released_volume_m3: float) -> tuple[float, float, float]:
        """Run-out (central_km, low_km, high_km) for a released volume in m3.

        Central = 10^(a + b*x), band = 10^(a + b*x -/+ t*s*sqrt(1 + 1/n + (x-mean_x)^2/Sxx)),
        x = log10(VF_Mm3). The volume must be > 0.
        """
        volume = as_number(released_volume_m3, "released volume (m3)", minimum=0.0, strict=True)
        x = math.log10(volume / _M3_PER_MM3)
        y = self.a + self.b * x
        half = self.t * self.s * math.sqrt(1.0 + 1.0 / self.n + (x - self.mean_x) ** 2 / self.sxx)
        return 10.0**y, 10.0 ** (y - half), 10.0 ** (y + half)


def _row_value(row: Mapping[str, Any], key: str, index: int) -> float | None:
    raw = row.get(key)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = float(raw.strip() if isinstance(raw, str) else raw)
    except (TypeError, ValueError):
        raise ValueError(f"row {index}: {key} is not a number: {raw!r}") from None
    if math.isnan(value) or value <= 0:
        return None
    if math.isinf(value):
        raise ValueError(f"row {index}: {key} is not finite: {raw!r}")
    return value


def fit_runout(
    rows: Iterable[Mapping[str, Any]],
    *,
    level: float = PREDICTION_LEVEL,
    source: str | None = None,
    version: int = 1,
    added: Iterable[str] = (),
) -> RunoutFit:
    """Fit log10(runout_km) = a + b*log10(released_volume_Mm3) by OLS (runout.md, Step 2).

    ``rows`` are mappings (e.g. from ``csv.DictReader``) with ``released_volume_Mm3`` and
    ``runout_km`` as numbers or numeric strings; a row where either is missing, empty or not
    positive is skipped; a non-numeric value raises ``ValueError`` (a data error, not a gap).
    Fewer than 3 usable rows, or all released volumes equal, raises ``ValueError``.
    """
    if not 0.0 < level < 1.0:
        raise ValueError(f"prediction level must be between 0 and 1, got {level}")
    xs: list[float] = []
    ys: list[float] = []
    read = 0
    for index, row in enumerate(rows):
        read += 1
        vf = _row_value(row, "released_volume_Mm3", index)
        d = _row_value(row, "runout_km", index)
        if vf is None or d is None:
            continue
        xs.append(math.log10(vf))
        ys.append(math.log10(d))
    n = len(xs)
    if n < 3:
        raise ValueError(
            f"run-out fit needs at least 3 rows with positive released_volume_Mm3 and "
            f"runout_km, got {n}"
        )
    mean_x = math.fsum(xs) / n
    mean_y = math.fsum(ys) / n
    sxx = math.fsum((x - mean_x) ** 2 for x in xs)
    if sxx <= 0:
        raise ValueError("run-out fit needs at least two different released volumes")
    sxy = math.fsum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    b = sxy / sxx
    a = mean_y - b * mean_x
    sse = math.fsum((y - a - b * x) ** 2 for x, y in zip(xs, ys, strict=True))
    s = math.sqrt(sse / (n - 2))
    t = student_t_quantile(1.0 - (1.0 - level) / 2.0, n - 2)
    return RunoutFit(
        a=a,
        b=b,
        s=s,
        n=n,
        mean_x=mean_x,
        sxx=sxx,
        t=t,
        level=level,
        source=source,
        rows_read=read,
        skipped=read - n,
        version=version,
        added=tuple(added),
    )


def read_failures(text: str | None = None) -> list[dict[str, str]]:
    """Rows of the failure table: ``text`` (CSV) or the shipped ``data/tailings_failures.csv``."""
    if text is None:
        text = (
            resources.files("tailsafe.methodology")
            .joinpath("data", FAILURES_CSV)
            .read_text(encoding="utf-8")
        )
    return list(csv.DictReader(text.splitlines()))


@functools.cache
def default_fit() -> RunoutFit:
    """The run-out fit on the shipped ``tailings_failures.csv`` (computed once, cached)."""
    return fit_runout(read_failures(), source=FAILURES_CSV)


# --------------------------------------------------------------------------- Step 3


def verdict(distance_km: float | None, central_km: float, high_km: float) -> str:
    """Verdict code: "within_central" (distance <= central), "within_band" (<= high), else
    "beyond_band".

    ``None`` distance gives "unknown". Both boundaries are inclusive (runout.md, Step 3).
    """
    if distance_km is None:
        return "unknown"
    distance = as_number(distance_km, "distance (km)", minimum=0.0)
    if high_km < central_km:
        raise ValueError(f"upper run-out {high_km:g} km is below the central {central_km:g} km")
    if distance <= central_km:
        return "within_central"
    if distance <= high_km:
        return "within_band"
    return "beyond_band"


def exceedance_probability(
    distance_km: float | None, central_km: float, fit: RunoutFit
) -> float | None:
    """P(run-out > distance) from the fit's log-normal residual (issue 17, item 6)::

        P = 1 - Phi((ln d - ln L_pred) / sigma),   sigma = s * ln 10

    ``central_km`` is L_pred, the fit's central run-out. A distance of 0 gives 1; ``None``
    (distance unknown) gives None. Uses the residual only (not the parameter uncertainty of
    the t band), so it reads next to the 90 % band, not instead of it.
    """
    if distance_km is None:
        return None
    distance = as_number(distance_km, "distance (km)", minimum=0.0)
    if distance == 0.0:
        return 1.0
    if central_km <= 0:
        raise ValueError(f"the central run-out must be > 0 km, got {central_km:g}")
    if fit.s <= 0:  # a perfect fit: no spread, a step at the central run-out
        return 1.0 if distance < central_km else 0.5 if distance == central_km else 0.0
    z = (math.log(distance) - math.log(central_km)) / fit.sigma_ln
    return 1.0 - statistics.NormalDist().cdf(z)


@dataclass(frozen=True)
class RunoutScreen:
    """Run-out screen of one facility (runout.md, Steps 1-3).

    Volumes in m3, distances in km. ``released_volumes_m3`` has one entry per model and
    ``median`` (the headline ``released_volume_m3``); ``released_volume_range_m3`` is the
    (min, max) over the models. The run-out band is the fit's 90 % prediction interval at the
    headline volume; ``runout_by_model_km`` gives the central run-out at each model's volume.
    ``verdicts`` has a code of :data:`VERDICTS` for each of :data:`TARGETS`;
    ``exceedance`` the probability that the run-out exceeds each distance
    (:func:`exceedance_probability`, None when the distance is unknown), and
    ``border_exceedance_range`` that probability at the far and the near end of the border
    distance range when one was given. ``total_volume_m3`` is VT = tailings + pond water
    (``pond_volume_m3`` None: not known, VT is then the tailings alone, a lower bound).
    """

    total_volume_m3: float
    dam_height_m: float | None
    released_volumes_m3: dict[str, float]
    released_volume_m3: float
    released_volume_range_m3: tuple[float, float]
    runout_central_km: float
    runout_low_km: float
    runout_high_km: float
    runout_by_model_km: dict[str, float]
    distances_km: dict[str, float | None]
    verdicts: dict[str, str]
    released_volume_equations: dict[str, str]
    runout_equation: str
    fit: RunoutFit
    parameter_set: str
    provisional: bool
    notes: list[str] = field(default_factory=list)
    exceedance: dict[str, float | None] = field(default_factory=dict)
    border_range_km: tuple[float, float] | None = None
    border_exceedance_range: tuple[float, float] | None = None
    tailings_volume_m3: float | None = None
    pond_volume_m3: float | None = None


def screen(
    total_volume_m3: float,
    dam_height_m: float | None,
    distances: Mapping[str, float | None],
    fit: RunoutFit | None = None,
    params: Mapping[str, Any] | None = None,
    *,
    pond_volume_m3: float | None = None,
    border_range_km: tuple[float, float] | None = None,
) -> RunoutScreen:
    """Screen one facility: released volumes, run-out band, verdicts (runout.md, Steps 1-3).

    ``distances`` maps ``river``, ``settlement`` and ``border`` (any may be absent or ``None``:
    verdict "unknown") to the distance along the valley in km; another key raises
    ``ValueError``. ``fit=None`` uses :func:`default_fit`; ``params=None`` the shipped set.
    """
    unknown = sorted(set(distances) - set(TARGETS))
    if unknown:
        raise ValueError(f"unknown distance key(s) {unknown}; allowed: {list(TARGETS)}")
    ps = resolve(params)
    fit = default_fit() if fit is None else fit
    tailings = as_number(total_volume_m3, "total stored volume (m3)", minimum=0.0, strict=True)
    pond = (
        None
        if pond_volume_m3 is None
        else as_number(pond_volume_m3, "pond volume (m3)", minimum=0.0)
    )
    total = tailings + (pond or 0.0)
    height = (
        None
        if dam_height_m is None
        else as_number(dam_height_m, "dam height (m)", minimum=0.0, strict=True)
    )
    volumes = _released_volumes(total, height, ps)
    models = {k: v for k, v in volumes.items() if k != "median"}
    headline = volumes["median"]
    central, low, high = fit.predict(headline)
    dist: dict[str, float | None] = {}
    for target in TARGETS:
        raw = distances.get(target)
        dist[target] = None if raw is None else as_number(raw, f"{target} distance (km)", minimum=0)
    band = None
    if border_range_km is not None:
        near, far = (as_number(v, "border distance (km)", minimum=0) for v in border_range_km)
        if far < near:
            raise ValueError(f"border distance range {near:g}-{far:g} km is reversed")
        band = (near, far)
    model_specs = ps["runout"]["released_volume_models"]
    notes = [LIMITS_NOTE]
    for key in models:
        note = model_specs[key].get("verify")
        if note:
            notes.append(f"{model_specs[key].get('label', key)}: {note}")
    return RunoutScreen(
        total_volume_m3=total,
        dam_height_m=height,
        released_volumes_m3=volumes,
        released_volume_m3=headline,
        released_volume_range_m3=(min(models.values()), max(models.values())),
        runout_central_km=central,
        runout_low_km=low,
        runout_high_km=high,
        runout_by_model_km={k: fit.predict(v)[0] for k, v in models.items()},
        distances_km=dist,
        verdicts={t: verdict(dist[t], central, high) for t in TARGETS},
        released_volume_equations=_equations(height, ps),
        runout_equation=fit.label,
        fit=fit,
        parameter_set=str(ps["name"]),
        provisional=bool(ps["provisional"]),
        notes=notes,
        exceedance={t: exceedance_probability(dist[t], central, fit) for t in TARGETS},
        border_range_km=band,
        border_exceedance_range=None
        if band is None
        else (
            exceedance_probability(band[1], central, fit) or 0.0,
            exceedance_probability(band[0], central, fit) or 0.0,
        ),
        tailings_volume_m3=tailings,
        pond_volume_m3=pond,
    )
