"""The candidate list (data/facilities_candidates.csv) as facilities; idempotent.

Every row becomes a *candidate* awaiting the secretariat's confirmation. Unknowns stay unknown:
a value is set only when the CSV states it (a stored volume only from a figure in m³, a mass
only from a figure in tonnes), and every value keeps its source and confidence in
``Facility.provenance``. Where the CSV has no coordinates, the nearest settlement's coordinates
(data/settlements.csv, GeoNames) are used with the basis "settlement, approximate".
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from tailsafe.facilities.inventory import status_of
from tailsafe.facilities.models import Facility
from tailsafe.methodology.services import recompute_assessment

DATA = Path(__file__).resolve().parent / "data"
SEED_NOTE = "facilities_candidates.csv (TailSafe reference data)"

# Spelling variants of settlement names (2016 GeoNames names, see data/README.md).
ALIASES = {
    "Istiqlol": "Taboshar",
    "Chkalovsk": "Chkalov",
    "Adrasman": "Adrasmon",
    "Gafurov": "Ghafurov",
    "Kansai": "Konsoy",
}

BASINS = (("syr darya", "syr_darya"), ("zeravshan", "zeravshan"), ("amu darya", "amu_darya"))


def load_settlements() -> dict[str, tuple[Decimal, Decimal, str]]:
    """Tajik settlements by name -> (lat, lon, source)."""
    found: dict[str, tuple[Decimal, Decimal, str]] = {}
    with open(DATA / "settlements.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["country"] == "TJ":
                found[row["name"]] = (
                    Decimal(row["lat"]).quantize(Decimal("0.000001")),
                    Decimal(row["lon"]).quantize(Decimal("0.000001")),
                    row["source"],
                )
    return found


def match_settlement(text: str, settlements: dict[str, Any]) -> str | None:
    """The settlement named as the location: only the first phrase, and not a phrase that
    gives a distance or direction from a town ("~2 km from", "east of")."""
    first = re.split(r"[,;]", text, maxsplit=1)[0]
    if not first.strip() or "km" in first or re.search(r"\bof\b", first):
        return None
    for word in re.findall(r"[A-Za-z']+", first):
        name = str(ALIASES.get(word, word))
        if name in settlements:
            return name
    return None


def _number(pattern: str, text: str) -> Decimal | None:
    m = re.search(pattern, text)
    if not m:
        return None
    value = Decimal(m.group(1).replace(",", ""))
    return value * Decimal(1_000_000) if m.group(2) else value


def facility_values(
    row: dict[str, str], settlements: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, dict[str, str]]]:
    """Model values and provenance for one CSV row (module docstring: never a guess)."""
    source = row["source"].strip()
    confidence = row["confidence"].strip() or "low"
    uncertain = row["uncertain_fields"].strip()
    prov: dict[str, dict[str, str]] = {}

    def put(field: str, value: Any, conf: str = confidence, note: str = "") -> None:
        values[field] = value
        prov[field] = {"source": source, "confidence": conf, "note": note}

    values: dict[str, Any] = {}
    put("name_en", row["name_en"].strip())
    put("name_ru", row["name_ru"].strip() or row["name_en"].strip())
    values["other_names"] = row["other_names"].strip()
    for field, column in (
        ("region", "region"),
        ("district", "district"),
        ("nearest_settlement", "nearest_settlement_or_location"),
        ("commodity", "commodity"),
        ("operator_note", "operator_owner"),
        ("status_note", "status"),
        ("hazardous_substances", "hazardous_substances"),
        ("river", "river"),
        ("downstream_countries", "downstream_country"),
        ("natural_hazards_note", "natural_hazards"),
    ):
        text = row[column].strip()
        if text:
            low = "unverified" in text or "inference" in text
            put(field, text, "low" if low else confidence)
    status = status_of(row["status"])
    if status:
        put("status", status, note=row["status"])
    basin_text = row["basin"].strip()
    for needle, key in BASINS:
        if needle in basin_text.lower():
            put("basin", key, "low" if "(" in basin_text else confidence, basin_text)
            break
    # Location
    if row["lat"].strip() and row["lon"].strip():
        basis = row["coord_basis"].strip()
        approx = any(w in basis.lower() for w in ("town", "centroid", "settlement"))
        put("latitude", Decimal(row["lat"]), note=basis)
        put("longitude", Decimal(row["lon"]), note=basis)
        values["location_basis"] = (
            Facility.LocationBasis.SETTLEMENT_APPROXIMATE
            if approx
            else Facility.LocationBasis.SURVEYED
        )
    else:
        name = match_settlement(row["nearest_settlement_or_location"], settlements)
        if name:
            lat, lon, geo_source = settlements[name]
            note = f"coordinates of the settlement {name}, not of the facility"
            values["latitude"], values["longitude"] = lat, lon
            prov["latitude"] = prov["longitude"] = {
                "source": geo_source,
                "confidence": "low",
                "note": note,
            }
            values["location_basis"] = Facility.LocationBasis.SETTLEMENT_APPROXIMATE
        else:
            values["location_basis"] = Facility.LocationBasis.UNKNOWN
    # Quantities: m³ figures become the stored volume, tonnes the mass; the raw text is kept.
    quantity = row["tailings_quantity"].strip()
    if quantity:
        values["volume_unit"] = quantity
        volume = _number(r"~?([\d][\d,.]*)\s*(million)?\s*m3", quantity)
        if volume is not None:
            low = "low" in quantity or "volume" in uncertain
            put("volume_m3", volume, "low" if low else confidence, quantity)
            values["volume_basis"] = "stored volume as reported (CSV tailings_quantity)"
        mass = _number(r"~?([\d][\d,.]*)\s*(million)?\s*t\b", quantity)
        if mass is not None:
            put("mass_t", mass, note=quantity)
    # Downstream
    border = row["distance_to_border_km"].strip()
    if border and re.fullmatch(r"[\d.]+", border):
        put("distance_to_border_km", Decimal(border))
    elif border:
        values["notes"] = f"Distance to the border as reported: {border}. "
    if "radionucl" in row["hazardous_substances"].lower():
        put("radioactive", True, note=row["hazardous_substances"])
    # Natech (T4): the GSHAP intensity range reported country-wide; its lower bound is kept.
    hazards = row["natural_hazards"]
    m = re.search(r"intensity (VIII|IX|VII|VI)(?:-[IVX]+)? MSK", hazards)
    if m:
        roman = {"VI": 6, "VII": 7, "VIII": 8, "IX": 9}[m.group(1)]
        put("seismic_msk64", Decimal(roman), "medium", hazards)
        values["seismic_source"] = "GSHAP (country-wide value, 5% in 50 years), as reported"
    values["notes"] = (
        values.get("notes", "")
        + row["incidents_notes"].strip()
        + (f"\nUncertain in the source list: {uncertain}." if uncertain else "")
    ).strip()
    values["sources"] = source.replace(" ; ", "\n")
    values["confidence"] = confidence
    return values, prov


@transaction.atomic
def load_candidates() -> int:
    """Import the candidate facilities once each (by code); returns how many were added."""
    settlements = load_settlements()
    added = 0
    with open(DATA / "facilities_candidates.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["id"].strip()
            if Facility.objects.filter(code=code).exists():
                continue
            values, prov = facility_values(row, settlements)
            facility = Facility(code=code, provenance=prov, **values)
            facility.full_clean()
            facility._change_reason = f"imported from {SEED_NOTE}"  # type: ignore[attr-defined]
            facility.save()
            recompute_assessment(facility, reason="imported")
            added += 1
    return added
