"""OASIS Common Alerting Protocol 1.2 export of an alert (methodology.md T7).

The area is a circle "lat,lon radius" (radius in km, as CAP 1.2 §3.2.4 defines) around the
monitoring point, or the facility when the point has no coordinates. The radius is a
provisional screening choice (CAP_RADIUS_KM), not a modelled impact zone.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from django.conf import settings
from django.utils import timezone

from tailsafe.monitoring.models import LEVEL_LABELS, AlertEvent

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
CAP_RADIUS_KM = 5.0
"""Provisional radius of the warned area around the point."""

SEVERITY = {"alert": "Moderate", "alarm": "Severe", "emergency": "Extreme", "normal": "Minor"}
URGENCY = {"alert": "Expected", "alarm": "Immediate", "emergency": "Immediate", "normal": "Past"}


def _cap_time(value: Any) -> str:
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def cap_xml(event: AlertEvent, language: str = "en") -> bytes:
    """The alert as a CAP 1.2 document (UTF-8 bytes)."""
    pp = event.series
    point = pp.point
    facility = point.facility
    ET.register_namespace("", CAP_NS)

    def sub(parent: ET.Element, tag: str, text: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{CAP_NS}}}{tag}")
        el.text = text
        return el

    alert = ET.Element(f"{{{CAP_NS}}}alert")
    sub(alert, "identifier", f"tailsafe-alert-{event.pk}-{event.opened_at:%Y%m%d%H%M%S}")
    sub(alert, "sender", getattr(settings, "DEFAULT_FROM_EMAIL", "tailsafe@localhost"))
    sub(alert, "sent", _cap_time(timezone.now()))
    sub(alert, "status", "Exercise" if point.is_demo else "Actual")
    sub(alert, "msgType", "Alert" if event.status != "resolved" else "Update")
    sub(alert, "scope", "Public")
    info = ET.SubElement(alert, f"{{{CAP_NS}}}info")
    sub(info, "language", language)
    sub(info, "category", "Env")
    level = str(LEVEL_LABELS.get(event.to_level, event.to_level))
    sub(info, "event", f"Tailings facility monitoring: {level} ({pp.parameter.name_en})")
    sub(info, "responseType", "Monitor" if event.to_level == "alert" else "Prepare")
    sub(info, "urgency", URGENCY.get(event.to_level, "Unknown"))
    sub(info, "severity", SEVERITY.get(event.to_level, "Unknown"))
    sub(info, "certainty", "Likely" if event.trend else "Observed")
    sub(info, "effective", _cap_time(event.opened_at))
    sub(info, "senderName", "IIWG Tailings Safety, Tajikistan (TailSafe)")
    value = "" if event.value is None else f" {event.value:g} {pp.parameter.unit}"
    sub(
        info,
        "headline",
        f"{level}: {pp.parameter.name_en} at {point.code}, {facility.name_en}"[:160],
    )
    what = "projected by trend" if event.trend else "measured"
    sub(
        info,
        "description",
        f"{pp.parameter.name_en}{value} {what} at monitoring point {point.code} "
        f"({point.get_kind_display()}) of {facility.name_en}. {event.note}".strip(),
    )
    if pp.expected_response:
        sub(info, "instruction", pp.expected_response)
    area = ET.SubElement(info, f"{{{CAP_NS}}}area")
    sub(area, "areaDesc", f"{facility.name_en}, {point.name}"[:200])
    where = point.location()
    if where is not None:
        lat, lon = where
        sub(area, "circle", f"{lat:.6f},{lon:.6f} {CAP_RADIUS_KM:g}")
    return ET.tostring(alert, encoding="utf-8", xml_declaration=True)
