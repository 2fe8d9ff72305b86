"""Step 3 of runout.md: the screen, its verdicts and the probability of passing a distance."""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tailsafe.methodology.params import as_number, resolve
from tailsafe.methodology.runout.base import LIMITS_NOTE, TARGETS
from tailsafe.methodology.runout.regression import RunoutFit, default_fit
from tailsafe.methodology.runout.volume import _equations, _released_volumes

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
