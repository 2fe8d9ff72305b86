"""The THI/TRI terms as a facility's page and its sheet show them."""

from __future__ import annotations

import math
from typing import Any

from tailsafe.core import versioned
from tailsafe.methodology import ranking
from tailsafe.methodology.thi import TRI_TERM_KEYS

RANKING_VERSION = "facilities.ranking"
"""The version (core.versioned) of the ranking, the ranking page's rows and a facility page's
recorded fields, which are cached as HTML: added to by every save or delete of a facility, a
hazard assessment, a parameter set or an institution (FacilitiesConfig.ready); a recomputation
saves a new assessment."""

RANKING_MODELS = (
    "facilities.Facility",
    "methodology.HazardAssessment",
    "methodology.ParameterSet",
    "governance.Institution",  # a facility's page names its operator
)


def portfolio() -> ranking.Ranking:
    """The one ranking (methodology.ranking.rank) of every facility not archived, as the ranking
    page, a facility's page and its sheet show it: cached until RANKING_VERSION changes, so a
    page that shows one rank does not rank the whole inventory again."""
    from tailsafe.facilities.models import Facility

    return versioned.cached(
        "facilities.portfolio",
        (),
        [RANKING_VERSION],
        lambda: ranking.rank(Facility.objects.filter(archived_at__isnull=True)),
    )


TERM_LABELS = {
    "capacity": "log10(V)",
    "toxicity": "T_tox",
    "management": "T_man",
    "flood": "T_flood",
    "seismic": "T_seis",
    "dam": "T_dam",
    "e_pop": "E_pop",
    "e_water": "E_water",
    "e_eco": "E_eco",
    "e_trans": "E_trans",
}


def term_rows(assessment: Any) -> list[dict[str, Any]]:
    if assessment is None:
        return []
    terms = assessment.terms or {}
    missing = set(assessment.missing or [])
    low, high = assessment.volume_min_m3, assessment.volume_max_m3
    # a volume range (mass with the density range, or an estimate) makes capacity a range too
    capacity_max = math.log10(high) if low and high and high != low else None
    return [
        {
            "key": key,
            "label": TERM_LABELS[key],
            "points": terms.get(key),
            "points_max": capacity_max if key == "capacity" else None,
            "missing": key in missing,
        }
        for key in TRI_TERM_KEYS
    ]
