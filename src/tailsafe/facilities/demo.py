"""Seed the inventory (the candidate list, then the enriched inventory, both reference data) and,
for the demo only, a fictional operator running one facility."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tailsafe.facilities.candidates import load_candidates
from tailsafe.facilities.enriched import apply_enriched
from tailsafe.facilities.models import Facility
from tailsafe.facilities.throughput import apply_throughput
from tailsafe.methodology.services import recompute_assessment

DEMO_OPERATOR_KEY = "demo-operator-anzob"
DEMO_OPERATOR_FACILITY = "T06"


@transaction.atomic
def load_demo_operator(users: dict[str, Any]) -> None:
    """Demo only: a fictional operator institution running one facility, with demo-operator as
    its user, so the operator's own-facility rules can be tried."""
    from tailsafe.governance.models import Institution

    facility = Facility.objects.filter(code=DEMO_OPERATOR_FACILITY).first()
    operator_user = users.get("operator")
    if facility is None or operator_user is None:
        return
    inst, _created = Institution.objects.get_or_create(
        key=DEMO_OPERATOR_KEY,
        defaults={
            "type": Institution.Type.OPERATOR,
            "name_ru": "Демо: оператор хвостохранилища (вымышленный)",
            "name_tg": "Демо: оператори партовгоҳ (тахайюлӣ)",
            "name_en": "Demo: tailings facility operator (fictional)",
            "in_lpi": False,
            "source": "demo data",
            "confidence": "low",
        },
    )
    if facility.operator_id is None:
        facility.operator = inst
        facility._change_reason = "demo operator assigned"
        facility.save()
    if operator_user.institution_id is None:
        operator_user.institution = inst
        operator_user.save(update_fields=["institution"])


def recompute_unranked_with_quantity() -> int:
    """A database made before volume intervals (issue 17) kept "tailings volume required" for
    facilities with only a mass or a throughput: recompute those, once (then they are ranked)."""
    stale = (
        Facility.objects.filter(archived_at__isnull=True)
        .exclude(current_assessment__error="")
        .exclude(mass_t__isnull=True, throughput_t_per_year__isnull=True)
    )
    count = 0
    for facility in stale:
        recompute_assessment(facility, reason="volume interval from mass or throughput")
        count += 1
    return count


def load(users: dict[str, Any] | None) -> None:
    """Load reference data (always) and demo data (when users is not None)."""
    load_candidates()
    apply_enriched()
    apply_throughput()
    recompute_unranked_with_quantity()
    if users is not None:
        load_demo_operator(users)
