"""What a facility's stored values give, computed on read: the THI/TRI inputs and the distance to
the border (facilities/models.py holds the stored fields and their invariants)."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import TYPE_CHECKING

from tailsafe.facilities import borders

if TYPE_CHECKING:
    from tailsafe.facilities.models import Facility


@functools.lru_cache(maxsize=4096)
def _border_distance(
    lat: float, lon: float, uncertainty: float | None, country: str | None
) -> borders.BorderDistance:
    return borders.border_distance(lat, lon, uncertainty, country=country)


def thi_inputs(facility: Facility) -> dict[str, object]:
    """The THI/TRI inputs (tailsafe.methodology.thi), None for every unknown value."""

    def num(value: Decimal | int | None) -> float | None:
        return None if value is None else float(value)

    return {
        "volume_m3": num(facility.volume_m3),
        "wgk": facility.wgk or None,
        "gost_class": facility.gost_class or None,
        "radioactive": facility.radioactive,
        "management": facility.management or None,
        "flood": facility.flood or None,
        "seismic": facility.seismic or None,
        "dam": facility.dam_condition or None,
        "population_downstream": facility.population_downstream,
        "distance_to_river_km": num(facility.distance_to_river_km),
        "dam_across_watercourse": facility.dam_across_watercourse,
        "protected_area_downstream": facility.protected_area_downstream,
        "distance_to_border_km": num(facility.distance_to_border_km),
    }


def border_distance(facility: Facility) -> borders.BorderDistance | None:
    """Straight-line distance to the border of the downstream country (the first one named
    in ``downstream_countries``), else to the nearest border, with the location
    uncertainty as a range; None without coordinates (issue 17, item 6)."""
    if facility.latitude is None or facility.longitude is None:
        return None
    uncertainty = (
        None if facility.coord_uncertainty_km is None else float(facility.coord_uncertainty_km)
    )
    country = borders.country_in(facility.downstream_countries or "")
    return _border_distance(
        float(facility.latitude), float(facility.longitude), uncertainty, country
    )
