#!/usr/bin/env python3
"""Write the map's settlement layer from the settlements CSV (dev time; commit the output):
src/tailsafe/facilities/data/settlements.csv -> static/facilities/map/settlements.geojson.
Run from the repository root: PYTHONPATH=src .venv/bin/python tools/build_settlements_layer.py
"""

from __future__ import annotations

from tailsafe.facilities import settlements

if __name__ == "__main__":
    settlements.LAYER.write_text(settlements.layer_text(settlements.read_rows()), encoding="utf-8")
    print(f"wrote {settlements.LAYER}")
