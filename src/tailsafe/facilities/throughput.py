"""Throughput and years of operation from sources (data/facilities_throughput.csv, issue 17).

methodology.md: a facility with neither volume nor mass may get a labelled *estimate*,
throughput (t/year) x years of operation, both from sources. Only facilities whose sources give
both are listed; each row keeps its basis, source and confidence in ``Facility.provenance``.
Like the enriched inventory, a value a person entered is never overwritten (only empty fields
are filled) and running it again changes nothing.
"""

from __future__ import annotations

import csv
from decimal import Decimal

from django.db import transaction

from tailsafe.facilities.candidates import DATA
from tailsafe.facilities.models import Facility
from tailsafe.methodology.services import recompute_assessment

FIELDS = ("throughput_t_per_year", "operating_years")


@transaction.atomic
def apply_throughput() -> list[str]:
    """Fill empty throughput and years of operation; returns the codes changed."""
    changed = []
    with (DATA / "facilities_throughput.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        facility = Facility.objects.select_for_update().filter(code=row["id"].strip()).first()
        if facility is None:
            continue
        entry = {
            "source": row["source"].strip(),
            "confidence": row["confidence"].strip() or "low",
            "note": row["basis"].strip()[:500],
        }
        moved = []
        for name in FIELDS:
            if getattr(facility, name) is None and row[name].strip():
                setattr(facility, name, Decimal(row[name].strip()))
                facility.provenance = {**(facility.provenance or {}), name: entry}
                moved.append(name)
        if not moved:
            continue
        facility.full_clean()
        facility._change_reason = "throughput from data/facilities_throughput.csv"
        facility.save()
        recompute_assessment(facility, reason="throughput: " + ", ".join(moved))
        changed.append(facility.code)
    return changed
