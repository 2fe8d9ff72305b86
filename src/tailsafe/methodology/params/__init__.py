"""Parameter sets: loading and validating the data behind every score. Pure: no Django import.

methodology.md ("What is known and what is not"): every table of points, bins, weights and bands
is *data, not code*, kept in a versioned parameter set (YAML or JSON) that an admin can replace,
and every computed result records the name of the set it used. The platform ships the
``provisional-1`` set (``parameter_sets/provisional-1.yaml``), written from methodology.md and
runout.md, until an official set (e.g. ``unece-2020``) is loaded.

:func:`load_parameter_set` checks a set and returns a normalised copy (every point, bound,
weight and coefficient as ``float``); any problem raises :class:`ParameterSetError` listing *all*
problems found. :func:`default_parameter_set` returns (a copy of) the shipped set.

Shape of a set (see the shipped YAML for a commented example)::

    name, version, provisional (bool), description
    thi.terms.{toxicity, management, flood, seismic, dam}.points   category -> points
    thi.terms.toxicity.radioactive_default, .flagged, optional .gost_12_1_007 (I-IV -> category)
    thi.capacity.density_t_m3 {min, max}  optional: provisional dry-density range (t/m3)
    thi.terms.seismic.msk64_bins, .pga_g_bins                       bins -> class
    tri.terms.{e_pop, e_water, e_trans}.bins                         bins -> points
    tri.terms.e_water.dam_across_watercourse, tri.terms.e_eco.points {absent, present}
    checklist.answers {compliant, partly, not}, .credibility {verified, stated, none},
    checklist.weights.default (+ by_category), checklist.bands       bins -> band
    gistm.par_bins                                                    bins -> GISTM class
    runout.released_volume_models.<key>: unit (m3|Mm3), coef or log10_coef, exp_volume,
        optional exp_height, citation

Conventions: a ``points`` mapping lists categories from least to most hazardous and its points
never decrease along that order (so "worse input, never lower score" holds for any valid set);
points are finite and >= 0. A ``bins`` list is checked in order and the first matching bin wins;
each bin but the last has exactly one bound (``lt``: x < bound, ``le``: x <= bound, ``ge``:
x >= bound, ``gt``: x > bound), all bounds point the same way and are monotone, and the last bin
has no bound (it catches the rest).
"""

from __future__ import annotations

from tailsafe.methodology.params.base import (
    BIN_OPERATORS,
    CHECKLIST_ANSWERS,
    CHECKLIST_CREDIBILITY,
    DEFAULT_PARAMETER_SET,
    GISTM_CLASSES,
    GOST_CLASSES,
    GOST_KEY,
    THI_TERMS,
    TRI_TERMS,
    ParameterSet,
    ParameterSetError,
)
from tailsafe.methodology.params.helpers import (
    as_number,
    as_optional_bool,
    bin_lookup,
)
from tailsafe.methodology.params.loading import (
    default_parameter_set,
    load_parameter_set,
    resolve,
)

__all__ = [
    "BIN_OPERATORS",
    "CHECKLIST_ANSWERS",
    "CHECKLIST_CREDIBILITY",
    "DEFAULT_PARAMETER_SET",
    "GISTM_CLASSES",
    "GOST_CLASSES",
    "GOST_KEY",
    "THI_TERMS",
    "TRI_TERMS",
    "ParameterSet",
    "ParameterSetError",
    "as_number",
    "as_optional_bool",
    "bin_lookup",
    "default_parameter_set",
    "load_parameter_set",
    "resolve",
]
