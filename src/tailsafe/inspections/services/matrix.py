"""The priority matrix: hazard tertile by safety band."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from tailsafe.inspections.models import (
    Assessment,
)
from tailsafe.inspections.services.assessments import score
from tailsafe.inspections.services.base import BANDS
from tailsafe.methodology import ranking

# --- priority matrix --------------------------------------------------------------------------


def safety_levels(facility_ids: Iterable[int]) -> dict[int, tuple[Any, Assessment]]:
    """Facility id -> (checklist result, assessment) of its current safety level: the latest
    submitted authority assessment, else the latest submitted self-assessment (operator's
    word). Facilities without a submitted assessment are absent. A fixed number of queries
    for any number of facilities."""
    chosen: dict[int, Assessment] = {}
    submitted = (
        Assessment.objects.filter(
            facility_id__in=list(facility_ids), status=Assessment.Status.SUBMITTED
        )
        .select_related("parameter_set")
        .prefetch_related("answers__question")
        .order_by("facility_id", "-version")
    )
    for a in submitted:
        current = chosen.get(a.facility_id)
        # authority beats self; within a kind the newest version wins (ordered above)
        if current is None or (
            a.kind == Assessment.Kind.AUTHORITY and current.kind != Assessment.Kind.AUTHORITY
        ):
            chosen[a.facility_id] = a
    return {fid: (score(a, a.answers.all()), a) for fid, a in chosen.items()}


def safety_level(facility: Any) -> tuple[Any, Assessment | None]:
    """The current safety level of one facility (see safety_levels)."""
    return safety_levels([facility.pk]).get(facility.pk, (None, None))


def priority_matrix(facilities: QuerySet[Any]) -> dict[str, Any]:
    """Rows THI-max tertile (1 = top third), columns safety-level band; priority 1 = top tertile
    and red. A platform convention (methodology.md, Priority matrix), not a UNECE table."""
    _ranking, ranked = ranking.ranked_rows(facilities)
    levels = safety_levels(row["facility"].pk for row in ranked)
    cells: dict[tuple[int | None, str | None], list[dict[str, Any]]] = {}
    for row in ranked:
        result, a = levels.get(row["facility"].pk, (None, None))
        band = result.band if result else None
        entry = {**row, "result": result, "checklist": a, "band": band}
        cells.setdefault((row["tertile"], band), []).append(entry)
    columns: list[str | None] = [*BANDS, None]
    grid = []
    for t in (1, 2, 3, None):
        grid.append(
            {
                "tertile": t,
                "cells": [
                    {
                        "band": b,
                        "facilities": cells.get((t, b), []),
                        "priority": _priority(t, b),
                    }
                    for b in columns
                ],
            }
        )
    return {"grid": grid, "columns": columns}


def _priority(tertile: int | None, band: str | None) -> int | None:
    """1 (top third and red) ... 9 (bottom third and green); None when either is unknown."""
    if tertile is None or band is None:
        return None
    return (tertile - 1) * 3 + BANDS.index(band) + 1


def matrix_cell(facility: Any, facilities: QuerySet[Any]) -> tuple[int | None, str | None]:
    """(tertile, band) of one facility in the matrix of `facilities` (for tests and pages)."""
    for row in priority_matrix(facilities)["grid"]:
        for cell in row["cells"]:
            if any(e["facility"].pk == facility.pk for e in cell["facilities"]):
                return row["tertile"], cell["band"]
    return None, None
