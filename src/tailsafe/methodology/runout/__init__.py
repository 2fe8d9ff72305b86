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

from tailsafe.methodology.runout.base import (
    FAILURES_CSV,
    LIMITS_NOTE,
    PREDICTION_LEVEL,
    RUNOUT_EQUATION,
    TARGETS,
    VERDICTS,
)
from tailsafe.methodology.runout.regression import (
    RunoutFit,
    default_fit,
    fit_runout,
    read_failures,
)
from tailsafe.methodology.runout.screen import (
    RunoutScreen,
    exceedance_probability,
    screen,
    verdict,
)
from tailsafe.methodology.runout.student_t import (
    student_t_cdf,
    student_t_quantile,
)
from tailsafe.methodology.runout.volume import (
    released_volume_equations,
    released_volumes,
)

__all__ = [
    "FAILURES_CSV",
    "LIMITS_NOTE",
    "PREDICTION_LEVEL",
    "RUNOUT_EQUATION",
    "TARGETS",
    "VERDICTS",
    "RunoutFit",
    "RunoutScreen",
    "default_fit",
    "exceedance_probability",
    "fit_runout",
    "read_failures",
    "released_volume_equations",
    "released_volumes",
    "screen",
    "student_t_cdf",
    "student_t_quantile",
    "verdict",
]
