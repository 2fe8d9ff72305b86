"""Checking a parameter set, section by section, with every problem named."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any

from tailsafe.methodology.params.base import (
    BIN_OPERATORS,
    CHECKLIST_ANSWERS,
    CHECKLIST_CREDIBILITY,
    GISTM_CLASSES,
    GOST_CLASSES,
    GOST_KEY,
    THI_TERMS,
    TRI_TERMS,
)

# --------------------------------------------------------------------------- validation


def _is_number(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


class _Checker:
    """Collects problems while normalising a copy of the set in place."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def mapping(self, parent: Any, key: str, path: str) -> dict[str, Any] | None:
        """Return ``parent[key]`` if it is a mapping, else record a problem."""
        full = f"{path}.{key}" if path else key
        if not isinstance(parent, dict):
            return None
        if key not in parent:
            self.add(full, "missing")
            return None
        value = parent[key]
        if not isinstance(value, dict):
            self.add(full, f"must be a mapping, got {type(value).__name__}")
            return None
        return value

    def number(
        self,
        parent: dict[str, Any],
        key: str,
        path: str,
        *,
        minimum: float | None = 0.0,
        maximum: float | None = None,
        required: bool = True,
    ) -> float | None:
        """Check ``parent[key]`` is a finite number in range; store it back as float."""
        full = f"{path}.{key}"
        if key not in parent:
            if required:
                self.add(full, "missing")
            return None
        value = parent[key]
        if not _is_number(value):
            self.add(full, f"must be a finite number, got {value!r}")
            return None
        number = float(value)
        if minimum is not None and number < minimum:
            self.add(full, f"must be >= {minimum:g}, got {number:g}")
            return None
        if maximum is not None and number > maximum:
            self.add(full, f"must be <= {maximum:g}, got {number:g}")
            return None
        parent[key] = number
        return number

    def text(self, parent: dict[str, Any], key: str, path: str, *, required: bool = True) -> None:
        full = f"{path}.{key}" if path else key
        if key not in parent:
            if required:
                self.add(full, "missing")
            return
        value = parent[key]
        if not isinstance(value, str) or not value.strip():
            self.add(full, f"must be a non-empty string, got {value!r}")

    def points(
        self,
        parent: dict[str, Any],
        path: str,
        *,
        required_keys: Sequence[str] = (),
        maximum: float | None = None,
        ordered: bool = True,
    ) -> dict[str, float] | None:
        """Check ``parent['points']``: category -> finite number >= 0 (non-decreasing)."""
        points = self.mapping(parent, "points", path)
        if points is None:
            return None
        full = f"{path}.points"
        if not points:
            self.add(full, "must list at least one category")
            return None
        for key in list(points):
            if not isinstance(key, str):
                self.add(full, f"category {key!r} must be a string (quote it in YAML)")
        for key in required_keys:
            if key not in points:
                self.add(f"{full}.{key}", "missing")
        ok = True
        for key in list(points):
            if self.number(points, key, full, maximum=maximum) is None:
                ok = False
        if ok and ordered:
            items = list(points.items())
            for (k1, v1), (k2, v2) in itertools.pairwise(items):
                if v2 < v1:
                    self.add(
                        full,
                        f"points must not decrease from least to most hazardous category "
                        f"({k1!r}: {v1:g} then {k2!r}: {v2:g})",
                    )
        return points if ok else None

    def bins(
        self,
        parent: dict[str, Any],
        key: str,
        path: str,
        *,
        value_key: str,
        allowed_values: Sequence[str] | None = None,
    ) -> list[dict[str, Any]] | None:
        """Check a bins list (module docstring) whose bins carry ``value_key``."""
        full = f"{path}.{key}"
        if key not in parent:
            self.add(full, "missing")
            return None
        bins = parent[key]
        if not isinstance(bins, list) or not bins:
            self.add(full, "must be a non-empty list of bins")
            return None
        ok = True
        direction: str | None = None
        previous: float | None = None
        for i, b in enumerate(bins):
            where = f"{full}[{i}]"
            if not isinstance(b, dict):
                self.add(where, "must be a mapping")
                ok = False
                continue
            ops = [op for op in BIN_OPERATORS if op in b]
            last = i == len(bins) - 1
            if last and ops:
                self.add(where, "the last bin must have no bound (it catches the rest)")
                ok = False
            if not last and len(ops) != 1:
                self.add(where, "needs exactly one bound among lt, le, ge, gt")
                ok = False
            if value_key not in b:
                self.add(f"{where}.{value_key}", "missing")
                ok = False
            elif value_key == "points":
                if self.number(b, "points", where) is None:
                    ok = False
            elif not isinstance(b[value_key], str) or (
                allowed_values is not None and b[value_key] not in allowed_values
            ):
                allowed = ", ".join(repr(v) for v in allowed_values or ())
                self.add(
                    f"{where}.{value_key}",
                    f"must be one of {allowed}, got {b[value_key]!r}"
                    if allowed_values
                    else f"must be a string, got {b[value_key]!r}",
                )
                ok = False
            if len(ops) == 1:
                op = ops[0]
                bound = self.number(b, op, where, minimum=None)
                if bound is None:
                    ok = False
                    continue
                this_direction = "up" if op in ("lt", "le") else "down"
                if direction is None:
                    direction = this_direction
                elif direction != this_direction:
                    self.add(where, "all bounds must be lt/le (ascending) or all ge/gt")
                    ok = False
                if previous is not None and (
                    (this_direction == "up" and bound < previous)
                    or (this_direction == "down" and bound > previous)
                ):
                    self.add(where, f"bound {bound:g} is out of order after {previous:g}")
                    ok = False
                previous = bound
        return bins if ok else None


def _check_thi(c: _Checker, ps: dict[str, Any]) -> None:
    thi = c.mapping(ps, "thi", "")
    terms = c.mapping(thi, "terms", "thi") if thi is not None else None
    if terms is None:
        return
    capacity = thi.get("capacity") if isinstance(thi, dict) else None
    if isinstance(capacity, dict) and "density_t_m3" in capacity:
        density = c.mapping(capacity, "density_t_m3", "thi.capacity")
        if density is not None:
            path = "thi.capacity.density_t_m3"
            low = c.number(density, "min", path)
            high = c.number(density, "max", path)
            if low is not None and low <= 0:
                c.add(f"{path}.min", "must be > 0")
            elif low is not None and high is not None and high < low:
                c.add(path, f"max ({high:g}) must not be below min ({low:g})")
    for term in THI_TERMS:
        spec = c.mapping(terms, term, "thi.terms")
        if spec is None:
            continue
        path = f"thi.terms.{term}"
        points = c.points(spec, path)
        if term == "toxicity":
            c.number(spec, "radioactive_default", path)
            gost = spec.get(GOST_KEY)
            if gost is not None:
                if not isinstance(gost, dict) or set(gost) != set(GOST_CLASSES):
                    c.add(f"{path}.{GOST_KEY}", f"must map each of {', '.join(GOST_CLASSES)}")
                elif points is not None:
                    for k, v in gost.items():
                        if v not in points:
                            c.add(f"{path}.{GOST_KEY}.{k}", f"{v!r} is not a toxicity category")
            flagged = spec.get("flagged", [])
            if not isinstance(flagged, list) or not all(isinstance(f, str) for f in flagged):
                c.add(f"{path}.flagged", "must be a list of category names")
            elif points is not None:
                for f in flagged:
                    if f not in points:
                        c.add(f"{path}.flagged", f"{f!r} is not a toxicity category")
        if term == "seismic":
            classes = list(points) if points is not None else None
            for bins_key in ("msk64_bins", "pga_g_bins"):
                c.bins(spec, bins_key, path, value_key="class", allowed_values=classes)


def _check_tri(c: _Checker, ps: dict[str, Any]) -> None:
    tri = c.mapping(ps, "tri", "")
    terms = c.mapping(tri, "terms", "tri") if tri is not None else None
    if terms is None:
        return
    for term in TRI_TERMS:
        spec = c.mapping(terms, term, "tri.terms")
        if spec is None:
            continue
        path = f"tri.terms.{term}"
        if term == "e_eco":
            c.points(spec, path, required_keys=("absent", "present"))
        else:
            c.bins(spec, "bins", path, value_key="points")
        if term == "e_water":
            c.number(spec, "dam_across_watercourse", path)


def _check_checklist(c: _Checker, ps: dict[str, Any]) -> None:
    cl = c.mapping(ps, "checklist", "")
    if cl is None:
        return
    for key, required in (("answers", CHECKLIST_ANSWERS), ("credibility", CHECKLIST_CREDIBILITY)):
        table = c.mapping(cl, key, "checklist")
        if table is None:
            continue
        for k in required:
            if k not in table:
                c.add(f"checklist.{key}.{k}", "missing")
        for k in list(table):
            c.number(table, k, f"checklist.{key}", maximum=1.0)
    if "not_applicable" in cl:
        c.text(cl, "not_applicable", "checklist")
    weights = c.mapping(cl, "weights", "checklist")
    if weights is not None:
        c.number(weights, "default", "checklist.weights")
        if "by_category" in weights:
            by_cat = c.mapping(weights, "by_category", "checklist.weights")
            if by_cat is not None:
                for k in list(by_cat):
                    c.number(by_cat, k, "checklist.weights.by_category")
    c.bins(cl, "bands", "checklist", value_key="band")


def _check_gistm(c: _Checker, ps: dict[str, Any]) -> None:
    g = c.mapping(ps, "gistm", "")
    if g is None:
        return
    c.bins(g, "par_bins", "gistm", value_key="class", allowed_values=GISTM_CLASSES)


def _check_runout(c: _Checker, ps: dict[str, Any]) -> None:
    r = c.mapping(ps, "runout", "")
    if r is None:
        return
    models = c.mapping(r, "released_volume_models", "runout")
    if models is None:
        return
    if not models:
        c.add("runout.released_volume_models", "must list at least one model")
    if r.get("headline", "median") != "median":
        c.add("runout.headline", f"only 'median' is supported, got {r.get('headline')!r}")
    for key in list(models):
        path = f"runout.released_volume_models.{key}"
        if key == "median":
            c.add(path, "'median' is reserved for the median of the models")
        model = c.mapping(models, key, "runout.released_volume_models")
        if model is None:
            continue
        if model.get("unit") not in ("m3", "Mm3"):
            c.add(f"{path}.unit", f"must be 'm3' or 'Mm3', got {model.get('unit')!r}")
        has_coef, has_log = "coef" in model, "log10_coef" in model
        if has_coef == has_log:
            c.add(path, "needs exactly one of coef, log10_coef")
        elif has_coef:
            coef = c.number(model, "coef", path)
            if coef == 0.0:
                c.add(f"{path}.coef", "must be > 0")
        else:
            c.number(model, "log10_coef", path, minimum=None)
        c.number(model, "exp_volume", path, minimum=None)
        c.number(model, "exp_height", path, minimum=None, required=False)
        c.text(model, "citation", path)
        for optional in ("label", "equation", "verify", "provenance"):
            c.text(model, optional, path, required=False)
