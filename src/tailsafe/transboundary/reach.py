"""Does a failure or spill at a facility reach a state border? (pure rule, no Django)

A facility's downstream reaches a border when the run-out screen puts the border within its
central estimate or its 90% band (runout.md, Step 3), or when the recorded distance to the
border is at most BORDER_SCREEN_KM. That distance is a provisional screening choice of this
platform (rivers carry a spill tens of kilometres within hours), not a treaty figure.
"""

from __future__ import annotations

BORDER_SCREEN_KM = 50.0
"""Provisional: a facility this close to a border is treated as transboundary."""

REACHING_VERDICTS = ("within_central", "within_band")


def reaches_border(
    distance_km: float | None, verdict: str | None, limit_km: float = BORDER_SCREEN_KM
) -> tuple[bool, str]:
    """(reaches, basis) with basis "runout", "distance" or "" (does not reach / unknown)."""
    if verdict in REACHING_VERDICTS:
        return True, "runout"
    if distance_km is not None and distance_km <= limit_km:
        return True, "distance"
    return False, ""


def rule_matches(rule: dict[str, str], basin: str, river: str, downstream_countries: str) -> bool:
    """A routing rule (basin, river, downstream_country; empty = any) matches a facility."""
    if rule.get("basin") and rule["basin"] != basin:
        return False
    if rule.get("river") and rule["river"].strip().lower() not in river.lower():
        return False
    country = rule.get("downstream_country", "").strip().lower()
    return not country or country in downstream_countries.lower()
