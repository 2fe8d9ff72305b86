"""The register (issue 19, item 1): bodies seeded from the reference list with their sources,
channels recorded by the secretariat only, routing rules, emergency contacts in call order."""

from __future__ import annotations

import csv
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tailsafe.facilities.models import Facility
from tailsafe.transboundary import reach, services
from tailsafe.transboundary.models import EmergencyContact, ReceivingBody

pytestmark = pytest.mark.django_db


def test_seeded_from_the_reference_list_once_with_sources() -> None:
    with services.CONTACTS_CSV.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert services.seed_bodies() == len(rows)
    assert services.seed_bodies() == 0
    bwo = ReceivingBody.objects.get(name="Basin Water Organization (BWO) 'Syrdarya'")
    assert bwo.source_url.startswith("http")
    assert bwo.seeded
    assert bwo.email == ""
    missing = ReceivingBody.objects.get(country="Kazakhstan", name="IAN point of contact (Art. 17)")
    assert missing.source_url == ""  # "NOT FOUND" stays empty, never invented


def test_only_the_secretariat_records_channels_and_rules(users: dict[str, Any]) -> None:
    services.seed_bodies()
    body = ReceivingBody.objects.filter(country="Uzbekistan").first()
    assert body is not None
    with pytest.raises(PermissionDenied):
        services.save_body(users["member"], body, {"email": "x@example.org"})
    services.save_body(users["secretariat"], body, {"email": "x@example.org", "language": "en"})
    body.refresh_from_db()
    assert (body.email, body.language) == ("x@example.org", "en")
    with pytest.raises(ValidationError):
        services.add_rule(users["secretariat"], body, {})
    services.add_rule(users["secretariat"], body, {"downstream_country": "Uzbekistan"})
    facility = Facility.objects.create(
        code="x1", name_ru="Х", name_en="X", downstream_countries="Uzbekistan; Kazakhstan"
    )
    assert services.bodies_for(facility) == [body]
    other = Facility.objects.create(code="x2", name_ru="Y", name_en="Y", downstream_countries="")
    assert services.bodies_for(other) == []


def test_contacts_in_call_order(users: dict[str, Any], client_as: Any) -> None:
    facility = Facility.objects.create(code="x3", name_ru="Х", name_en="X")
    services.add_contact(users["secretariat"], facility, {"role": "Deputy", "call_order": 2})
    client = client_as("secretariat")
    client.post(
        f"/transboundary/facilities/{facility.pk}/contacts/",
        {"role": "Duty officer", "phone": "+992", "call_order": "1"},
    )
    assert [c.role for c in EmergencyContact.objects.filter(facility=facility)] == [
        "Duty officer",
        "Deputy",
    ]
    bad = client.post(
        f"/transboundary/facilities/{facility.pk}/contacts/", {"role": "R", "call_order": "x"}
    )
    assert bad.status_code == 302
    assert EmergencyContact.objects.count() == 2


def test_border_reach_rule() -> None:
    assert reach.reaches_border(5.0, None) == (True, "distance")
    assert reach.reaches_border(None, "within_band") == (True, "runout")
    assert reach.reaches_border(400.0, "beyond_band") == (False, "")
    assert reach.reaches_border(None, None) == (False, "")
