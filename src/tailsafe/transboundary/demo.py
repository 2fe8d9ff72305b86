"""Reference and demo data of transboundary warning (make run).

Reference: the receiving bodies of data/transboundary_contacts.csv. Demo: routing rules that
follow each body's role as the list describes it (basin organisations by basin, emergency
ministries by downstream country), a demo emergency contact at Taboshar (T04), and an EXERCISE
drill there, so the secretariat finds a draft early warning to submit and the leading co-chair
one to approve. No channel (e-mail) is invented: the secretariat records them."""

from __future__ import annotations

from typing import Any

from tailsafe.facilities.models import Facility
from tailsafe.transboundary import services
from tailsafe.transboundary.models import Drill, EmergencyContact, ReceivingBody, RoutingRule

DEMO_FACILITY = "T04"  # Taboshar (Istiqlol), 3-8 km from Uzbekistan

# (country, name starts with) -> rule
DEMO_RULES = [
    (("Uzbekistan", "Ministry of Emergency Situations"), {"downstream_country": "Uzbekistan"}),
    (("Kyrgyzstan", "Ministry of Emergency Situations"), {"downstream_country": "Kyrgyzstan"}),
    (("Regional (HQ: Tashkent, Uzbekistan)", "Basin Water Organization"), {"basin": "syr_darya"}),
    (("Regional (HQ: Urgench, Uzbekistan)", "Basin Water Organization"), {"basin": "amu_darya"}),
    (("Afghanistan / Tajikistan", "Afghan-Tajik"), {"river": "Panj"}),
]


def load(users: dict[str, Any] | None) -> None:
    services.seed_bodies()
    if users is None:
        return
    for (country, part), rule in DEMO_RULES:
        body = ReceivingBody.objects.filter(country=country, name__startswith=part).first()
        if body is not None and not RoutingRule.objects.filter(body=body, **rule).exists():
            RoutingRule.objects.create(body=body, **rule)
    facility = Facility.objects.filter(code=DEMO_FACILITY).first()
    if facility is None:
        return
    EmergencyContact.objects.get_or_create(
        facility=facility,
        role="Duty officer of the operator (demo)",
        defaults={"name": "Demo duty officer", "call_order": 1},
    )
    secretariat = users.get("secretariat")
    if secretariat is not None and not Drill.objects.filter(facility=facility).exists():
        services.start_drill(secretariat, facility)
