"""Parameter sets: loading and validating the data behind every score. Pure: no Django import.

methodology.md ("What is known and what is not"): every table of points, bins, weights and bands
is *data, not code*, kept in a versioned parameter set (YAML or JSON) that an admin can replace,
and every computed result records the name of the set it used. The platform ships the
``provisional-1`` set (``parameter_sets/provisional-1.yaml``), written from methodology.md and
runout.md, until an official set (e.g. ``unece-2020``) is loaded.

:func:`load_parameter_set` checks a set and returns a normalised copy (every point, bound,
weight and coefficient as ``float``); any problem raises :class:`ParameterSetError` listing *all*
problems found. :func:`default_parameter_set` returns (a copy of) the shipped set.

Shape of a set (see the shipped YAML for a commented example)::

    name, version, provisional (bool), description
    thi.terms.{toxicity, management, flood, seismic, dam}.points   category -> points
    thi.terms.toxicity.radioactive_default, .flagged, optional .gost_12_1_007 (I-IV -> category)
    thi.capacity.density_t_m3 {min, max}  optional: provisional dry-density range (t/m3)
    thi.terms.seismic.msk64_bins, .pga_g_bins                       bins -> class
    tri.terms.{e_pop, e_water, e_trans}.bins                         bins -> points
    tri.terms.e_water.dam_across_watercourse, tri.terms.e_eco.points {absent, present}
    checklist.answers {compliant, partly, not}, .credibility {verified, stated, none},
    checklist.weights.default (+ by_category), checklist.bands       bins -> band
    gistm.par_bins                                                    bins -> GISTM class
    runout.released_volume_models.<key>: unit (m3|Mm3), coef or log10_coef, exp_volume,
        optional exp_height, citation

Conventions: a ``points`` mapping lists categories from least to most hazardous and its points
never decrease along that order (so "worse input, never lower score" holds for any valid set);
points are finite and >= 0. A ``bins`` list is checked in order and the first matching bin wins;
each bin but the last has exactly one bound (``lt``: x < bound, ``le``: x <= bound, ``ge``:
x >= bound, ``gt``: x > bound), all bounds point the same way and are monotone, and the last bin
has no bound (it catches the rest).
"""

from __future__ import annotations

import copy
import decimal
import functools
import itertools
import json
import math
import numbers
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any, Final

import yaml

ParameterSet = dict[str, Any]
"""A validated, normalised parameter set (plain nested dicts/lists, numbers as float)."""

DEFAULT_PARAMETER_SET: Final = "provisional-1"
"""Name of the parameter set shipped with the platform (``parameter_sets/<name>.yaml``)."""

THI_TERMS: Final[tuple[str, ...]] = ("toxicity", "management", "flood", "seismic", "dam")
"""Categorical THI terms (capacity, log10 of the volume, needs no table)."""

TRI_TERMS: Final[tuple[str, ...]] = ("e_pop", "e_water", "e_eco", "e_trans")
"""TRI exposure terms (methodology.md, TRI table)."""

GISTM_CLASSES: Final[tuple[str, ...]] = ("Low", "Significant", "High", "Very High", "Extreme")
"""GISTM (2020, Annex 2) consequence classes, lowest first."""

CHECKLIST_ANSWERS: Final[tuple[str, ...]] = ("compliant", "partly", "not")
CHECKLIST_CREDIBILITY: Final[tuple[str, ...]] = ("verified", "stated", "none")
BIN_OPERATORS: Final[tuple[str, ...]] = ("lt", "le", "ge", "gt")
GOST_CLASSES: Final[tuple[str, ...]] = ("I", "II", "III", "IV")
"""GOST 12.1.007 hazard classes, I extremely hazardous ... IV low hazard (methodology.md)."""
GOST_KEY: Final = "gost_12_1_007"


class ParameterSetError(ValueError):
    """A parameter set is malformed; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[str], name: str | None = None) -> None:
        self.problems: list[str] = list(problems)
        label = f"parameter set {name!r}" if name else "parameter set"
        listing = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"invalid {label} ({len(self.problems)} problem(s)):\n{listing}")


# --------------------------------------------------------------------------- input helpers


def as_number(
    value: object, what: str, *, minimum: float | None = None, strict: bool = False
) -> float:
    """Return ``value`` as a finite float or raise ``ValueError`` naming ``what``.

    Accepts ``int``, ``float``, ``fractions.Fraction`` and ``decimal.Decimal`` (not ``bool``, not
    strings). ``minimum`` is inclusive unless ``strict`` (then the value must exceed it).
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real | decimal.Decimal):
        raise ValueError(f"{what} must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{what} must be a finite number, got {value!r}")
    if minimum is not None and (number <= minimum if strict else number < minimum):
        sign = ">" if strict else ">="
        raise ValueError(f"{what} must be {sign} {minimum:g}, got {number:g}")
    return number


def as_optional_bool(value: object, what: str) -> bool | None:
    """Return ``value`` if it is ``True``, ``False`` or ``None``; else raise ``ValueError``."""
    if value is None or isinstance(value, bool):
        return value
    raise ValueError(f"{what} must be true, false or unknown (None), got {value!r}")


# --------------------------------------------------------------------------- bin lookup


def bin_lookup(bins: Sequence[Mapping[str, Any]], x: float) -> Mapping[str, Any]:
    """Return the first bin of ``bins`` that ``x`` falls in (module docstring: bins).

    ``bins`` must be a validated bins list (its last bin has no bound, so a bin always matches).
    """
    for b in bins:
        if "lt" in b:
            if x < b["lt"]:
                return b
        elif "le" in b:
            if x <= b["le"]:
                return b
        elif "ge" in b:
            if x >= b["ge"]:
                return b
        elif "gt" in b:
            if x > b["gt"]:
                return b
        else:
            return b
    raise ValueError("bins list has no catch-all last bin")  # unreachable for a valid set


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


def load_parameter_set(text_or_mapping: str | bytes | Mapping[str, Any]) -> ParameterSet:
    """Parse (YAML or JSON text) and validate a parameter set; return a normalised copy.

    Raises :class:`ParameterSetError` (a ``ValueError``) listing every problem: a missing
    section or term, a non-numeric or negative point, a malformed bins list, an unknown class.
    The input is never modified.
    """
    if isinstance(text_or_mapping, bytes):
        text_or_mapping = text_or_mapping.decode("utf-8")
    if isinstance(text_or_mapping, str):
        try:
            data: object = yaml.safe_load(text_or_mapping)
        except yaml.YAMLError as exc:
            try:  # JSON is (almost) YAML; fall back for the few JSON texts YAML rejects
                data = json.loads(text_or_mapping)
            except ValueError:
                raise ParameterSetError([f"not valid YAML or JSON: {exc}"]) from exc
    else:
        data = text_or_mapping
    if not isinstance(data, Mapping):
        raise ParameterSetError([f"top level must be a mapping, got {type(data).__name__}"])
    ps: dict[str, Any] = copy.deepcopy(dict(data))
    c = _Checker()
    c.text(ps, "name", "")
    if "version" not in ps:
        c.add("version", "missing")
    elif not isinstance(ps["version"], int | str) or isinstance(ps["version"], bool):
        c.add("version", f"must be an integer or a string, got {ps['version']!r}")
    if not isinstance(ps.get("provisional"), bool):
        c.add("provisional", f"must be true or false, got {ps.get('provisional')!r}")
    c.text(ps, "description", "")
    _check_thi(c, ps)
    _check_tri(c, ps)
    _check_checklist(c, ps)
    _check_gistm(c, ps)
    _check_runout(c, ps)
    if c.problems:
        name = ps.get("name")
        raise ParameterSetError(c.problems, name if isinstance(name, str) else None)
    return ps


@functools.cache
def _shipped_default() -> ParameterSet:
    text = (
        resources.files("tailsafe.methodology")
        .joinpath("parameter_sets", f"{DEFAULT_PARAMETER_SET}.yaml")
        .read_text(encoding="utf-8")
    )
    return load_parameter_set(text)


def default_parameter_set() -> ParameterSet:
    """Return a copy of the shipped ``provisional-1`` set (read and validated once, cached)."""
    return copy.deepcopy(_shipped_default())


def resolve(params: Mapping[str, Any] | None) -> ParameterSet:
    """The set a computation uses: the cached shipped set for ``None``, else ``params`` validated.

    The returned dict must be treated as read-only (it may be the shared cached default).
    """
    if params is None:
        return _shipped_default()
    return load_parameter_set(params)
