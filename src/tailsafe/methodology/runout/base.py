"""The run-out rule's shared ground: the shipped failure table, verdict codes, the limits note."""

from __future__ import annotations

from typing import Final

FAILURES_CSV: Final = "tailings_failures.csv"
"""The shipped failure table (``tailsafe/methodology/data/``), see its README.md."""

RUNOUT_EQUATION: Final = "log10(D_km) = a + b * log10(VF_Mm3)"
PREDICTION_LEVEL: Final = 0.90
TARGETS: Final[tuple[str, ...]] = ("river", "settlement", "border")
"""The places a verdict is given for (runout.md, Step 3)."""

VERDICTS: Final[dict[str, str]] = {
    "within_central": "within the central estimate",
    "within_band": "within the 90% band",
    "beyond_band": "beyond the band",
    "unknown": "distance unknown",
}
"""Verdict codes and their English labels (runout.md, Step 3)."""

LIMITS_NOTE: Final = (
    "Screening aid, not a dam-break study: the failure table mixes the extent of the solid "
    "deposit with the distance a contaminant plume travelled in a river (Brumadinho 600 km, "
    "Fundão 668 km), so the band is wide."
)

_M3_PER_MM3: Final = 1e6
