"""Distance from a point to the state border of Tajikistan, from the shipped map geometry.

Pure: no Django import. The border is the outline of the ``kind="border"`` feature of
``static/facilities/map/tajikistan.geojson`` (Natural Earth 1:10m, built by
tools/build_map_data.py). The distance to each border segment is found in a local
equirectangular projection around the point (good to well under 1 % at the scale of a
country), and the distance to the nearest point so found is then measured on the sphere with
the haversine formula (R = 6371.0088 km, the mean Earth radius).

The stored point of a facility is uncertain (``coord_uncertainty_km``: the facility may lie
that far from it), so the distance is a range: ``max(0, d - u)`` to ``d + u``. The country
across the border is the neighbour whose outline is nearest to the point.

This is a straight line, not the distance along the valley a run-out would travel; the
straight line is never longer, so it is the cautious figure for a screen.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import pairwise
from typing import Any, Final

EARTH_RADIUS_KM: Final = 6371.0088
GEOMETRY_FILE: Final = "tajikistan.geojson"
GEOMETRY_SOURCE: Final = "Natural Earth 1:10m admin-0 (v5.1.1), tajikistan.geojson"
METHOD: Final = "haversine to the nearest segment of the border line"

Point = tuple[float, float]  # (lon, lat) as in GeoJSON
Line = Sequence[Point]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def nearest_on_lines(lat: float, lon: float, lines: Iterable[Line]) -> tuple[float, Point | None]:
    """(distance km, nearest point (lon, lat)) from a point to a set of polylines."""
    kx = math.cos(math.radians(lat))
    best = math.inf
    best_point: Point | None = None
    for line in lines:
        for (x1, y1), (x2, y2) in pairwise(line):
            # planar coordinates in degrees of latitude, centred on the point
            ax, ay = (x1 - lon) * kx, y1 - lat
            bx, by = (x2 - lon) * kx, y2 - lat
            dx, dy = bx - ax, by - ay
            seg = dx * dx + dy * dy
            t = 0.0 if seg == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / seg))
            px, py = ax + t * dx, ay + t * dy
            d2 = px * px + py * py
            if d2 < best:
                best = d2
                best_point = (lon + px / kx, lat + py)
    if best_point is None:
        return math.inf, None
    return haversine_km(lat, lon, best_point[1], best_point[0]), best_point


def _rings(geometry: dict[str, Any]) -> list[list[Point]]:
    kind, coords = geometry["type"], geometry["coordinates"]
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    return [[(float(x), float(y)) for x, y, *_z in ring] for poly in polygons for ring in poly]


@dataclass(frozen=True)
class BorderGeometry:
    """The border outline and each neighbour's outline (ISO code -> rings)."""

    border: list[list[Point]]
    neighbours: dict[str, list[list[Point]]]
    names: dict[str, tuple[str, ...]]
    """ISO code -> the neighbour's names (en, ru, tg) as the geometry file gives them."""


def parse_geometry(data: dict[str, Any]) -> BorderGeometry:
    border: list[list[Point]] = []
    neighbours: dict[str, list[list[Point]]] = {}
    names: dict[str, tuple[str, ...]] = {}
    for feature in data.get("features", []):
        props = feature.get("properties") or {}
        if props.get("kind") == "border":
            border += _rings(feature["geometry"])
        elif props.get("kind") == "neighbour" and props.get("iso"):
            iso = str(props["iso"])
            neighbours.setdefault(iso, []).extend(_rings(feature["geometry"]))
            names[iso] = tuple(
                str(props[k]) for k in ("name_en", "name_ru", "name_tg") if props.get(k)
            )
    if not border:
        raise ValueError("the map geometry has no border feature")
    return BorderGeometry(border=border, neighbours=neighbours, names=names)


def country_in(text: str, geometry: BorderGeometry | None = None) -> str | None:
    """ISO code of the first neighbour named in ``text`` ("Uzbekistan, then Kazakhstan" ->
    "UZ"), or None when no neighbour of the geometry is named."""
    geo = shipped_geometry() if geometry is None else geometry
    lowered = text.lower()
    found = [
        (lowered.find(name.lower()), iso)
        for iso, names in geo.names.items()
        for name in names
        if name and name.lower() in lowered
    ]
    return min(found)[1] if found else None


@functools.cache
def shipped_features() -> dict[str, Any]:
    """The shipped map data (GeoJSON FeatureCollection), read once."""
    text = (
        resources.files("tailsafe.facilities")
        .joinpath("static", "facilities", "map", GEOMETRY_FILE)
        .read_text(encoding="utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    return data


@functools.cache
def shipped_geometry() -> BorderGeometry:
    """The border geometry shipped with the facilities app (read once)."""
    return parse_geometry(shipped_features())


@dataclass(frozen=True)
class BorderDistance:
    """Straight-line distance to the state border: ``km`` from the stored point, ``min_km`` and
    ``max_km`` with the location uncertainty ``uncertainty_km`` (None: not known, then the
    range is the point value), ``country`` the ISO code of the neighbour across it."""

    km: float
    min_km: float
    max_km: float
    uncertainty_km: float | None
    country: str | None
    nearest: Point | None
    method: str = METHOD
    source: str = GEOMETRY_SOURCE


def border_distance(
    lat: float,
    lon: float,
    uncertainty_km: float | None = None,
    geometry: BorderGeometry | None = None,
    country: str | None = None,
) -> BorderDistance:
    """Distance (km) from (lat, lon) to the nearest border segment, as a min-max range.

    With ``country`` (an ISO code of a neighbour, e.g. the downstream country), the distance to
    the border with that country: to the nearest point of its outline.
    """
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise ValueError(f"not a position: latitude {lat}, longitude {lon}")
    if uncertainty_km is not None and uncertainty_km < 0:
        raise ValueError(f"location uncertainty must be >= 0 km, got {uncertainty_km}")
    geo = shipped_geometry() if geometry is None else geometry
    if country is not None:
        if country not in geo.neighbours:
            raise ValueError(f"no neighbour {country!r} in the map geometry")
        km, nearest = nearest_on_lines(lat, lon, geo.neighbours[country])
    else:
        km, nearest = nearest_on_lines(lat, lon, geo.border)
    if country is None and nearest is not None and geo.neighbours:
        # the neighbour whose outline passes nearest the border point found
        country = min(
            geo.neighbours,
            key=lambda iso: nearest_on_lines(nearest[1], nearest[0], geo.neighbours[iso])[0],
        )
    u = uncertainty_km or 0.0
    return BorderDistance(
        km=km,
        min_km=max(0.0, km - u),
        max_km=km + u,
        uncertainty_km=uncertainty_km,
        country=country,
        nearest=nearest,
    )
