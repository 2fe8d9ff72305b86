"""The settlement labels of the facilities map (issue 17, item 5), a pure rule without Django.

``data/settlements.csv`` (GeoNames cities1000, CC BY 4.0, see data/README.md) holds the
settlements of Tajikistan and its neighbours. The map reads them as the static layer
``static/facilities/map/settlements.geojson``, written from the CSV by
``tools/build_settlements_layer.py``; tests/facilities/test_mapdata.py checks that the two agree.
A label is the file's ``name_<language>`` where the file has one, else its single ``name``:
no name is made up.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CSV = HERE / "data" / "settlements.csv"
LAYER = HERE / "static" / "facilities" / "map" / "settlements.geojson"
HOME_COUNTRY = "TJ"
"""Settlements of Tajikistan come first, so they keep their label when labels collide."""
CENTRES = frozenset(
    {
        # Tajikistan: the capital and the centres of its regions (2016 GeoNames spellings)
        "Dushanbe", "Khujand", "Qurghonteppa", "Kulob", "Khorugh",
        # the neighbours' capitals and regional centres near the border
        "Tashkent", "Samarqand", "Fergana", "Andijon", "Namangan", "Jizzax", "Guliston",
        "Qarshi", "Tirmiz", "Osh", "Batken", "Jalal-Abad", "Kunduz", "Taloqan",
        "Mazar-e Sharif", "Turkmenabat",
    }
)  # fmt: skip
"""Labelled before every other settlement (a label the map can always show)."""


def read_rows(path: Path = CSV) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def feature_collection(rows: list[dict[str, str]]) -> dict[str, Any]:
    """RFC 7946 FeatureCollection ([longitude, latitude]) of the settlements in the order their
    labels are placed: the centres, then Tajik settlements, then the neighbours'; properties:
    every ``name``/``name_<language>`` column the file has, country, centre, source."""
    ordered = sorted(
        rows,
        key=lambda r: (
            r["name"] not in CENTRES,
            r["country"] != HOME_COUNTRY,
            r["country"],
            r["name"],
        ),
    )
    features = []
    for r in ordered:
        names = {k: v for k, v in r.items() if (k == "name" or k.startswith("name_")) and v}
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(float(r["lon"]), 5), round(float(r["lat"]), 5)],
                },
                "properties": {
                    **names,
                    "country": r["country"],
                    "centre": r["name"] in CENTRES,
                    "source": r["source"],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def layer_text(rows: list[dict[str, str]]) -> str:
    """The static layer's exact text (one feature per line: small diffs when the CSV changes)."""
    collection = feature_collection(rows)
    lines = [json.dumps(f, ensure_ascii=False, sort_keys=True) for f in collection["features"]]
    return '{"type": "FeatureCollection", "features": [\n' + ",\n".join(lines) + "\n]}\n"
