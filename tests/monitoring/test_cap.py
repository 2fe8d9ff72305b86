"""CAP 1.2 export validated against the OASIS schema shipped in monitoring/data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import tailsafe.monitoring
from tailsafe.monitoring import cap
from tailsafe.monitoring.models import AlertEvent

pytestmark = pytest.mark.django_db

XSD = Path(tailsafe.monitoring.__file__).parent / "data" / "CAP-v1.2.xsd"
NS = {"cap": cap.CAP_NS}


def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def validate(xml: bytes) -> etree._Element:
    doc = etree.fromstring(xml)
    checker = schema()
    assert checker.validate(doc), checker.error_log
    return doc


def test_alarm_as_cap_is_valid(run_import: Callable[..., Any]) -> None:
    run_import("point;parameter;taken_at;value\nDN-1;uranium;2025-03-02 10:00;0,05\n")
    event = AlertEvent.objects.get(to_level="alarm")
    doc = validate(cap.cap_xml(event))
    assert doc.findtext("cap:status", namespaces=NS) == "Actual"
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
