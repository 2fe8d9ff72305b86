"""A small map of one facility for its sheet (issue 17, item 7), as inline SVG.

Pure: no Django import. Drawn from the shipped map data (borders.shipped_features: the border
of Tajikistan, the neighbours, the named rivers) and the settlements the project ships: the
facility's point, its location uncertainty as a circle, the nearest border point found by
borders.py, a scale bar. A local equirectangular projection around the facility (km).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any

from tailsafe.facilities.borders import EARTH_RADIUS_KM, shipped_features

KM_PER_DEG = EARTH_RADIUS_KM * math.pi / 180.0


def _lines(geometry: Mapping[str, Any]) -> list[list[tuple[float, float]]]:
    kind, coords = geometry["type"], geometry["coordinates"]
    if kind == "LineString":
        return [coords]
    if kind == "MultiLineString":
        return list(coords)
    if kind == "Polygon":
        return list(coords)
    if kind == "MultiPolygon":
        return [ring for poly in coords for ring in poly]
    return []


def sheet_map(
    lat: float,
    lon: float,
    *,
    uncertainty_km: float | None = None,
    border_point: tuple[float, float] | None = None,
    settlements: Iterable[tuple[str, float, float]] = (),
    features: Mapping[str, Any] | None = None,
    half_km: float = 40.0,
    width: int = 360,
    height: int = 270,
    labels: Mapping[str, str] | None = None,
    language: str = "en",
) -> str:
    """SVG markup of the map around (lat, lon). ``border_point`` is (lon, lat) of the nearest
    border point (drawn with a dashed line to the facility); ``settlements`` (name, lat, lon)
    within the window are drawn and labelled (at most 8, nearest first); ``labels`` gives the
    legend texts ("facility", "border", "river") in the reader's language; named rivers are
    labelled in ``language`` (ru, tg, en) at their point nearest the centre."""
    data = shipped_features() if features is None else features
    texts = {"facility": "facility", "border": "border", "river": "river", **(labels or {})}
    kx = math.cos(math.radians(lat))
    if border_point is not None:
        d = math.hypot((border_point[0] - lon) * kx, border_point[1] - lat) * KM_PER_DEG
        half_km = min(max(half_km, d * 1.25), 200.0)
    scale = min(width, height) / (2.0 * half_km)  # px per km

    def xy(px: float, py: float) -> tuple[float, float]:
        return (
            width / 2 + (px - lon) * kx * KM_PER_DEG * scale,
            height / 2 - (py - lat) * KM_PER_DEG * scale,
        )

    def path(points: Sequence[Sequence[float]]) -> str:
        return " ".join(
            f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}"
            for i, (x, y) in enumerate(xy(p[0], p[1]) for p in points)
        )

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" class="minimap">',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#f4f1ea" stroke="#666"/>',
        f'<clipPath id="mm"><rect x="0" y="0" width="{width}" height="{height}"/></clipPath>',
        '<g clip-path="url(#mm)">',
    ]
    river_labels: list[str] = []
    for feature in data.get("features", []):
        props = feature.get("properties") or {}
        kind = props.get("kind")
        for line in _lines(feature["geometry"]):
            if kind == "neighbour":
                parts.append(f'<path d="{path(line)}" fill="#dcdcdc" stroke="none"/>')
            elif kind == "border":
                parts.append(
                    f'<path d="{path(line)}" fill="none" stroke="#b00" stroke-width="1.6"/>'
                )
            elif kind == "river":
                parts.append(
                    f'<path d="{path(line)}" fill="none" stroke="#3a7bd5" stroke-width="1.2"/>'
                )
        name = props.get(f"name_{language}") or props.get("name_en")
        if kind == "river" and name:
            inside = [
                xy(p[0], p[1])
                for line in _lines(feature["geometry"])
                for p in line
                if 10 <= xy(p[0], p[1])[0] <= width - 40 and 10 <= xy(p[0], p[1])[1] <= height - 20
            ]
            if inside:
                rx, ry = min(
                    inside, key=lambda q: (q[0] - width / 2) ** 2 + (q[1] - height / 2) ** 2
                )
                river_labels.append(
                    f'<text x="{rx + 3:.1f}" y="{ry + 9:.1f}" font-size="8" font-style="italic" '
                    f'fill="#1f4f99">{escape(str(name))}</text>'
                )
    parts.extend(river_labels)
    fx, fy = xy(lon, lat)
    if uncertainty_km:
        parts.append(
            f'<circle cx="{fx:.1f}" cy="{fy:.1f}" r="{uncertainty_km * scale:.1f}" '
            'fill="#f0a00033" stroke="#c07000" stroke-dasharray="3,2"/>'
        )
    if border_point is not None:
        bx, by = xy(border_point[0], border_point[1])
        parts.append(
            f'<line x1="{fx:.1f}" y1="{fy:.1f}" x2="{bx:.1f}" y2="{by:.1f}" stroke="#b00" '
            'stroke-dasharray="4,3"/>'
        )
    near = sorted(
        (
            (math.hypot((s_lon - lon) * kx, s_lat - lat) * KM_PER_DEG, name, s_lat, s_lon)
            for name, s_lat, s_lon in settlements
        ),
    )
    for dist, name, s_lat, s_lon in near[:8]:
        if dist > half_km * 1.3:
            break
        sx, sy = xy(s_lon, s_lat)
        parts.append(f'<circle cx="{sx:.1f}" cy="{sy:.1f}" r="2" fill="#333"/>')
        parts.append(
            f'<text x="{sx + 3:.1f}" y="{sy - 2:.1f}" font-size="8" fill="#222">'
            f"{escape(name)}</text>"
        )
    parts.append(
        f'<rect x="{fx - 4:.1f}" y="{fy - 4:.1f}" width="8" height="8" fill="#000" stroke="#fff"/>'
    )
    parts.append("</g>")
    bar_km = 10.0 if half_km <= 60 else 50.0
    bar = bar_km * scale
    parts.append(
        f'<line x1="8" y1="{height - 10}" x2="{8 + bar:.1f}" y2="{height - 10}" '
        'stroke="#000" stroke-width="2"/>'
        f'<text x="8" y="{height - 14}" font-size="8">{bar_km:g} km</text>'
    )
    legend = [
        ("#000", texts["facility"]),
        ("#b00", texts["border"]),
        ("#3a7bd5", texts["river"]),
    ]
    box = 16 + 4.6 * max(len(label) for _c, label in legend)
    parts.append(
        f'<rect x="2" y="2" width="{box:.0f}" height="{8 + 11 * len(legend)}" fill="#fff" '
        'fill-opacity="0.85" stroke="#999" stroke-width="0.5"/>'
    )
    for i, (colour, label) in enumerate(legend):
        y = 13 + i * 11
        parts.append(
            f'<rect x="6" y="{y - 7}" width="8" height="8" fill="{colour}"/>'
            f'<text x="18" y="{y}" font-size="8">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
