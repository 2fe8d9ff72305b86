"""The public transparency page (P4, Aarhus Convention): only what the secretariat published.

Every item has a "published" switch owned by the secretariat (Perm.PUBLISH). The queries here
are the only way the public page and the public API read data, so nothing unpublished leaks.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from tailsafe.core.audit import save_with_audit
from tailsafe.core.permissions import Perm, require
from tailsafe.facilities.models import Facility
from tailsafe.followup import rules as followup_rules
from tailsafe.followup.models import Recommendation
from tailsafe.meetings.models import Meeting
from tailsafe.monitoring.models import AlertEvent

if TYPE_CHECKING:
    from tailsafe.core.models import User


def published_facilities() -> QuerySet[Facility]:
    return Facility.objects.filter(published=True, archived_at__isnull=True)


def published_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.filter(summary_published=True).order_by("-starts_at")


def published_recommendations() -> QuerySet[Recommendation]:
    """Adopted recommendations the secretariat published, with their status (§27, A2)."""
    return (
        Recommendation.objects.filter(published=True, stage=Recommendation.Stage.ADOPTED)
        .select_related("addressee", "facility")
        .prefetch_related("also_addressed")
        .order_by("due_date", "id")
    )


def published_alerts() -> QuerySet[AlertEvent]:
    """Alerts published as public warnings (CAP 1.2), newest first (§27, T7)."""
    return (
        AlertEvent.objects.filter(published=True, basis=AlertEvent.Basis.TARP)
        .exclude(to_level="normal")
        .select_related("series__point__facility", "series__parameter")
        .order_by("-opened_at")
    )


FEED_RESOLVED_HOURS = 24
"""A resolved alert stays in the feed this long, so its all-clear (an Update, urgency Past)
reaches the hubs that read the feed."""


def current_public_alerts() -> QuerySet[AlertEvent]:
    """The current public alerts: published, and open or resolved in the last day."""
    since = timezone.now() - dt.timedelta(hours=FEED_RESOLVED_HOURS)
    return published_alerts().filter(Q(resolved_at__isnull=True) | Q(resolved_at__gte=since))


def alerts_feed(base: str, self_path: str, language: str = "") -> bytes:
    """The Atom feed (RFC 4287) of the current public alerts; each entry is the alert's
    current CAP message and links to it (rel alternate, type application/cap+xml).

    The feed is in ``language`` (default: the active one): its title, and each entry's title
    and summary from the CAP ``info`` block in that language (the first block when the
    message has none in it). The feed links its versions in the other languages (``?lang=``)."""
    language = language or get_language() or "ru"
    with override(language):
        return _alerts_feed(base, self_path, language)


def _alerts_feed(base: str, self_path: str, language: str) -> bytes:
    from tailsafe.transboundary import cap

    atom = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", atom)

    def sub(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{atom}}}{tag}", attrs)
        if text:
            el.text = text
        return el

    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    feed = ET.Element(f"{{{atom}}}feed", {xml_lang: language})
    sub(feed, "id", f"{base}{self_path}")
    sub(feed, "title", _("TailSafe public alerts (CAP 1.2)"))
    sub(feed, "link", rel="self", href=f"{base}{self_path}", type="application/atom+xml")
    for other in cap.CAP_LANGUAGES:
        if other != language:
            href = f"{base}{self_path}?lang={other}"
            kind = "application/atom+xml"
            sub(feed, "link", rel="alternate", type=kind, hreflang=other, href=href)
    sub(sub(feed, "author"), "name", _("IIWG Tailings Safety, Tajikistan (TailSafe)"))
    entries = []
    for event in current_public_alerts():
        message = cap.current(event)
        doc = ET.fromstring(bytes(message.xml))  # noqa: S314 (our own CAP message, from cap.py)
        ns = {"cap": cap.CAP_NS}
        infos = doc.findall("cap:info", ns)
        info = next(
            (i for i in infos if i.findtext("cap:language", namespaces=ns) == language),
            infos[0] if infos else None,
        )
        headline = info.findtext("cap:headline", "", ns) if info is not None else ""
        description = info.findtext("cap:description", "", ns) if info is not None else ""
        written_in = info.findtext("cap:language", "", ns) if info is not None else ""
        if message.status != "Actual":
            headline = f"{message.status.upper()}: {headline}"
        entries.append((message, headline, description, written_in, event))
    updated = max((e[0].sent for e in entries), default=timezone.now())
    sub(feed, "updated", timezone.localtime(updated).replace(microsecond=0).isoformat())
    for message, headline, description, written_in, event in entries:
        entry = sub(feed, "entry")
        if written_in and written_in != language:  # no block in the feed's language
            entry.set(xml_lang, written_in)
        sub(entry, "id", f"urn:tailsafe:cap:{message.identifier}")
        sub(entry, "title", headline or message.identifier)
        sub(entry, "updated", timezone.localtime(message.sent).replace(microsecond=0).isoformat())
        href = f"{base}{reverse('public:alert_cap', args=[event.pk])}"
        sub(entry, "link", rel="alternate", type="application/cap+xml", href=href)
        codes = f"{message.msg_type} · {message.status} · {message.identifier}"
        sub(entry, "summary", f"{description} ({codes})" if description else codes)
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True))


# kind -> (model, field of the switch)
SWITCHES: dict[str, tuple[Any, str]] = {
    "facility": (Facility, "published"),
    "meeting": (Meeting, "summary_published"),
    "recommendation": (Recommendation, "published"),
    "alert": (AlertEvent, "published"),
}


@transaction.atomic
def set_published(user: User, kind: str, pk: int, published: bool) -> Any:
    """Switch one item on or off the public page (secretariat; audited)."""
    require(user, Perm.PUBLISH)
    if kind not in SWITCHES:
        raise ValidationError(_("Unknown kind of item."))
    model, field = SWITCHES[kind]
    obj = model.objects.select_for_update().filter(pk=pk).first()
    if obj is None:
        raise ValidationError(_("No such item."))
    if kind == "facility" and published and obj.archived_at is not None:
        raise ValidationError(_("An archived facility cannot be published."))
    if kind == "recommendation" and published and obj.stage != Recommendation.Stage.ADOPTED:
        raise ValidationError(_("Only recommendations adopted by the group can be published."))
    if kind == "recommendation" and not (
        followup_rules.can_publish_recommendation(user, obj)
        if published
        else followup_rules.can_unpublish_recommendation(user, obj)
    ):
        return obj  # already in the state asked for: nothing to write
    if kind == "alert" and published and obj.to_level == "normal":
        raise ValidationError(_("A return to normal is not a warning to publish."))
    setattr(obj, field, published)
    reason = _("published on the public page") if published else _("withdrawn from public page")
    if hasattr(model, "history"):
        save_with_audit(obj, user, reason)
    else:
        obj.save(update_fields=[field])
    return obj
