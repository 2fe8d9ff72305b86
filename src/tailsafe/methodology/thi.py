"""Tailings Hazard Index (THI) and Tailings Risk Index (TRI). Pure: no Django import.

Rules from methodology.md ("THI", "TRI"), with every point and bin taken from a parameter set
(:mod:`tailsafe.methodology.params`; default ``provisional-1``)::

    THI = log10(V) + T_tox + T_man + T_flood + T_seis + T_dam
    TRI = THI + E_pop + E_water + E_eco + E_trans

* ``capacity`` = log10(V), V the stored tailings volume in m3, not rounded (1e6 m3 -> 6.0).
  V missing, non-numeric or <= 0 is an error ("tailings volume required"), never a zero. When only
  a mass is known, convert with :func:`volume_from_mass` and keep both with their basis.
* A categorical term may be *unknown* (input missing, ``None`` or ``""``). Then ``value`` is
  ``None`` and the result reports ``minimum`` (unknown terms count 0), ``maximum`` (unknown terms
  count the highest points that term can take) and ``missing`` (the unknown terms): missing data
  is shown, not hidden. Rank by ``maximum`` by default.
* Toxicity: WGK covers chemical hazard to water, not radioactivity. With ``radioactive=True``
  the toxicity term is at least the set's ``radioactive_default`` (3 in provisional-1): with no
  WGK it *is* that default, and whenever the default decides the term the result is flagged
  ``toxicity_override_radioactive`` (a written justification is the caller's to keep). A WGK
  listed under ``flagged`` (provisional-1: ``awg``, "generally hazardous") adds the flag
  ``toxicity_<wgk>`` (``toxicity_awg``; ``toxicity_unknown`` for unclassified substances,
  presumed WGK 3). A GOST 12.1.007 class (input ``gost_class``, I-IV) is mapped through the set's
  ``gost_12_1_007`` table, never copied, and flagged ``toxicity_from_gost``
  (:func:`wgk_from_gost`).

TRI bins (provisional-1; boundaries stated because methodology.md's ranges share their edges):

* ``e_pop`` (people in the potential flow path, default within 10 km downstream): 0 -> 0;
  1-100 -> 1; 101-1000 -> 2; > 1000 -> 3 (each edge belongs to the lower bin).
* ``e_water`` (distance dam toe to a permanent watercourse): < 1 km -> 2; 1 to 5 km inclusive
  -> 1; > 5 km -> 0; ``dam_across_watercourse=True`` -> 2 whatever the distance.
* ``e_eco`` (protected area or drinking-water intake within 10 km downstream): no 0, yes 1.
* ``e_trans`` (distance along the river to a state border): < 10 km -> 2; 10 to 50 km inclusive
  -> 1; > 50 km -> 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from tailsafe.methodology.params import (
    GOST_CLASSES,
    GOST_KEY,
    THI_TERMS,
    TRI_TERMS,
    ParameterSet,
    as_number,
    as_optional_bool,
    bin_lookup,
    resolve,
)

THI_EQUATION: Final = "THI = log10(V) + T_tox + T_man + T_flood + T_seis + T_dam"
TRI_EQUATION: Final = "TRI = THI + E_pop + E_water + E_eco + E_trans"

THI_TERM_KEYS: Final[tuple[str, ...]] = ("capacity", *THI_TERMS)
"""Keys of ``THIResult.terms``, in equation order."""

TRI_TERM_KEYS: Final[tuple[str, ...]] = (*THI_TERM_KEYS, *TRI_TERMS)
"""Keys of ``TRIResult.terms``, in equation order."""

THI_INPUTS: Final[dict[str, str]] = {
    "toxicity": "wgk",
    "management": "management",
    "flood": "flood",
    "seismic": "seismic",
    "dam": "dam",
}
"""Input key read for each categorical THI term."""

FLAG_RADIOACTIVE: Final = "toxicity_override_radioactive"
FLAG_GOST: Final = "toxicity_from_gost"


@dataclass(frozen=True)
class THIResult:
    """A THI computation (methodology.md, THI).

    ``value`` is ``None`` when any term is missing; ``minimum`` counts missing terms as 0 and
    ``maximum`` at their highest points. ``terms`` maps each term (``THI_TERM_KEYS``) to its
    points, ``None`` if unknown; ``missing`` lists the unknown terms in equation order.
    ``parameter_set`` names the set used and ``provisional`` says whether it is provisional.
    """

    value: float | None
    minimum: float
    maximum: float
    terms: dict[str, float | None]
    missing: list[str]
    parameter_set: str
    provisional: bool
    flags: list[str] = field(default_factory=list)
    volume_m3: float = 0.0
    equation: str = THI_EQUATION


@dataclass(frozen=True)
class TRIResult:
    """A TRI computation: the THI terms plus the exposure terms (methodology.md, TRI).

    Same fields and rules as :class:`THIResult`; ``terms`` has the keys ``TRI_TERM_KEYS`` and
    ``thi`` is the THI computed on the way.
    """

    value: float | None
    minimum: float
    maximum: float
    terms: dict[str, float | None]
    missing: list[str]
    parameter_set: str
    provisional: bool
    thi: THIResult
    flags: list[str] = field(default_factory=list)
    equation: str = TRI_EQUATION


# --------------------------------------------------------------------------- helpers


def volume_from_mass(mass_t: float, density_t_per_m3: float) -> float:
    """Stored volume in m3 from a mass in tonnes and a declared dry density in t/m3.

    methodology.md: "If only a mass is known, convert with a declared density and keep both,
    with the basis". Both must be > 0.
    """
    mass = as_number(mass_t, "tailings mass (t)", minimum=0.0, strict=True)
    density = as_number(density_t_per_m3, "density (t/m3)", minimum=0.0, strict=True)
    return mass / density


def _volume(inputs: Mapping[str, object]) -> float:
    raw = inputs.get("volume_m3")
    if raw is None or raw == "":
        raise ValueError(
            "tailings volume required: volume_m3 (stored tailings volume in m3, > 0) is missing"
        )
    try:
        volume = as_number(raw, "volume_m3")
    except ValueError as exc:
        raise ValueError(f"tailings volume required: {exc}") from None
    if volume <= 0:
        raise ValueError(f"tailings volume required: volume_m3 must be > 0 m3, got {volume:g}")
    return volume


def _category(value: object, term: str, key: str, points: Mapping[str, float]) -> str | None:
    """Normalise a categorical input: ``None``/``""`` -> unknown; else a key of ``points``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # wgk given as 1, 2, 3
    if isinstance(value, str):
        if value in points:
            return value
        folded = value.strip().lower()
        for category in points:
            if category.lower() == folded:
                return category
    allowed = ", ".join(repr(c) for c in points)
    raise ValueError(
        f"unknown value {value!r} for THI term {term!r} (input {key!r}); allowed: {allowed} "
        f"or None for unknown"
    )


def wgk_from_gost(gost_class: object, params: Mapping[str, Any] | None = None) -> str:
    """The toxicity category a GOST 12.1.007 hazard class maps to (methodology.md).

    GOST runs I (extremely hazardous) to IV (low hazard), the other way from WGK, and excludes
    radioactivity: the class is *mapped* by the set's ``thi.terms.toxicity.gost_12_1_007``
    table (provisional-1: I or II -> 3, III -> 2, IV -> 1), never copied. A set without that
    table or an unknown class raises ``ValueError``.
    """
    spec = resolve(params)["thi"]["terms"]["toxicity"]
    return _gost_map(gost_class, spec)


def _gost_map(gost_class: object, spec: Mapping[str, Any]) -> str:
    table = spec.get(GOST_KEY)
    if not table:
        raise ValueError("this parameter set has no GOST 12.1.007 mapping (gost_12_1_007)")
    key = str(gost_class).strip().upper() if gost_class is not None else ""
    if key not in GOST_CLASSES:
        raise ValueError(
            f"unknown GOST 12.1.007 hazard class {gost_class!r}; allowed: I, II, III, IV"
        )
    return str(table[key])


def _toxicity_category(
    wgk: str | None, gost_class: object, spec: Mapping[str, Any], flags: list[str]
) -> str | None:
    """The WGK category, or the one mapped from a GOST class (flagged); never both."""
    if gost_class is None or gost_class == "":
        return wgk
    if wgk is not None:
        raise ValueError("toxicity given in two schemes (WGK and GOST 12.1.007): enter one of them")
    flags.append(FLAG_GOST)
    return _gost_map(gost_class, spec)


def _bin_points(spec: Mapping[str, Any], x: float) -> float:
    return float(bin_lookup(spec["bins"], x)["points"])


def _bins_max(spec: Mapping[str, Any]) -> float:
    return max(float(b["points"]) for b in spec["bins"])


def _seismic_class(value: float, bins_key: str, params: Mapping[str, Any] | None) -> str:
    ps = resolve(params)
    return str(bin_lookup(ps["thi"]["terms"]["seismic"][bins_key], value)["class"])


def seismic_class_from_msk(intensity: float, params: Mapping[str, Any] | None = None) -> str:
    """Seismic class (``low``/``moderate``/``high``) from an MSK-64 intensity (1-12).

    Bins from the set's ``thi.terms.seismic.msk64_bins`` (provisional-1: < 7 low, 7 to < 8
    moderate, >= 8 high, i.e. <= VI, VII, >= VIII).
    """
    value = as_number(intensity, "MSK-64 intensity", minimum=1.0)
    if value > 12:
        raise ValueError(f"MSK-64 intensity must be between 1 and 12, got {value:g}")
    return _seismic_class(value, "msk64_bins", params)


def seismic_class_from_pga(pga_g: float, params: Mapping[str, Any] | None = None) -> str:
    """Seismic class (``low``/``moderate``/``high``) from a peak ground acceleration in g.

    Bins from the set's ``thi.terms.seismic.pga_g_bins`` (provisional-1, GSHAP legend:
    < 0.08 g low, 0.08 to < 0.24 g moderate, >= 0.24 g high).
    """
    value = as_number(pga_g, "peak ground acceleration (g)", minimum=0.0)
    return _seismic_class(value, "pga_g_bins", params)


def _totals(
    terms: Mapping[str, float | None], maxima: Mapping[str, float]
) -> tuple[float | None, float, float, list[str]]:
    """(value, minimum, maximum, missing) over ``terms`` in order."""
    missing = [t for t, v in terms.items() if v is None]
    minimum = 0.0
    maximum = 0.0
    for term, points in terms.items():
        if points is None:
            maximum += maxima[term]
        else:
            minimum += points
            maximum += points
    return (None if missing else minimum), minimum, maximum, missing


def _thi(inputs: Mapping[str, object], ps: ParameterSet) -> tuple[THIResult, dict[str, float]]:
    volume = _volume(inputs)
    spec_terms = ps["thi"]["terms"]
    terms: dict[str, float | None] = {"capacity": math.log10(volume)}
    maxima: dict[str, float] = {}
    flags: list[str] = []
    for term in THI_TERMS:
        spec = spec_terms[term]
        points: Mapping[str, float] = spec["points"]
        key = THI_INPUTS[term]
        category = _category(inputs.get(key), term, key, points)
        if term == "toxicity":
            category = _toxicity_category(category, inputs.get("gost_class"), spec, flags)
        terms[term] = None if category is None else float(points[category])
        maxima[term] = max(points.values())
        if term == "toxicity":
            default = float(spec["radioactive_default"])
            maxima[term] = max(maxima[term], default)
            radioactive = as_optional_bool(inputs.get("radioactive"), "radioactive")
            if radioactive and (terms[term] is None or default > (terms[term] or 0.0)):
                terms[term] = default
                flags.append(FLAG_RADIOACTIVE)
            if category is not None and category in spec.get("flagged", []):
                flags.append(f"toxicity_{category}")
    value, minimum, maximum, missing = _totals(terms, {"capacity": 0.0, **maxima})
    result = THIResult(
        value=value,
        minimum=minimum,
        maximum=maximum,
        terms=terms,
        missing=missing,
        parameter_set=str(ps["name"]),
        provisional=bool(ps["provisional"]),
        flags=flags,
        volume_m3=volume,
    )
    return result, maxima


def compute_thi(inputs: Mapping[str, object], params: Mapping[str, Any] | None = None) -> THIResult:
    """Compute the THI of one facility (module docstring; methodology.md, THI).

    ``inputs``: ``volume_m3`` (required, > 0), and optionally ``wgk`` (nwg, 1, 2, 3, awg),
    ``management`` (adequate, deficient, abandoned), ``flood`` (outside, prone,
    valley_bottom), ``seismic`` (low, moderate, high), ``dam`` (none, minor, serious),
    ``radioactive`` (bool). Allowed category values come from the parameter set; an unknown one
    raises ``ValueError`` naming the term and the allowed values. ``params=None`` uses the
    shipped ``provisional-1`` set.
    """
    return _thi(inputs, resolve(params))[0]


def _optional_distance(inputs: Mapping[str, object], key: str) -> float | None:
    raw = inputs.get(key)
    if raw is None or raw == "":
        return None
    return as_number(raw, key, minimum=0.0)


def compute_tri(inputs: Mapping[str, object], params: Mapping[str, Any] | None = None) -> TRIResult:
    """Compute the TRI = THI + E_pop + E_water + E_eco + E_trans (methodology.md, TRI).

    ``inputs``: all THI inputs plus, each optional, ``population_downstream`` (people, >= 0),
    ``distance_to_river_km`` (>= 0) and ``dam_across_watercourse`` (bool),
    ``protected_area_downstream`` (bool) and ``distance_to_border_km`` (>= 0). Bins and their
    boundary handling are in the module docstring. Unknown terms are handled as for the THI
    (``value`` None, ``minimum``/``maximum``, ``missing``).
    """
    ps = resolve(params)
    thi, thi_maxima = _thi(inputs, ps)
    spec = ps["tri"]["terms"]
    terms: dict[str, float | None] = dict(thi.terms)
    maxima: dict[str, float] = {"capacity": 0.0, **thi_maxima}

    raw_pop = inputs.get("population_downstream")
    if raw_pop is None or raw_pop == "":
        terms["e_pop"] = None
    else:
        pop = as_number(raw_pop, "population_downstream", minimum=0.0)
        terms["e_pop"] = _bin_points(spec["e_pop"], pop)
    maxima["e_pop"] = _bins_max(spec["e_pop"])

    across = as_optional_bool(inputs.get("dam_across_watercourse"), "dam_across_watercourse")
    river_km = _optional_distance(inputs, "distance_to_river_km")
    across_points = float(spec["e_water"]["dam_across_watercourse"])
    if across:
        terms["e_water"] = across_points
    elif river_km is not None:
        terms["e_water"] = _bin_points(spec["e_water"], river_km)
    else:
        terms["e_water"] = None
    maxima["e_water"] = max(_bins_max(spec["e_water"]), across_points)

    eco_points: Mapping[str, float] = spec["e_eco"]["points"]
    protected = as_optional_bool(
        inputs.get("protected_area_downstream"), "protected_area_downstream"
    )
    terms["e_eco"] = (
        None if protected is None else float(eco_points["present" if protected else "absent"])
    )
    maxima["e_eco"] = max(eco_points.values())

    border_km = _optional_distance(inputs, "distance_to_border_km")
    terms["e_trans"] = None if border_km is None else _bin_points(spec["e_trans"], border_km)
    maxima["e_trans"] = _bins_max(spec["e_trans"])

    value, minimum, maximum, missing = _totals(terms, maxima)
    return TRIResult(
        value=value,
        minimum=minimum,
        maximum=maximum,
        terms=terms,
        missing=missing,
        parameter_set=thi.parameter_set,
        provisional=thi.provisional,
        thi=thi,
        flags=list(thi.flags),
    )
