"""Named write operations for transboundary warning (issue 19; UNECE IA Convention Art. 10,
12, Annex IX; §28 of the terms of reference). Each checks permission, applies the rule, writes
the audit entry and runs in one transaction."""

from __future__ import annotations

import csv
import datetime as dt
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from tailsafe.core.audit import save_with_audit
from tailsafe.core.permissions import Perm, require
from tailsafe.core.stored_text import StoredText, choice_text, text
from tailsafe.facilities.models import Facility
from tailsafe.monitoring.models import AlertEvent
from tailsafe.notifications import services as notifications
from tailsafe.notifications.models import Kind
from tailsafe.transboundary import annex, reach, rules
from tailsafe.transboundary.models import (
    Delivery,
    Drill,
    EmergencyContact,
    Notice,
    ReceivingBody,
    RoutingRule,
)

logger = logging.getLogger(__name__)

CONTACTS_CSV = Path(__file__).parent / "data" / "transboundary_contacts.csv"
OPENING_LEVELS = ("alarm", "emergency")
"""An alarm or an emergency at a transboundary facility drafts an early warning."""


# --- the register (item 1) ----------------------------------------------------------------


def seed_bodies() -> int:
    """Load the receiving bodies of the reference list (idempotent; channels untouched)."""
    created = 0
    with CONTACTS_CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            url = row["source_url"].strip()
            _body, new = ReceivingBody.objects.get_or_create(
                country=row["country"].strip(),
                name=row["body"].strip(),
                defaults={
                    "role": row["role"].strip(),
                    "source_url": "" if url == "NOT FOUND" else url,
                    "notes": row["notes"].strip(),
                    "seeded": True,
                },
            )
            created += new
    return created


@transaction.atomic
def save_body(user: Any, body: ReceivingBody, data: dict[str, Any]) -> ReceivingBody:
    """The secretariat records a body's channel (e-mail, language) or adds a body."""
    require(user, Perm.MANAGE_CORRESPONDENCE)
    fields = (
        ("email", "language") if body.seeded else ("country", "name", "role", "email", "language")
    )
    changed = False
    for key in fields:
        if key in data and getattr(body, key) != data[key]:
            setattr(body, key, data[key])
            changed = True
    if changed or body.pk is None:
        body.full_clean()
        save_with_audit(body, user, "channel recorded")
    return body


@transaction.atomic
def add_rule(user: Any, body: ReceivingBody, data: dict[str, str]) -> RoutingRule:
    """A routing rule: tell ``body`` about facilities of a basin, river or downstream country."""
    require(user, Perm.MANAGE_CORRESPONDENCE)
    rule = RoutingRule(
        body=body,
        basin=data.get("basin", ""),
        river=data.get("river", "").strip(),
        downstream_country=data.get("downstream_country", "").strip(),
    )
    if not (rule.basin or rule.river or rule.downstream_country):
        raise ValidationError(_("Give a basin, a river or a downstream country."))
    rule.full_clean()
    save_with_audit(rule, user, "routing rule added")
    return rule


@transaction.atomic
def add_contact(user: Any, facility: Facility, data: dict[str, Any]) -> EmergencyContact:
    """An emergency contact of a facility, by role, in call order."""
    require(user, Perm.MANAGE_CORRESPONDENCE)
    contact = EmergencyContact(facility=facility, **data)
    contact.full_clean()
    save_with_audit(contact, user, "emergency contact added")
    return contact


def bodies_for(facility: Facility) -> list[ReceivingBody]:
    """The bodies whose routing rules match the facility."""
    found: dict[int, ReceivingBody] = {}
    for r in RoutingRule.objects.select_related("body"):
        criteria = {
            "basin": r.basin,
            "river": r.river,
            "downstream_country": r.downstream_country,
        }
        if reach.rule_matches(
            criteria, facility.basin, facility.river, facility.downstream_countries
        ):
            found[r.body_id] = r.body
    return sorted(found.values(), key=lambda b: (b.country, b.name))


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


# --- drafting (item 2) --------------------------------------------------------------------


def on_alerts_opened(events: Iterable[AlertEvent]) -> list[Notice]:
    """An alarm or emergency at a facility whose downstream reaches a border drafts an early
    warning (Art. 10: without delay), with every Annex IX element filled."""
    created = []
    for event in events:
        if event.to_level not in OPENING_LEVELS or event.status == AlertEvent.Status.RESOLVED:
            continue
        event = AlertEvent.objects.select_related(
            "series__point__facility", "series__parameter"
        ).get(pk=event.pk)
        facility = event.series.point.facility
        reaches, _basis, _verdict = border_reach(facility)
        if not reaches or Notice.objects.filter(event=event).exists():
            continue
        created.append(draft_notice(None, event, Notice.Kind.EARLY_WARNING))
    return created


def is_exercise(event: AlertEvent) -> bool:
    return (
        event.exercise
        or event.series.point.is_demo
        or Drill.objects.filter(event_id=event.pk).exists()
    )


@transaction.atomic
def draft_notice(
    user: Any,
    event: AlertEvent,
    kind: str,
    *,
    first: Notice | None = None,
    measures: str = "",
    assistance: str = "",
) -> Notice:
    """A draft notification; None as user = drafted by the platform on an alert."""
    if user is not None:
        require(user, Perm.MANAGE_CORRESPONDENCE)
    if kind != Notice.Kind.EARLY_WARNING and first is None:
        first = Notice.objects.filter(event=event, first__isnull=True).order_by("id").first()
        if first is None:
            raise ValidationError(_("A follow-up needs the first notification of the alert."))
    if kind == Notice.Kind.ASSISTANCE and not assistance.strip():
        raise ValidationError(_("Say the scope and type of assistance requested."))
    notice = Notice(
        event=event,
        kind=kind,
        first=first,
        exercise=is_exercise(event),
        content=annex_content(event, kind, measures, assistance),
        created_by=user,
    )
    save_with_audit(notice, user, "drafted")
    notice.bodies.set(bodies_for(event.series.point.facility))
    return notice


def render_letter(notice: Notice) -> str:
    """The letter text: Russian, then English (Annex IX elements as label: value)."""
    parts = []
    for language in ("ru", "en"):
        with translation.override(language):
            lines = []
            if notice.exercise:
                lines.append(_("EXERCISE - EXERCISE - EXERCISE"))
            lines += [f"{label}: {value}" for label, value in notice.rendered(language)]
            parts.append("\n".join(lines))
    return "\n\n---\n\n".join(parts)


def _subject(notice: Notice) -> str:
    with translation.override("en"):
        facility = notice.event.series.point.facility
        prefix = "EXERCISE " if notice.exercise else ""
        return f"{prefix}{notice.get_kind_display()}: {facility.name_en}"[:400]


@transaction.atomic
def submit_notice(user: Any, notice: Notice) -> Notice:
    """The secretariat sends the draft to the leading co-chair through the correspondence flow
    (a group letter submitted for approval, §28)."""
    from tailsafe.correspondence import services as correspondence

    require(user, Perm.MANAGE_CORRESPONDENCE)
    locked = Notice.objects.select_for_update().get(pk=notice.pk)
    if locked.status != Notice.Status.DRAFT:
        raise ValidationError(_("Only a draft can be submitted; nothing was changed."))
    if missing_elements(locked):
        raise ValidationError(_("Some required elements are empty."))
    if not locked.bodies.exists():
        raise ValidationError(_("No receiving body: add a routing rule first."))
    letter = correspondence.draft_group_letter(
        user,
        {
            "correspondent": ", ".join(str(b) for b in locked.bodies.all())[:300],
            "subject": _subject(locked),
            "body": render_letter(locked),
        },
    )
    letter = correspondence.submit_for_approval(user, letter)
    locked.letter = letter
    locked.status = Notice.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    save_with_audit(locked, user, "submitted to the leading co-chair")
    notifications.notify(
        [letter.submitted_to],
        Kind.APPROVAL,
        text(
            N_("Transboundary notification to approve: %(kind)s"),
            kind=text(KIND_KEYS[Notice.Kind(locked.kind)]),
        ),
        text(N_("Two taps on the phone: Approve, then Confirm and send (§28).")),
        reverse("transboundary:approve", args=[locked.pk]),
        key=f"tb-approve:{locked.pk}",
    )
    return locked


@transaction.atomic
def approve_and_send(user: Any, notice: Notice) -> Notice:
    """Only the leading co-chair approves (§28, correspondence.approve_letter checks); the
    notice then goes to every receiving body, each sending logged."""
    from tailsafe.correspondence import services as correspondence

    correspondence.check_leading_cochair(user)
    locked = Notice.objects.select_for_update().get(pk=notice.pk)
    if locked.status != Notice.Status.SUBMITTED or locked.letter is None:
        raise ValidationError(_("This notification is not waiting for approval."))
    letter = locked.letter
    if letter.status != letter.Status.APPROVED:
        letter = correspondence.approve_letter(user, letter, None)
    return _approved(locked, letter.approved_by or user)


def _approved(locked: Notice, approver: Any) -> Notice:
    locked.status = Notice.Status.SENT
    locked.approved_by = approver
    locked.approved_at = timezone.now()
    save_with_audit(locked, approver, "approved")
    _send(locked)
    locked.sent_at = timezone.now()
    save_with_audit(locked, approver, "sent")
    return locked


@transaction.atomic
def letter_approved(letter_id: int) -> Notice | None:
    """The co-chair approved the notice's letter on the correspondence page (§28): send it
    now, once (a notice already sent, e.g. by approve_and_send, is left alone)."""
    locked = (
        Notice.objects.select_for_update(of=("self",))
        .select_related("letter__approved_by")
        .filter(letter_id=letter_id, status=Notice.Status.SUBMITTED)
        .first()
    )
    if locked is None or locked.letter is None or locked.letter.status != "approved":
        return None
    return _approved(locked, locked.letter.approved_by)


def _send(notice: Notice) -> None:
    """One e-mail per receiving body in its language (Russian or English); a body without a
    channel is logged as not delivered, for the secretariat to reach by other means."""
    for body in notice.bodies.all():
        language = body.language or "ru"
        delivery = Delivery(notice=notice, body=body, address=body.email, language=language)
        if not body.email:
            delivery.detail = "no channel recorded"
        else:
            with translation.override(language):
                lines = [f"{label}: {value}" for label, value in notice.rendered(language)]
                if notice.exercise:
                    lines.insert(0, _("EXERCISE - EXERCISE - EXERCISE"))
                subject = _subject(notice)
            try:
                EmailMessage(
                    subject=subject,
                    body="\n".join(lines),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[body.email],
                ).send()
                delivery.ok = True
            except Exception as exc:
                logger.warning("transboundary delivery to %s failed: %s", body.email, exc)
                delivery.detail = str(exc)[:500]
        delivery.save()
    notifications.notify(
        [notice.created_by, notice.approved_by],
        Kind.ALERT,
        text(
            N_("Transboundary notification sent: %(kind)s"),
            kind=text(KIND_KEYS[Notice.Kind(notice.kind)]),
        ),
        text(N_("Sent to %(n)s receiving bodies; see the delivery log."), n=notice.bodies.count()),
        reverse("transboundary:notice", args=[notice.pk]),
        key=f"tb-sent:{notice.pk}",
    )


def pending_followups(now: dt.datetime | None = None) -> QuerySet[Notice]:
    """First notifications sent whose alert is still open: follow-up information is due
    (Annex IX §3) until the alert is closed."""
    return Notice.objects.filter(first__isnull=True, status=Notice.Status.SENT).exclude(
        event__status=AlertEvent.Status.RESOLVED
    )


# --- drills (item 4) ----------------------------------------------------------------------


@transaction.atomic
def start_drill(user: Any, facility: Facility, level: str = "emergency") -> Drill:
    """A joint exercise (Annex IX §4): an EXERCISE alert at the facility's exercise point
    (a demo point, so it is never Actual and never counted), which runs the whole chain."""
    from tailsafe.monitoring.models import MonitoringPoint, Parameter, PointParameter

    require(user, Perm.MANAGE_CORRESPONDENCE)
    if level not in OPENING_LEVELS:
        raise ValidationError(_("A drill starts at alarm or emergency."))
    point, _new = MonitoringPoint.objects.get_or_create(
        code=f"exercise-{facility.code}"[:40],
        defaults={
            "facility": facility,
            "name": "EXERCISE",
            "kind": "freeboard",
            "is_demo": True,
        },
    )
    parameter = Parameter.objects.filter(code="freeboard").first() or Parameter.objects.first()
    if parameter is None:
        raise ValidationError(_("No monitoring parameter is defined."))
    pp, _new = PointParameter.objects.get_or_create(point=point, parameter=parameter)
    event = AlertEvent.objects.create(
        series=pp,
        from_level="normal",
        to_level=level,
        opened_at=timezone.now(),
        note="EXERCISE",
        exercise=True,
    )
    drill = Drill.objects.create(facility=facility, event=event, started_by=user)
    # a drill tests the chain wherever the secretariat chose to run it: drafted whatever the
    # border verdict, and the first CAP message (status Exercise) issued at once
    draft_notice(None, event, Notice.Kind.EARLY_WARNING)
    from tailsafe.transboundary import cap

    cap.current(event)
    return drill


def drill_report(drill: Drill) -> dict[str, Any]:
    """Times from the alert to the draft, the approval and the sending, and who acted."""
    start = drill.event.opened_at
    first = Notice.objects.filter(event=drill.event, first__isnull=True).order_by("id").first()

    def since(value: dt.datetime | None) -> float | None:
        return None if value is None else round((value - start).total_seconds() / 60, 1)

    return {
        "drill": drill,
        "notice": first,
        "draft_min": since(first.created_at) if first else None,
        "submitted_min": since(first.submitted_at) if first else None,
        "approved_min": since(first.approved_at) if first else None,
        "sent_min": since(first.sent_at) if first else None,
        "approved_by": first.approved_by if first else None,
        "deliveries": list(first.deliveries.select_related("body")) if first else [],
        "started_by": drill.started_by,
    }


def statistics() -> dict[str, int]:
    """Counts for reports: real notifications only, exercises excluded (Annex IX §4 drills
    are tests of the chain, not events)."""
    real = Notice.objects.filter(exercise=False)
    return {
        "sent": real.filter(status=Notice.Status.SENT).count(),
        "early_warnings": real.filter(kind=Notice.Kind.EARLY_WARNING).count(),
        "drills": Drill.objects.count(),
    }


def require_manage(user: Any) -> None:
    if not rules.can_manage(user):
        raise PermissionDenied
