"""What the facilities map draws (issue 17, item 5): one marker per located facility with the
THI interval, the basis and uncertainty of its location, in the reader's language, and the
basins with no located facility (the settlement labels: settlements.py).
Used by the internal map and the public page alike."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tailsafe.core.vocabulary import commodity_label
from tailsafe.facilities.choices import BASIN_CHOICES
from tailsafe.facilities.models import Facility


def thi_properties(row: dict[str, Any]) -> dict[str, Any]:
    """The one ranking's numbers of one row (methodology.ranking) under the names the map, the
    GeoJSON and the API share: rank, thi_min, thi_max, thi_estimate, provisional.
    Unknown stays None (no assessment, no index)."""
    a = row.get("assessment")

    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 2)

    return {
        "rank": row.get("rank"),
        "thi_min": rounded(a.thi_min) if a is not None else None,
        "thi_max": rounded(a.thi_max) if a is not None else None,
        "thi_estimate": row.get("estimate") if a is not None else None,
        "provisional": row.get("provisional") if a is not None else None,
    }


def _label(facility: Facility, field: str) -> str:
    if not getattr(facility, field):
        return _("unknown")
    return str(getattr(facility, f"get_{field}_display")())


def marker(row: dict[str, Any], url: str) -> dict[str, Any] | None:
    """The map marker of one ranked row, None for a facility without coordinates."""
    f = row["facility"]
    if f.latitude is None or f.longitude is None:
        return None
    uncertainty = f.coord_uncertainty_km
    return {
        "code": f.code,
        "name": f.name,
        "lat": float(f.latitude),
        "lon": float(f.longitude),
        "basin": f.basin,
        "tertile": row["tertile"],
        **thi_properties(row),
        "approximate": f.location_basis != Facility.LocationBasis.SURVEYED,
        "uncertainty_km": None if uncertainty is None else float(uncertainty),
        "basis_label": f.get_location_basis_display(),
        "confidence_label": _label(f, "confidence"),
        "status_label": _label(f, "status"),
        "commodity_label": commodity_label(f.commodity) if f.commodity else _("unknown"),
        "url": url,
    }


def draw_order(markers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Markers in the order they are drawn: unranked first, then from the lowest rank to rank 1,
    so that the highest hazard is drawn last, on top of the others."""
    return sorted(markers, key=lambda m: (m["rank"] is not None, -(m["rank"] or 0), m["code"]))


def markers(rows: list[dict[str, Any]], url_of: Any) -> list[dict[str, Any]]:
    """The markers of ranked rows in draw order; ``url_of(facility)`` gives each link."""
    found = (marker(r, url_of(r["facility"])) for r in rows)
    return draw_order([m for m in found if m])


def empty_basins(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Basins where no listed facility has coordinates, each with the number of its facilities
    listed without a location: the map says so in words instead of showing nothing."""
    result = []
    for key, label in BASIN_CHOICES:
        facilities = [r["facility"] for r in rows if r["facility"].basin == key]
        if any(f.latitude is not None and f.longitude is not None for f in facilities):
            continue
        result.append({"key": key, "label": label, "unlocated": len(facilities)})
    return result


def map_labels() -> dict[str, str]:
    """The words of the map's popups and layer switch in the reader's language (the script has
    no catalogue)."""
    return {
        "facilities": _("Facilities"),
        "settlements": _("Settlements"),
        "layers": _("Map layers"),
        "thi": _("THI interval"),
        "rank": _("rank"),
        "unranked": _("not ranked (volume unknown)"),
        "estimate": _("estimate"),
        "provisional": _("provisional"),
        "status": _("status"),
        "commodity": _("commodity"),
        "basis": _("location basis"),
        "uncertainty": _("location uncertainty (km)"),
        "confidence": _("confidence"),
    }
