"""CAP 1.2 messages that alert hubs accept (issue 19, item 5), validated against the OASIS
CAP 1.2 schema (src/tailsafe/monitoring/data/CAP-v1.2.xsd, see the README there)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from lxml import etree

import tailsafe.monitoring
from tailsafe.monitoring import services as monitoring
from tailsafe.monitoring.models import AlertEvent
from tailsafe.public import services as public
from tailsafe.transboundary import cap
from tailsafe.transboundary.models import CapMessage

pytestmark = pytest.mark.django_db

XSD = Path(tailsafe.monitoring.__file__).parent / "data" / "CAP-v1.2.xsd"
NS = {"cap": cap.CAP_NS}
ATOM = {"a": "http://www.w3.org/2005/Atom"}


def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def validate(xml: bytes) -> etree._Element:
    doc = etree.fromstring(xml)
    checker = schema()
    assert checker.validate(doc), checker.error_log
    return doc


def alarm(run_import: Callable[..., Any], capture: Any) -> AlertEvent:
    with capture(execute=True):
        run_import("point;parameter;taken_at;value\nDN-1;uranium;2025-03-02 10:00;0,05\n")
    return AlertEvent.objects.get(to_level="alarm")


def test_alarm_as_cap_is_valid(
    run_import: Callable[..., Any], django_capture_on_commit_callbacks: Any
) -> None:
    event = alarm(run_import, django_capture_on_commit_callbacks)
    doc = validate(cap.cap_xml(event))
    assert doc.findtext("cap:status", namespaces=NS) == "Actual"
    assert doc.findtext("cap:msgType", namespaces=NS) == "Alert"
    assert doc.findtext("cap:info/cap:category", namespaces=NS) == "Env"
    assert doc.findtext("cap:info/cap:severity", namespaces=NS) == "Severe"
    assert doc.findtext("cap:info/cap:urgency", namespaces=NS) == "Immediate"
    assert doc.findtext("cap:info/cap:certainty", namespaces=NS) == "Observed"
    assert doc.findtext("cap:info/cap:area/cap:circle", namespaces=NS) == "40.270000,69.640000 5"


def test_point_without_coordinates_uses_the_facility(run_import: Callable[..., Any]) -> None:
    run_import("point;parameter;taken_at;value\nFB-1;freeboard;2025-03-02 10:00;0,9\n")
    event = AlertEvent.objects.get()
    doc = validate(cap.cap_xml(event))
    assert doc.findtext("cap:info/cap:severity", namespaces=NS) == "Extreme"
    assert doc.findtext("cap:info/cap:area/cap:circle", namespaces=NS).startswith("40.280000,")


def test_schema_rejects_a_broken_message() -> None:
    bad = (
        b'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</identifier>'
        b"<sender>s</sender><sent>2025-01-01T00:00:00Z</sent><status>Bogus</status>"
        b"<msgType>Alert</msgType><scope>Public</scope></alert>"
    )
    assert not schema().validate(etree.fromstring(bad))


def test_the_chain_alert_update_resolve(
    run_import: Callable[..., Any],
    programme: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The first message is issued when the alert opens (Restricted: not published); a
    download does not issue another; publishing is an Update (Public) and resolving an Update
    with urgency Past; each references every earlier one; identifiers are never reused."""
    event = alarm(run_import, django_capture_on_commit_callbacks)
    first = CapMessage.objects.get(event=event)
    assert cap.current(event).pk == first.pk  # a download issues nothing new
    doc1 = validate(bytes(first.xml))
    assert doc1.findtext("cap:scope", namespaces=NS) == "Restricted"
    assert doc1.findtext("cap:restriction", namespaces=NS)
    assert doc1.findtext("cap:sent", namespaces=NS) == cap._cap_time(first.sent)
    assert doc1.find("cap:references", NS) is None

    public.set_published(programme["secretariat"], "alert", event.pk, True)
    event.refresh_from_db()
    second = cap.current(event)
    doc2 = validate(bytes(second.xml))
    assert doc2.findtext("cap:msgType", namespaces=NS) == "Update"
    assert doc2.findtext("cap:scope", namespaces=NS) == "Public"
    refs = doc2.findtext("cap:references", namespaces=NS)
    assert refs == f"{cap.sender()},{first.identifier},{cap._cap_time(first.sent)}"

    monitoring.resolve_alert(programme["secretariat"], event, "done")
    event.refresh_from_db()
    third = cap.current(event)
    doc3 = validate(bytes(third.xml))
    assert doc3.findtext("cap:msgType", namespaces=NS) == "Update"
    assert {u.text for u in doc3.findall("cap:info/cap:urgency", NS)} == {"Past"}
    refs3 = doc3.findtext("cap:references", namespaces=NS).split(" ")
    assert [r.split(",")[1] for r in refs3] == [first.identifier, second.identifier]
    ids = [m.identifier for m in CapMessage.objects.filter(event=event)]
    assert len(ids) == len(set(ids)) == 3
    # sent is the issue time: a later download returns the same document
    assert cap.cap_xml(event) == bytes(third.xml)


def test_each_info_block_is_wholly_in_its_language(
    run_import: Callable[..., Any], django_capture_on_commit_callbacks: Any
) -> None:
    event = alarm(run_import, django_capture_on_commit_callbacks)
    doc = validate(cap.cap_xml(event))
    blocks = {i.findtext("cap:language", namespaces=NS): i for i in doc.findall("cap:info", NS)}
    assert set(blocks) == {"ru", "tg", "en"}
    latin_words = re.compile(r"\b[A-Za-z]{4,}\b")
    for language in ("ru", "tg"):
        for tag in ("event", "headline", "description", "senderName", "instruction"):
            value = blocks[language].findtext(f"cap:{tag}", namespaces=NS) or ""
            words = set(latin_words.findall(value)) - {"TailSafe"}  # the platform's name
            assert not words, (language, tag, value)
    assert "Tailings" in blocks["en"].findtext("cap:event", namespaces=NS)


def test_atom_feed_follows_the_language_asked_for(
    run_import: Callable[..., Any],
    programme: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Each entry's title and summary come from the CAP block in the reader's language
    (?lang=, else the account or cookie, else Accept-Language); the feed names the others."""
    event = alarm(run_import, django_capture_on_commit_callbacks)
    public.set_published(programme["secretariat"], "alert", event.pk, True)
    anonymous = Client()
    doc = validate(anonymous.get(f"/public/alerts/{event.pk}/cap.xml").content)
    blocks = {i.findtext("cap:language", namespaces=NS): i for i in doc.findall("cap:info", NS)}
    assert set(blocks) == {"ru", "tg", "en"}

    def feed(url: str, **headers: str) -> tuple[etree._Element, Any]:
        response = anonymous.get(url, headers=headers)
        assert response.status_code == 200
        return etree.fromstring(response.content), response

    for language, (root, response) in {
        "en": feed("/public/alerts.atom?lang=en"),
        "tg": feed("/public/alerts.atom?lang=tg", accept_language="en"),
        "ru": feed("/public/alerts.atom"),  # the group's working language by default
        "en ": feed("/public/alerts.atom", accept_language="en-GB,en;q=0.9"),
    }.items():
        language = language.strip()
        block = blocks[language]
        entry = root.find("a:entry", ATOM)
        assert entry.findtext("a:title", namespaces=ATOM) == block.findtext(
            "cap:headline", namespaces=NS
        )
        summary = entry.findtext("a:summary", namespaces=ATOM)
        assert summary.startswith(block.findtext("cap:description", namespaces=NS))
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == language
        assert response["Content-Language"] == language
        others = {
            link.get("hreflang")
            for link in root.findall("a:link", ATOM)
            if link.get("rel") == "alternate"
        }
        assert others == {"ru", "tg", "en"} - {language}
    assert blocks["en"].findtext("cap:headline", namespaces=NS) != blocks["tg"].findtext(
        "cap:headline", namespaces=NS
    )
    # the feed's own title is in that language too
    english, _response = feed("/public/alerts.atom?lang=en")
    assert english.findtext("a:title", namespaces=ATOM) == "TailSafe public alerts (CAP 1.2)"
    # a signed-in reader's saved language wins over the browser's header
    reader = programme["secretariat"]
    reader.language = "tg"
    reader.save()
    anonymous.force_login(reader)
    tajik, _response = feed("/public/alerts.atom", accept_language="en")
    assert tajik.findtext("a:entry/a:title", namespaces=ATOM) == blocks["tg"].findtext(
        "cap:headline", namespaces=NS
    )


def test_atom_feed_lists_exactly_the_current_public_alerts(
    run_import: Callable[..., Any],
    programme: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    event = alarm(run_import, django_capture_on_commit_callbacks)
    anonymous = Client()
    feed = etree.fromstring(anonymous.get("/public/alerts.atom").content)
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert feed.findall("a:entry", ATOM) == []
    public.set_published(programme["secretariat"], "alert", event.pk, True)
    response = anonymous.get("/public/alerts.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = etree.fromstring(response.content)
    entries = feed.findall("a:entry", ATOM)
    assert len(entries) == 1
    link = entries[0].find("a:link", ATOM)
    assert link.get("type") == "application/cap+xml"
    assert link.get("href").endswith(f"/public/alerts/{event.pk}/cap.xml")
    doc = validate(anonymous.get(f"/public/alerts/{event.pk}/cap.xml").content)
    ident = doc.findtext("cap:identifier", namespaces=NS)
    assert entries[0].findtext("a:id", namespaces=ATOM) == f"urn:tailsafe:cap:{ident}"
    # withdrawn: gone from the feed, and a Cancel referencing what was published
    public.set_published(programme["secretariat"], "alert", event.pk, False)
    feed = etree.fromstring(anonymous.get("/public/alerts.atom").content)
    assert feed.findall("a:entry", ATOM) == []
    event.refresh_from_db()
    cancel = validate(cap.cap_xml(event))
    assert cancel.findtext("cap:msgType", namespaces=NS) == "Cancel"
    assert ident in cancel.findtext("cap:references", namespaces=NS)


def test_opened_warnings_are_handed_to_the_worker_in_one_task(
    run_import: Callable[..., Any], django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    """The uploader's request stores the readings and enqueues one task; the CAP messages and
    early warnings are the worker's (issue 20: 872 opened alerts held an import for 11 s)."""
    from django.tasks import default_task_backend

    from tailsafe.transboundary import services
    from tailsafe.transboundary.tasks import warn_on_alerts_task

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run_import("point;parameter;taken_at;value\nDN-1;uranium;2025-03-02 10:00;0,05\n")
    event = AlertEvent.objects.get(to_level="alarm")
    assert not CapMessage.objects.exists()
    queued = [r for r in default_task_backend.results if r.task.name == warn_on_alerts_task.name]
    assert len(queued) == 1
    opened = list(
        AlertEvent.objects.exclude(to_level="normal").order_by("id").values_list("pk", flat=True)
    )
    assert queued[0].args == [opened]
    assert event.pk in opened

    assert services.warn_on_alerts(queued[0].args[0]) == len(opened)
    assert CapMessage.objects.get(event=event).msg_type == "Alert"
