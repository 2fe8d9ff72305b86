"""Intervals instead of blanks: a stored volume that is a range, and THI/TRI with their minimum
and maximum over every source of uncertainty. Pure: no Django import.

methodology.md (THI rules):

* A stored volume from a source is one number. A mass with a *declared* density converts to one
  number too. A mass with no declared density converts with the parameter set's provisional
  dry-density range (``thi.capacity.density_t_m3``, provisional-1: 1.3-1.8 t/m3) to a volume
  range: ``mass / max`` to ``mass / min`` (flag ``volume_from_density_range``).
* A facility with neither volume nor mass may get a labelled *estimate*: throughput (t/year) x
  years of operation, both from sources, converted in the same way (flag
  ``volume_estimate_throughput``): shown as "estimate from throughput", never as measured.
* THI and TRI are increasing in the volume (``log10(V)``), so their minimum is the minimum over
  unknown terms at the smallest volume and their maximum the maximum at the largest. A single
  value is reported only when the volume is one number, not an estimate, and no term is missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from tailsafe.methodology.params import as_number, resolve
from tailsafe.methodology.thi import TRIResult, compute_tri

FLAG_DENSITY_RANGE: Final = "volume_from_density_range"
FLAG_ESTIMATE: Final = "volume_estimate_throughput"

BASIS_VOLUME: Final = "volume"
BASIS_MASS_DECLARED: Final = "mass_declared_density"
BASIS_MASS_RANGE: Final = "mass_density_range"
BASIS_THROUGHPUT: Final = "throughput_estimate"


@dataclass(frozen=True)
class VolumeRange:
    """The stored volume (m3) as a range, with how it was obtained (``BASIS_*``)."""

    minimum: float
    maximum: float
    basis: str
    estimate: bool = False
    mass_t: float | None = None
    density_t_m3: tuple[float, float] | None = None

    @property
    def exact(self) -> bool:
        return self.minimum == self.maximum and not self.estimate

    @property
    def flags(self) -> list[str]:
        found = []
        density = self.density_t_m3
        if density is not None and density[0] != density[1]:
            found.append(FLAG_DENSITY_RANGE)
        if self.estimate:
            found.append(FLAG_ESTIMATE)
        return found

    def as_dict(self) -> dict[str, Any]:
        return {
            "min": self.minimum,
            "max": self.maximum,
            "basis": self.basis,
            "estimate": self.estimate,
            "mass_t": self.mass_t,
            "density_t_m3": list(self.density_t_m3) if self.density_t_m3 else None,
        }


def density_range(params: Mapping[str, Any] | None = None) -> tuple[float, float] | None:
    """The set's provisional dry-density range (t/m3), or None when the set gives none."""
    spec = resolve(params)["thi"].get("capacity", {}).get("density_t_m3")
    if not spec:
        return None
    return float(spec["min"]), float(spec["max"])


def _given(value: object) -> bool:
    return value is not None and value != ""


def _positive(value: object, what: str) -> float:
    return as_number(value, what, minimum=0.0, strict=True)


def volume_range(
    *,
    volume_m3: object = None,
    mass_t: object = None,
    density_t_m3: object = None,
    throughput_t_per_year: object = None,
    operating_years: object = None,
    params: Mapping[str, Any] | None = None,
) -> VolumeRange:
    """The stored volume as a range (module docstring), from the best input available.

    Order: a stored volume; else a mass (declared density, else the set's density range); else
    throughput x years of operation (an estimate). Nothing usable raises ``ValueError``
    ("tailings volume required ..."): never a zero.
    """
    if _given(volume_m3):
        try:
            volume = _positive(volume_m3, "volume_m3")
        except ValueError as exc:
            raise ValueError(f"tailings volume required: {exc}") from None
        return VolumeRange(volume, volume, BASIS_VOLUME)
    estimate = False
    if _given(mass_t):
        mass = _positive(mass_t, "tailings mass (t)")
    elif _given(throughput_t_per_year) and _given(operating_years):
        mass = _positive(throughput_t_per_year, "throughput (t/year)") * _positive(
            operating_years, "years of operation"
        )
        estimate = True
    else:
        raise ValueError(
            "tailings volume required: no stored volume, no mass and no throughput with years "
            "of operation"
        )
    if _given(density_t_m3) and not estimate:
        density = _positive(density_t_m3, "density (t/m3)")
        return VolumeRange(
            mass / density, mass / density, BASIS_MASS_DECLARED, False, mass, (density, density)
        )
    densities = density_range(params)
    if densities is None:
        raise ValueError(
            "tailings volume required: a mass is known but the parameter set gives no density "
            "range (thi.capacity.density_t_m3)"
        )
    low, high = densities
    basis = BASIS_THROUGHPUT if estimate else BASIS_MASS_RANGE
    return VolumeRange(mass / high, mass / low, basis, estimate, mass, densities)


@dataclass(frozen=True)
class IndexInterval:
    """THI and TRI with their minimum and maximum over unknown terms, density and estimate.

    ``thi``/``tri`` are single values only when nothing is uncertain (module docstring);
    ``low``/``high`` are the TRI computations at the smallest and largest volume.
    """

    thi: float | None
    thi_min: float
    thi_max: float
    tri: float | None
    tri_min: float
    tri_max: float
    volume: VolumeRange
    low: TRIResult
    high: TRIResult
    missing: list[str]
    parameter_set: str
    provisional: bool
    flags: list[str] = field(default_factory=list)

    @property
    def terms(self) -> dict[str, float | None]:
        return self.low.terms


def compute_interval(
    inputs: Mapping[str, object], volume: VolumeRange, params: Mapping[str, Any] | None = None
) -> IndexInterval:
    """THI and TRI intervals of one facility (module docstring) for its ``volume`` range."""
    ps = resolve(params)
    low = compute_tri({**inputs, "volume_m3": volume.minimum}, ps)
    high = compute_tri({**inputs, "volume_m3": volume.maximum}, ps)
    exact = volume.exact
    return IndexInterval(
        thi=low.thi.value if exact else None,
        thi_min=low.thi.minimum,
        thi_max=high.thi.maximum,
        tri=low.value if exact else None,
        tri_min=low.minimum,
        tri_max=high.maximum,
        volume=volume,
        low=low,
        high=high,
        missing=list(low.missing),
        parameter_set=low.parameter_set,
        provisional=low.provisional or FLAG_DENSITY_RANGE in volume.flags,
        flags=[*low.flags, *volume.flags],
    )
