"""The run-out screen of one facility as the facility page and the facility sheet show it
(runout.md, issue 17 item 6): the verdicts in the reader's language, the distance to the border
(straight line from the coordinates with its range, or along the valley when a source gives
it), the probability that the run-out goes farther, and the fit used with its version and n."""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from tailsafe.methodology import runout, runout_labels
from tailsafe.methodology import services as methodology

TARGET_LABELS = {
    "river": _("nearest river"),
    "settlement": _("nearest settlement"),
    "border": _("state border"),
}

BASIS_LABELS = {
    "valley_source": _("along the valley, as a source gives it"),
    "straight_line": _("straight line from the coordinates (Natural Earth border)"),
    "unknown": _("unknown: no coordinates"),
}


def percent(p: float | None) -> str:
    """A probability as a percentage in the reader's number format ("" when unknown)."""
    if p is None:
        return ""
    value = p * 100.0
    if 0.0 < value < 0.1:
        return "< " + number_format(0.1, 1) + " %"
    if 99.9 < value < 100.0:
        return "> " + number_format(99.9, 1) + " %"
    return number_format(value, 1 if value < 10 or value > 90 else 0) + " %"


def runout_context(facility: Any, params: Any) -> dict[str, Any]:
    """Everything the run-out block of a page needs; ``screen`` None when the volume is unknown
    (or an input is out of range)."""
    try:
        screen = methodology.runout_screen(facility, params)
    except ValueError:
        screen = None
    fit = screen.fit if screen else methodology.current_runout_fit()
    border_km, border_range, basis = methodology.border_distance_used(facility)
    computed = facility.border_distance()
    verdicts = []
    if screen is not None:
        for target in runout.TARGETS:
            row: dict[str, Any] = {
                "target": target,
                "label": TARGET_LABELS[target],
                "distance": screen.distances_km[target],
                "verdict": screen.verdicts[target],
                "verdict_label": runout_labels.verdict_label(screen.verdicts[target]),
                "probability": percent(screen.exceedance.get(target)),
                "range": None,
                "probability_range": None,
            }
            if target == "border":
                row["range"] = screen.border_range_km
                if screen.border_exceedance_range is not None:
                    low, high = screen.border_exceedance_range
                    row["probability_range"] = (percent(low), percent(high))
                row["basis"] = BASIS_LABELS[basis]
            verdicts.append(row)
    reference = runout.default_fit()
    return {
        "screen": screen,
        "verdicts": verdicts,
        "fit": fit,
        "reference_fit": reference if fit.version != reference.version else None,
        "border": {
            "km": border_km,
            "range": border_range,
            "basis": basis,
            "basis_label": BASIS_LABELS[basis],
            "computed": computed,
        },
        "runout_note": runout_labels.limits_note(),
    }
