"""The facility sheet (issue 17, item 7): one A4 page, PDF, in ru, tg or en, with a small map,
THI/TRI with every term and the interval, the Natech profile, the GISTM class, the run-out
verdict with the fit's version and n, the monitoring status and the sources with their
confidence. Rendered by the reports tool shelf (WeasyPrint) like the meeting papers; the
monitoring block comes from the monitoring area's template tag (monitoring_sheet)."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from tailsafe.facilities.candidates import DATA
from tailsafe.facilities.indexes import portfolio, term_rows
from tailsafe.facilities.inventory import source_kind, split_sources
from tailsafe.facilities.minimap import sheet_map
from tailsafe.facilities.models import Facility
from tailsafe.facilities.screening import runout_context
from tailsafe.methodology import services as methodology
from tailsafe.methodology.thi import THI_EQUATION, TRI_EQUATION
from tailsafe.reports.render import check_language, render_pdf

if TYPE_CHECKING:
    from tailsafe.core.models import User

LANGUAGES = ("ru", "tg", "en")
SOURCES_SHOWN = 6
NATECH_FIELDS = (
    "seismic_msk64",
    "seismic_pga_g",
    "seismic",
    "flood",
    "flash_flood",
    "mudflow",
    "landslide",
    "dam_across_watercourse",
)
CONFIDENCE_FIELDS = ("latitude", "volume_m3", "mass_t", "dam_height_m", "status")


def _settlements() -> list[tuple[str, float, float]]:
    with open(DATA / "settlements.csv", encoding="utf-8", newline="") as handle:
        return [(r["name"], float(r["lat"]), float(r["lon"])) for r in csv.DictReader(handle)]


def _label(name: str) -> Any:
    return Facility._meta.get_field(name).verbose_name  # type: ignore[union-attr]


def _value(facility: Facility, name: str) -> str:
    value = getattr(facility, name)
    if value is None or value == "":
        return ""
    display = getattr(facility, f"get_{name}_display", None)
    if display is not None:
        return str(display())
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _map(facility: Facility) -> str:
    if facility.latitude is None or facility.longitude is None:
        return ""
    computed = facility.border_distance()
    svg = sheet_map(
        float(facility.latitude),
        float(facility.longitude),
        uncertainty_km=None
        if facility.coord_uncertainty_km is None
        else float(facility.coord_uncertainty_km),
        border_point=computed.nearest if computed else None,
        settlements=_settlements(),
        labels={"facility": _("facility"), "border": _("state border"), "river": _("river")},
        language=translation.get_language() or "en",
    )
    return mark_safe(svg)  # noqa: S308 (built by minimap.py, every name escaped there)


def sheet_context(facility: Facility, user: User) -> dict[str, Any]:
    """What the sheet shows, built with the sheet's language active (numbers, labels)."""
    ps = methodology.active_parameter_set()
    assessment = facility.assessments.select_related("parameter_set").order_by("-id").first()
    try:
        gistm = methodology.gistm_class(facility, ps.params)
    except ValueError:
        gistm = None
    rank = portfolio().of(facility.pk)
    sources = [{"text": s, "kind": source_kind(s)} for s in split_sources(facility.sources)]
    return {
        "facility": facility,
        "user": user,
        "assessment": assessment,
        "parameter_set": assessment.parameter_set if assessment else ps,
        "terms": term_rows(assessment),
        "thi_equation": THI_EQUATION,
        "tri_equation": TRI_EQUATION,
        "rank": rank,
        "gistm": gistm,
        "natech": [{"label": _label(n), "value": _value(facility, n)} for n in NATECH_FIELDS],
        "confidences": [
            {
                "label": _label(n),
                "confidence": facility.source_of(n).get("confidence", ""),
            }
            for n in CONFIDENCE_FIELDS
            if facility.source_of(n).get("confidence")
        ],
        "sources": sources[:SOURCES_SHOWN],
        "sources_more": max(0, len(sources) - SOURCES_SHOWN),
        "map_svg": _map(facility),
        **runout_context(facility, ps.params),
    }


def facility_sheet_pdf(facility: Facility, user: User, language: str) -> bytes:
    """The sheet as PDF bytes in ``language`` (ValueError for another language)."""
    with translation.override(check_language(language)):
        context = sheet_context(facility, user)
    return render_pdf("facilities/sheet.html", context, language)
