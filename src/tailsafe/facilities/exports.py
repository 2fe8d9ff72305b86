"""The inventory as it is exported (CSV, GeoJSON, the API's internal export): one record per
facility, shared by the pages and the API (issue 13: presenters and exports)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

EXPORT_FIELDS = (
    "code",
    "name_en",
    "name_ru",
    "name_tg",
    "status",
    "confirmation",
    "commodity",
    "region",
    "district",
    "nearest_settlement",
    "latitude",
    "longitude",
    "location_basis",
    "coord_uncertainty_km",
    "volume_m3",
    "volume_basis",
    "mass_t",
    "dam_height_m",
    "wgk",
    "radioactive",
    "management",
    "flood",
    "seismic",
    "dam_condition",
    "river",
    "basin",
    "downstream_countries",
    "distance_to_river_km",
    "distance_to_settlement_km",
    "distance_to_border_km",
    "population_downstream",
)


def plain(value: Any) -> Any:
    """A value as a CSV cell or a JSON property: numbers as numbers, unknown as empty."""
    if isinstance(value, Decimal):
        return float(value)
    return "" if value is None else value


def export_record(row: dict[str, Any]) -> dict[str, Any]:
    """One ranked row (methodology.ranking) as the internal CSV and GeoJSON exports and the
    API's internal export show it."""
    f, a = row["facility"], row["assessment"]
    record = {name: plain(getattr(f, name)) for name in EXPORT_FIELDS}
    record.update(
        {
            "rank": row["rank"] or "",
            "tertile": row["tertile"] or "",
            "thi": plain(a.thi) if a else "",
            "thi_min": plain(a.thi_min) if a else "",
            "thi_max": plain(a.thi_max) if a else "",
            "tri": plain(a.tri) if a else "",
            "tri_min": plain(a.tri_min) if a else "",
            "tri_max": plain(a.tri_max) if a else "",
            "missing_terms": " ".join(a.missing) if a else "",
            "parameter_set": a.parameter_set.name if a else "",
            "provisional": row["provisional"] if a else "",
            "thi_estimate": row["estimate"] if a else "",
            "volume_basis": a.volume_basis if a else "",
            "unranked_reason": row["unranked_reason"] or "",
        }
    )
    return record
