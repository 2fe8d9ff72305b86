"""Step 2 of runout.md: the run-out regression fitted on the failure table."""

from __future__ import annotations

import csv
import functools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from tailsafe.methodology.params import as_number
from tailsafe.methodology.runout.base import (
    _M3_PER_MM3,
    FAILURES_CSV,
    PREDICTION_LEVEL,
    RUNOUT_EQUATION,
)
from tailsafe.methodology.runout.student_t import student_t_quantile

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
