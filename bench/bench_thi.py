"""Benchmark: THI and TRI for 30,000 generated facilities (issue 4; target < 1 s).

`run()` generates the input mappings in memory (deterministic random), times compute_thi and
compute_tri over all of them, and times a plain loop that only reads the same rows, so the
figure can be judged against the cost of touching the data at all.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from tailsafe.methodology.thi import compute_thi, compute_tri

N = 30_000
CHOICES: dict[str, tuple[Any, ...]] = {
    "wgk": ("nwg", "1", "2", "3", "awg", None),
    "management": ("adequate", "deficient", "abandoned", None),
    "flood": ("outside", "prone", "valley_bottom", None),
    "seismic": ("low", "moderate", "high", None),
    "dam": ("none", "minor", "serious", None),
    "radioactive": (True, False, None),
    "protected_area_downstream": (True, False, None),
    "dam_across_watercourse": (True, False, None),
}


def generate(n: int = N, seed: int = 2026) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        row: dict[str, Any] = {k: rng.choice(v) for k, v in CHOICES.items()}
        row["volume_m3"] = 10 ** rng.uniform(3, 8)
        row["population_downstream"] = rng.choice((None, 0, rng.randint(1, 50_000)))
        row["distance_to_river_km"] = rng.choice((None, rng.uniform(0, 30)))
        row["distance_to_border_km"] = rng.choice((None, rng.uniform(0, 200)))
        rows.append(row)
    return rows


def run(n: int = N) -> dict[str, Any]:
    rows = generate(n)
    compute_tri(rows[0])  # load and validate the parameter set once, outside the timing
    start = time.perf_counter()
    total = 0.0
    for row in rows:
        total += compute_thi(row).maximum + compute_tri(row).maximum
    elapsed = time.perf_counter() - start
    start = time.perf_counter()
    touched = 0
    for row in rows:
        for value in row.values():
            if value is not None:
                touched += 1
    plain = time.perf_counter() - start
    return {
        "facilities": n,
        "thi_tri_30000_s": round(elapsed, 4),
        "plain_read_s": round(plain, 4),
        "ratio": round(elapsed / plain, 1) if plain else None,
        "target_s": 1.0,
        "within_target": elapsed < 1.0,
        "checksum": round(total, 3),
        "values_read": touched,
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
