"""What an early warning to a neighbouring country must say (Annex IX, docs/transboundary.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from tailsafe.core.stored_text import StoredText, choice_text, text
from tailsafe.facilities.models import Facility
from tailsafe.monitoring.models import AlertEvent
from tailsafe.transboundary import annex, reach
from tailsafe.transboundary.models import (
    EmergencyContact,
    Notice,
)

# --- the content (item 2) -----------------------------------------------------------------


def _border_screen(facility: Facility) -> Any:
    """The facility's run-out screen with the active set, or None (volume unknown, bad input)."""
    try:
        from tailsafe.methodology import services as methodology

        ps = methodology.active_parameter_set()
        return methodology.runout_screen(facility, ps.params) if ps else None
    except (ValueError, AttributeError):
        return None


def border_reach(facility: Facility) -> tuple[bool, str, str]:
    """(reaches, basis, run-out verdict code) for the facility. The distance is the one the
    run-out uses (along the valley from a source, else the straight line from the coordinates,
    its near end when the location is uncertain)."""
    from tailsafe.methodology import services as methodology

    screen = _border_screen(facility)
    verdict = screen.verdicts.get("border", "") if screen is not None else ""
    distance, near_far, _basis = methodology.border_distance_used(facility)
    if near_far is not None:
        distance = near_far[0]
    reaches, basis = reach.reaches_border(distance, verdict or None)
    return reaches, basis, verdict


def _names(obj: Any) -> dict[str, str]:
    ru = getattr(obj, "name_ru", "") or ""
    en = getattr(obj, "name_en", "") or ru
    return {"ru": ru or en, "en": en, "tg": getattr(obj, "name_tg", "") or ru or en}


KIND_KEYS = {
    Notice.Kind.EARLY_WARNING: N_("early warning"),
    Notice.Kind.INFORMATION: N_("information (follow-up)"),
    Notice.Kind.ASSISTANCE: N_("request for assistance"),
}
LEVEL_KEYS = {
    "alert": N_("alert"),
    "alarm": N_("alarm"),
    "emergency": N_("emergency"),
    "normal": N_("normal"),
}
VERDICT_KEYS = {
    "within_central": N_("the border is within the central run-out estimate"),
    "within_band": N_("the border is within the 90 percent run-out band"),
    "beyond_band": N_("the border is beyond the run-out band"),
    "unknown": N_("distance unknown"),
}


def annex_content(
    event: AlertEvent, kind: str, measures: str = "", assistance: str = ""
) -> dict[str, StoredText]:
    """Every Annex IX element, filled from the platform's data (unknowns say so)."""
    pp = event.series
    point = pp.point
    facility = point.facility
    unknown = text(N_("not known"))
    level = text(LEVEL_KEYS.get(event.to_level, event.to_level))
    value = "" if event.value is None else f"{event.value:g} {pp.parameter.unit}"
    content: dict[str, StoredText] = {
        "report": text(KIND_KEYS[Notice.Kind(kind)]),
        "accident": annex.localized(
            N_(
                "Tailings facility %(facility)s: %(level)s level of %(parameter)s "
                "(%(value)s) at monitoring point %(point)s"
            ),
            {"facility": _names(facility), "parameter": _names(pp.parameter)},
            level=level,
            value=value or "—",
            point=point.code,
        ),
        "substances": annex.localized(
            N_("%(parameter)s; recorded at the facility: %(recorded)s"),
            {"parameter": _names(pp.parameter)},
            recorded=facility.hazardous_substances or unknown,
        ),
        "effects": text(
            {
                "alert": N_("moderate: a threshold of the response plan is exceeded"),
                "alarm": N_("severe: pollution of the river downstream is possible"),
                "emergency": N_("extreme: a release to the river across the border is possible"),
            }.get(event.to_level, N_("not known"))
        ),
        "time": text(N_("%(when)s (local time)"), when=_when(event.opened_at)),
        "location": _location(event),
        "river": _river(facility),
        "runout": _runout(facility),
        "measures": text(N_("%(measures)s"), measures=measures)
        if measures
        else text(N_("The responsible authority was alerted; measures are being taken.")),
        "assistance": text(N_("%(scope)s"), scope=assistance)
        if assistance
        else text(N_("none requested")),
        "contact": _contact(facility),
    }
    return content


COUNTRY_KEYS = {
    "uzbekistan": N_("Uzbekistan"),
    "kyrgyzstan": N_("Kyrgyzstan"),
    "kazakhstan": N_("Kazakhstan"),
    "turkmenistan": N_("Turkmenistan"),
    "afghanistan": N_("Afghanistan"),
}


def _countries(value: str) -> list[Any]:
    """Known country names as translated texts; anything else as recorded."""
    names = [n.strip() for n in value.replace(";", ",").split(",") if n.strip()]
    return [text(COUNTRY_KEYS[n.lower()]) if n.lower() in COUNTRY_KEYS else n for n in names]


def _when(value: dt.datetime) -> str:
    local = timezone.localtime(value)
    return f"{local:%Y-%m-%d %H:%M} UTC{local:%z}"


def _river(facility: Facility) -> StoredText:
    unknown = text(N_("not known"))
    common: dict[str, Any] = {
        "river": facility.river or unknown,
        "basin": text(dict(_basin_keys()).get(facility.basin, N_("not known"))),
        "countries": _countries(facility.downstream_countries) or unknown,
    }
    if facility.distance_to_border_km is None:
        return text(
            N_(
                "%(river)s (basin %(basin)s); distance to the border not known; "
                "downstream: %(countries)s"
            ),
            **common,
        )
    return text(
        N_("%(river)s (basin %(basin)s); %(distance)s km to the border; downstream: %(countries)s"),
        distance=facility.distance_to_border_km,
        **common,
    )


def _basin_keys() -> list[tuple[str, str]]:
    return [
        ("syr_darya", N_("Syr Darya")),
        ("zeravshan", N_("Zeravshan")),
        ("amu_darya", N_("Amu Darya")),
    ]


def _location(event: AlertEvent) -> StoredText:
    point = event.series.point
    where = point.location()
    if where is None:
        return text(N_("not known"))
    facility = point.facility
    own = point.latitude is not None and point.longitude is not None
    if own:
        basis = text(N_("coordinates of the monitoring point"))
    else:
        basis = text(
            N_("facility coordinates, basis: %(basis)s"),
            basis=choice_text(facility, "location_basis") or "—",
        )
    return text(
        N_("%(lat)s N, %(lon)s E (%(basis)s); settlement: %(settlement)s"),
        lat=f"{where[0]:.4f}",
        lon=f"{where[1]:.4f}",
        basis=basis,
        settlement=facility.nearest_settlement or text(N_("not known")),
    )


def _runout(facility: Facility) -> StoredText:
    screen = _border_screen(facility)
    verdict = screen.verdicts.get("border", "") if screen is not None else ""
    if not verdict:
        return text(N_("no run-out screen (volume unknown)"))
    stated = text(VERDICT_KEYS.get(verdict, N_("distance unknown")))
    probability = screen.exceedance.get("border")
    if probability is None:
        return stated
    return text(
        N_(
            "%(verdict)s; probability that the run-out passes the border: %(probability)s "
            "percent (run-out fit version %(version)s, n = %(n)s)"
        ),
        verdict=stated,
        probability=round(probability * 100, 1),
        version=screen.fit.version,
        n=screen.fit.n,
    )


def _contact(facility: Facility) -> StoredText:
    first = EmergencyContact.objects.filter(facility=facility).order_by("call_order").first()
    secretariat = text(
        N_("Secretariat of the inter-ministerial working group, %(email)s"),
        email=settings.DEFAULT_FROM_EMAIL,
    )
    if first is None:
        return secretariat
    return text(
        N_("%(role)s %(name)s, %(phone)s; %(secretariat)s"),
        role=first.role,
        name=first.name,
        phone=first.phone or first.email or "—",
        secretariat=secretariat,
    )


def missing_elements(notice: Notice) -> list[str]:
    """Required Annex IX elements left empty."""
    return [k for k in annex.REQUIRED if not notice.content.get(k)]
