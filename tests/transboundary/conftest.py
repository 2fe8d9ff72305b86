"""Fixtures: the monitoring programme of tests/monitoring (a facility with water and
freeboard points), made transboundary (Syr Darya, 5 km from Uzbekistan), receiving bodies with
channels and routing rules, and a leading co-chair of the current term."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.monitoring.conftest import _english, programme, run_import  # noqa: F401


@pytest.fixture
def transboundary(programme: dict[str, Any], make_user: Callable[..., Any]) -> dict[str, Any]:  # noqa: F811
    from django.utils import timezone

    from tailsafe.governance.models import CoChairTerm, Institution
    from tailsafe.transboundary import services
    from tailsafe.transboundary.models import EmergencyContact, ReceivingBody, RoutingRule

    facility = programme["facility"]
    facility.basin = "syr_darya"
    facility.river = "Utkensu"
    facility.downstream_countries = "Uzbekistan"
    facility.distance_to_border_km = 5
    facility.hazardous_substances = "uranium, radium-226"
    facility.save()
    services.seed_bodies()
    uz = ReceivingBody.objects.get(
        name__startswith="Ministry of Emergency Situations of the Republic of Uzbekistan"
    )
    bwo = ReceivingBody.objects.get(name__contains="Syrdarya")
    uz.email, uz.language = "mes@example.uz", "ru"
    uz.save()
    bwo.email, bwo.language = "bwo@example.uz", "en"
    bwo.save()
    RoutingRule.objects.create(body=uz, downstream_country="Uzbekistan")
    RoutingRule.objects.create(body=bwo, basin="syr_darya")
    EmergencyContact.objects.create(
        facility=facility, role="Duty officer", name="Demo Duty", phone="+992 00 000 0000"
    )
    cochair = make_user("co_chair", username="chair_lead")
    other_chair = make_user("co_chair", username="chair_other")
    lead = Institution.objects.order_by("id").first()
    CoChairTerm.objects.create(
        year=timezone.localdate().year, institution=lead, official_user=cochair
    )
    return {**programme, "uz": uz, "bwo": bwo, "cochair": cochair, "other_chair": other_chair}
