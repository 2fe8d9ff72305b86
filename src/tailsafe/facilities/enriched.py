"""Apply the enriched inventory (data/facilities_enriched.csv, issue 17) to the facilities.

The enriched file is newer than the candidate list: T01-T16 with settlement-level coordinates,
an uncertainty radius, masses or volumes where a source gives them, area, dam height, status,
river and basin (the distance to the border is computed, not loaded), plus three Taboshar
sub-objects (T17-T19, added as candidates). The Tajik names come from data/facilities_tg_names.csv.

What the secretariat decided is never overwritten (data/README.md): on a confirmed facility only
empty fields are filled; on a candidate a field is replaced only while it is empty or still holds
the value the candidate list gave it. Every value set keeps its source, confidence and basis in
``Facility.provenance``. Running it again changes nothing.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Field

from tailsafe.facilities.candidates import DATA, facility_values, load_settlements
from tailsafe.facilities.inventory import single_number, split_sources, status_of
from tailsafe.facilities.models import Facility
from tailsafe.facilities.services import ASSESSMENT_INPUTS
from tailsafe.methodology.services import recompute_assessment

ENRICHED_NOTE = "facilities_enriched.csv (TailSafe reference data, 2026)"
TG_NAMES_NOTE = (
    "TailSafe translators' rendering in Tajik orthography (data/facilities_tg_names.csv); "
    "no official Tajik name found, to be checked by the secretariat"
)
BASINS = (("syr darya", "syr_darya"), ("zeravshan", "zeravshan"), ("amu darya", "amu_darya"))
SIX = Decimal("0.000001")


@dataclass
class EnrichedReport:
    """What one run did: facilities added, fields set, and fields kept because a person set them."""

    added: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)
    kept: dict[str, list[str]] = field(default_factory=dict)


def _inferred(text: str) -> bool:
    return "inference" in text.lower() or "unverified" in text.lower()


def enriched_values(
    row: dict[str, str], tajik: dict[str, str]
) -> tuple[dict[str, Any], dict[str, dict[str, str]]]:
    """Model values and provenance for one row of the enriched file; empty cells give nothing."""
    sources = split_sources(row["sources"])
    source = " ; ".join(sources)
    confidence = row["confidence"].strip() or "low"
    values: dict[str, Any] = {}
    prov: dict[str, dict[str, str]] = {}

    def put(name: str, value: Any, conf: str = confidence, note: str = "") -> None:
        values[name] = value
        prov[name] = {"source": source, "confidence": conf, "note": note[:500]}

    put("name_en", row["name_en"].strip())
    put("name_ru", row["name_ru"].strip() or row["name_en"].strip())
    code = row["id"].strip()
    if tajik.get(code):
        values["name_tg"] = tajik[code]
        prov["name_tg"] = {"source": TG_NAMES_NOTE, "confidence": "medium", "note": ""}
    if row["lat"].strip() and row["lon"].strip():
        basis = row["coord_basis"].strip()
        approx = any(w in basis.lower() for w in ("settlement", "centroid", "town", "mirror"))
        put("latitude", Decimal(row["lat"]).quantize(SIX), "low" if approx else confidence, basis)
        put("longitude", Decimal(row["lon"]).quantize(SIX), "low" if approx else confidence, basis)
        values["location_basis"] = (
            Facility.LocationBasis.SETTLEMENT_APPROXIMATE
            if approx
            else Facility.LocationBasis.SURVEYED
        )
        radius = single_number(row["coord_uncertainty_km"])
        if radius is not None:
            put("coord_uncertainty_km", radius, "low", "a judgement from the source text")
    basis_text = row["volume_basis"].strip()
    volume = single_number(row["tailings_volume_m3"])
    if volume is not None:
        low = "low confidence" in basis_text.lower() or "forum" in basis_text.lower()
        put("volume_m3", volume, "low" if low else confidence, basis_text)
        values["volume_basis"] = basis_text[:300]
    mass = single_number(row["tailings_mass_t"])
    if mass is not None:
        put("mass_t", mass, note=basis_text)
    for name, column in (("area_ha", "area_ha"), ("dam_height_m", "dam_height_m")):
        number = single_number(row[column])
        if number is not None:
            put(name, number)
    commodity = row["commodity"].strip()
    if commodity:
        put("commodity", commodity.split(" (")[0].strip(), note=commodity)
    for name, column in (
        ("hazardous_substances", "hazardous_substances"),
        ("river", "river"),
        ("downstream_countries", "downstream_country"),
    ):
        text = row[column].strip()
        if text:
            put(name, text, "low" if _inferred(text) else confidence)
    basin_text = row["basin"].strip()
    for needle, key in BASINS:
        if needle in basin_text.lower():
            put("basin", key, "low" if _inferred(basin_text) else confidence, basin_text)
            break
    # distance_to_border_km is not loaded: it is a straight line computed on Natural Earth,
    # not a source value, and the platform computes it from the coordinates (borders.py).
    status_text = row["status"].strip()
    if status_text:
        put("status_note", status_text)
        status = status_of(status_text)
        if status:
            put("status", status, note=status_text)
    if "radionucl" in row["hazardous_substances"].lower():
        put("radioactive", True, note=row["hazardous_substances"])
    ranges = [
        f"{label}: {row[column].strip()} (a range, not stored as one value)"
        for label, column in (("dam height, m", "dam_height_m"), ("area, ha", "area_ha"))
        if row[column].strip() and single_number(row[column]) is None
    ]
    incidents = row["incidents"].strip()
    values["notes"] = "\n".join([t for t in [incidents, *ranges] if t])
    values["sources"] = "\n".join(sources)
    values["confidence"] = confidence
    return values, prov


def _read(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _empty(name: str, value: Any) -> bool:
    """Blank, or still the model's default (status and location basis start as "unknown")."""
    model_field = Facility._meta.get_field(name)
    default = model_field.get_default() if isinstance(model_field, Field) else None
    return value is None or value == "" or value == default


@transaction.atomic
def apply_enriched() -> EnrichedReport:
    """Add T17-T19 and bring T01-T16 up to the enriched file, keeping what people decided."""
    report = EnrichedReport()
    tajik = {r["id"].strip(): r["name_tg"].strip() for r in _read("facilities_tg_names.csv")}
    settlements = load_settlements()
    seeded = {
        r["id"].strip(): facility_values(r, settlements)[0]
        for r in _read("facilities_candidates.csv")
    }
    for row in _read("facilities_enriched.csv"):
        code = row["id"].strip()
        values, prov = enriched_values(row, tajik)
        facility = Facility.objects.select_for_update().filter(code=code).first()
        if facility is None:
            facility = Facility(code=code, provenance=prov, **values)
            facility.full_clean()
            facility._change_reason = f"imported from {ENRICHED_NOTE}"  # type: ignore[attr-defined]
            facility.save()
            recompute_assessment(facility, reason="imported")
            report.added.append(code)
            continue
        confirmed = facility.confirmation == Facility.Confirmation.CONFIRMED
        before = {n: getattr(facility, n) for n in ASSESSMENT_INPUTS}
        seed = seeded.get(code, {})
        changed: list[str] = []
        for name, value in values.items():
            current = getattr(facility, name)
            if current == value:
                continue
            from_seed = name in seed and current == seed[name]
            if _empty(name, current) or (not confirmed and from_seed):
                setattr(facility, name, value)
                if name in prov:
                    facility.provenance = {**(facility.provenance or {}), name: prov[name]}
                changed.append(name)
            else:
                report.kept.setdefault(code, []).append(name)
        if not changed:
            continue
        facility.full_clean()
        facility._change_reason = f"updated from {ENRICHED_NOTE}"
        facility.save()
        report.updated[code] = changed
        moved = [n for n in ASSESSMENT_INPUTS if getattr(facility, n) != before[n]]
        if moved:
            recompute_assessment(facility, reason="enriched inventory: " + ", ".join(sorted(moved)))
    return report
