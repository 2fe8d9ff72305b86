"""OASIS Common Alerting Protocol 1.2 messages of an alert (methodology.md T7, issue 19).

What alert hubs check, and how it is kept here:
- one ``identifier`` per message, never reused: every issued message is a stored CapMessage;
- ``sent`` is the time the message was issued (with its offset), not the time of a download;
- a change of the alert (published, escalated, resolved) is a new message of type Update, and
  a withdrawal from the public a Cancel, whose ``references`` lists every earlier message as
  ``sender,identifier,sent``;
- a resolved alert is an Update with urgency Past;
- each ``info`` block is wholly in its language (ru, tg, en): the texts are translated message
  keys and the names of the facility and parameter in that language;
- ``scope`` Public only for a published alert, otherwise Restricted (with ``restriction``);
- ``status`` Exercise for drills and demo points, Actual otherwise.

The area is a circle "lat,lon radius" (radius in km, CAP 1.2 §3.2.4) around the monitoring
point, or the facility when the point has no coordinates. The radius is a provisional screening
choice (CAP_RADIUS_KM), not a modelled impact zone.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tailsafe.monitoring.models import LEVEL_LABELS, AlertEvent
from tailsafe.transboundary.models import CapMessage, Drill

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
CAP_RADIUS_KM = 5.0
"""Provisional radius of the warned area around the point."""
CAP_LANGUAGES = ("ru", "tg", "en")

SEVERITY = {"alert": "Moderate", "alarm": "Severe", "emergency": "Extreme", "normal": "Minor"}
URGENCY = {"alert": "Expected", "alarm": "Immediate", "emergency": "Immediate", "normal": "Past"}


def sender() -> str:
    """A stable sender: the site's domain when configured, else the platform's mail address."""
    site = getattr(settings, "SITE_URL", "")
    if site:
        return site.split("://", 1)[-1].split("/", 1)[0]
    return getattr(settings, "DEFAULT_FROM_EMAIL", "tailsafe@localhost").strip("<> ")


def _cap_time(value: Any) -> str:
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def is_exercise(event: AlertEvent) -> bool:
    """A drill or an alert at a demo point is an exercise, never Actual."""
    if event.series.point.is_demo:
        return True
    return Drill.objects.filter(event_id=event.pk).exists()


def _state(event: AlertEvent) -> str:
    facility = event.series.point.facility
    return "|".join(
        [
            "public" if event.published else "restricted",
            "resolved" if event.status == AlertEvent.Status.RESOLVED else "open",
            event.to_level,
            "exercise" if is_exercise(event) else "actual",
            "named" if facility.published else "unnamed",
        ]
    )


def _name(obj: Any, language: str) -> str:
    return getattr(obj, f"name_{language}", "") or obj.name_ru or obj.name_en


def _info(alert: ET.Element, event: AlertEvent, language: str, resolved: bool) -> None:
    pp = event.series
    point = pp.point
    facility = point.facility
    hide = event.published and not facility.published

    def sub(parent: ET.Element, tag: str, value: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{CAP_NS}}}{tag}")
        el.text = value
        return el

    with translation.override(language):
        info = ET.SubElement(alert, f"{{{CAP_NS}}}info")
        sub(info, "language", language)
        sub(info, "category", "Env")
        level = str(LEVEL_LABELS.get(event.to_level, event.to_level))
        parameter = _name(pp.parameter, language)
        facility_name = (
            _("a tailings facility (not published)") if hide else _name(facility, language)
        )
        point_code = _("a monitoring point") if hide else point.code
        sub(
            info,
            "event",
            _("Tailings facility monitoring: %(level)s (%(parameter)s)")
            % {"level": level, "parameter": parameter},
        )
        sub(
            info,
            "responseType",
            "AllClear" if resolved else ("Monitor" if event.to_level == "alert" else "Prepare"),
        )
        sub(info, "urgency", "Past" if resolved else URGENCY.get(event.to_level, "Unknown"))
        sub(info, "severity", SEVERITY.get(event.to_level, "Unknown"))
        sub(info, "certainty", "Likely" if event.trend else "Observed")
        sub(info, "effective", _cap_time(event.opened_at))
        sub(info, "senderName", _("IIWG Tailings Safety, Tajikistan (TailSafe)"))
        if resolved:
            headline = _("Resolved: %(level)s, %(parameter)s at %(point)s, %(facility)s")
        else:
            headline = _("%(level)s: %(parameter)s at %(point)s, %(facility)s")
        words = {"level": level, "parameter": parameter, "point": point_code}
        sub(info, "headline", (headline % {**words, "facility": facility_name})[:160])
        value = "" if event.value is None else f"{event.value:g} {pp.parameter.unit}"
        if event.trend:
            description = _(
                "%(parameter)s %(value)s projected by trend at monitoring point %(point)s of "
                "%(facility)s."
            )
        else:
            description = _(
                "%(parameter)s %(value)s measured at monitoring point %(point)s of %(facility)s."
            )
        text = description % {**words, "value": value, "facility": facility_name}
        if resolved:
            text += " " + _("The alert was closed by the responsible authority.")
        sub(info, "description", " ".join(text.split()))
        if resolved:
            sub(info, "instruction", _("No further action is needed."))
        elif event.to_level in ("alarm", "emergency"):
            sub(
                info,
                "instruction",
                _("Do not use river water downstream of the facility until the all-clear."),
            )
        area = ET.SubElement(info, f"{{{CAP_NS}}}area")
        sub(area, "areaDesc", facility_name[:200])
        where = None if hide else point.location()
        if where is not None:
            lat, lon = where
            sub(area, "circle", f"{lat:.6f},{lon:.6f} {CAP_RADIUS_KM:g}")


def build(
    event: AlertEvent,
    identifier: str,
    sent: Any,
    msg_type: str,
    references: list[CapMessage],
) -> bytes:
    """The CAP document of one message (UTF-8 bytes)."""
    ET.register_namespace("", CAP_NS)
    resolved = event.status == AlertEvent.Status.RESOLVED

    def sub(parent: ET.Element, tag: str, value: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{CAP_NS}}}{tag}")
        el.text = value
        return el

    alert = ET.Element(f"{{{CAP_NS}}}alert")
    sub(alert, "identifier", identifier)
    sub(alert, "sender", sender())
    sub(alert, "sent", _cap_time(sent))
    sub(alert, "status", "Exercise" if is_exercise(event) else "Actual")
    sub(alert, "msgType", msg_type)
    if event.published:
        sub(alert, "scope", "Public")
    else:
        sub(alert, "scope", "Restricted")
        sub(alert, "restriction", "Not published: for the working group and authorities only")
    if is_exercise(event):
        sub(alert, "note", "EXERCISE")
    if references:
        sub(
            alert,
            "references",
            " ".join(f"{sender()},{m.identifier},{_cap_time(m.sent)}" for m in references),
        )
    for language in CAP_LANGUAGES:
        _info(alert, event, language, resolved)
    return bytes(ET.tostring(alert, encoding="utf-8", xml_declaration=True))


def current(event: AlertEvent) -> CapMessage:
    """The message describing the alert as it is now. When the alert changed since the last
    message (or none was issued), a new message is issued now: a new identifier, ``sent`` now,
    msgType Alert for the first and Update after, referencing every earlier one."""
    state = _state(event)
    last = CapMessage.objects.filter(event=event).order_by("-sent", "-id").first()
    if last is not None and last.state == state:
        return last
    with transaction.atomic():
        AlertEvent.objects.select_for_update().filter(pk=event.pk).first()
        earlier = list(CapMessage.objects.filter(event=event).order_by("sent", "id"))
        if earlier and earlier[-1].state == state:
            return earlier[-1]
        now = timezone.now().replace(microsecond=0)
        identifier = f"tailsafe-{event.pk}-{uuid.uuid4().hex[:12]}"
        msg_type = "Update" if earlier else "Alert"
        if earlier and earlier[-1].scope == "Public" and not event.published:
            msg_type = "Cancel"  # withdrawn from the public: hubs drop it
        body = build(event, identifier, now, msg_type, earlier)
        return CapMessage.objects.create(
            event=event,
            identifier=identifier,
            sent=now,
            msg_type=msg_type,
            status="Exercise" if is_exercise(event) else "Actual",
            scope="Public" if event.published else "Restricted",
            state=state,
            xml=body,
        )


def cap_xml(event: AlertEvent, language: str = "", public: bool = False) -> bytes:
    """The current CAP message of the alert (kept for callers of the former export; every
    message carries the ru, tg and en blocks, so ``language`` and ``public`` change nothing:
    an unpublished facility is never named in a Public message)."""
    return bytes(current(event).xml)
