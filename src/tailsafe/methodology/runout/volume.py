"""Step 1 of runout.md: the released volume."""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from typing import Any

from tailsafe.methodology.params import as_number, resolve
from tailsafe.methodology.runout.base import _M3_PER_MM3

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
