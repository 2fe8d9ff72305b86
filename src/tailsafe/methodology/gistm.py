"""GISTM consequence classification. Pure: no Django import.

methodology.md ("Consequence screening"): the Global Industry Standard on Tailings Management
(GISTM, 2020, Annex 2) rates a facility Low, Significant, High, Very High or Extreme separately
for population at risk, loss of life, environment, health/social/cultural and
infrastructure/economics; the facility takes the highest class.

Population-at-risk bands (GISTM: "none; 1-10; 10-100; 100-1000; > 1000", whose edges overlap)
are data in the parameter set (``gistm.par_bins``). provisional-1 gives each shared edge to the
lower class: 0 -> Low, 1-10 -> Significant, 11-100 -> High, 101-1000 -> Very High,
> 1000 -> Extreme. This is a platform reading of the overlapping bands, to be checked against
the official GISTM text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from tailsafe.methodology.params import GISTM_CLASSES, as_number, bin_lookup, resolve

CLASSES: Final[tuple[str, ...]] = GISTM_CLASSES
"""Consequence classes, lowest first: Low, Significant, High, Very High, Extreme."""

DIMENSIONS: Final[tuple[str, ...]] = (
    "population_at_risk",
    "loss_of_life",
    "environment",
    "health_social_cultural",
    "infrastructure_economics",
)
"""The five GISTM rating dimensions, in display order."""

SOURCE: Final = "Global Industry Standard on Tailings Management (GISTM, 2020), Annex 2"


def class_rank(name: str) -> int:
    """Position of a class in :data:`CLASSES` (Low = 0 ... Extreme = 4)."""
    return CLASSES.index(normalize_class(name))


def normalize_class(value: object) -> str:
    """Return the canonical class name for ``value``; ``ValueError`` if it is not a class.

    Case and ``_``/``-``/space are ignored ("very_high" -> "Very High").
    """
    if isinstance(value, str):
        folded = " ".join(value.replace("_", " ").replace("-", " ").split()).lower()
        for name in CLASSES:
            if name.lower() == folded:
                return name
    allowed = ", ".join(repr(c) for c in CLASSES)
    raise ValueError(f"unknown GISTM consequence class {value!r}; allowed: {allowed}")


def classify_par(
    population_at_risk: int | None, params: Mapping[str, Any] | None = None
) -> str | None:
    """GISTM class from the population at risk (bands in the module docstring).

    ``None`` (unknown) gives ``None``; a negative or non-numeric count raises ``ValueError``.
    """
    if population_at_risk is None:
        return None
    par = as_number(population_at_risk, "population at risk", minimum=0.0)
    ps = resolve(params)
    return str(bin_lookup(ps["gistm"]["par_bins"], par)["class"])


@dataclass(frozen=True)
class ConsequenceResult:
    """GISTM consequence classification of one facility.

    ``overall`` is the highest class among the known ratings (``None`` if none is known);
    ``ratings`` holds the canonical class (or ``None``) for every dimension; ``missing`` lists
    the unrated dimensions; ``governing`` the dimensions rated at the overall class. While
    ratings are missing the overall class is a lower bound (``complete`` is False).
    """

    overall: str | None
    ratings: dict[str, str | None]
    missing: list[str]
    governing: list[str] = field(default_factory=list)
    complete: bool = False
    source: str = SOURCE


def consequence_class(ratings: Mapping[str, str | None]) -> ConsequenceResult:
    """Overall GISTM consequence class: the highest of the known dimension ratings.

    ``ratings`` maps dimensions of :data:`DIMENSIONS` to a class name or ``None``; an absent
    dimension counts as ``None`` (missing). An unknown dimension or class raises ``ValueError``.
    """
    unknown = sorted(set(ratings) - set(DIMENSIONS))
    if unknown:
        raise ValueError(f"unknown GISTM dimension(s) {unknown}; allowed: {list(DIMENSIONS)}")
    canonical: dict[str, str | None] = {}
    for dim in DIMENSIONS:
        raw = ratings.get(dim)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            canonical[dim] = None
        else:
            try:
                canonical[dim] = normalize_class(raw)
            except ValueError as exc:
                raise ValueError(f"{dim}: {exc}") from None
    missing = [d for d in DIMENSIONS if canonical[d] is None]
    known = {d: c for d, c in canonical.items() if c is not None}
    if not known:
        return ConsequenceResult(overall=None, ratings=canonical, missing=missing)
    overall = max(known.values(), key=CLASSES.index)
    return ConsequenceResult(
        overall=overall,
        ratings=canonical,
        missing=missing,
        governing=[d for d, c in known.items() if c == overall],
        complete=not missing,
    )
