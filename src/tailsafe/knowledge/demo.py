"""Reference data of the knowledge base (K3 lessons, K4 EPR recommendations); idempotent.
Sources: data/README.md."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.utils.text import slugify

from tailsafe.knowledge.models import EprRecommendation, Lesson, Practice

DATA = Path(__file__).parent / "data"

# §13 of the terms of reference, the only public text of these recommendations here.
EPR_PENDING = (
    "Full text to be entered by the secretariat from the 3rd EPR of Tajikistan; "
    "this summary is taken from §13 of the terms of reference."
)
EPR = (
    (
        "6.6",
        "Industrial Accidents Convention and Water Convention (capacity to accede)",
        "Strengthen the capacity to access the UNECE Industrial Accidents Convention and the UNECE "
        "Water Convention (ToR §13 (b), recommendations 6.6 and 15.5). " + EPR_PENDING,
    ),
    (
        "15.3",
        "Risk management of hazardous tailings",
        "Strengthen the country's own approach to risk management of hazardous tailings, including "
        "through improved national coordination and implementation of joint national inspections "
        "(ToR §13 (a), recommendation 15.3). " + EPR_PENDING,
    ),
    (
        "15.5",
        "Industrial Accidents Convention and Water Convention (capacity to accede)",
        "Strengthen the capacity to access the UNECE Industrial Accidents Convention and the UNECE "
        "Water Convention (ToR §13 (b), recommendations 6.6 and 15.5). The group also provides a "
        "platform to agree on and monitor the implementation of the draft national action plan "
        "(2021) for the EPR recommendations related to the Convention. " + EPR_PENDING,
    ),
)

GUIDANCE = (
    (
        "UNECE Safety Guidelines and Good Practices for Tailings Management Facilities",
        "UNECE",
        2014,
        "https://unece.org/environment-policy/publications/safety-guidelines-and-good-practices-tailings-management-facilities",
    ),
    (
        "Global Industry Standard on Tailings Management (GISTM)",
        "ICMM, UNEP, PRI",
        2020,
        "https://globaltailingsreview.org/",
    ),
)


def _num(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def load_lessons() -> int:
    """The five accidents of §5 and the 53 historical failures (CSP2) as lessons learned."""
    created = 0
    with (DATA / "reference_accidents.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            key = "accident-" + slugify(row["name"])[:100]
            _obj, new = Lesson.objects.update_or_create(
                key=key,
                defaults={
                    "kind": Lesson.Kind.ACCIDENT,
                    "name": row["name"],
                    "country": row["country"],
                    "date_text": row["date"],
                    "year": int(row["date"][:4]),
                    "facility_type": "tailings",
                    "operator": row["operator"],
                    "cause": row["what_failed"],
                    "released": row["released"],
                    "fatalities": row["fatalities"],
                    "rivers": row["rivers"],
                    "transboundary": row["transboundary"],
                    "lessons": row["lessons"],
                    "sources": row["sources"],
                    "confidence": row["confidence"],
                },
            )
            created += new
    with (DATA / "tailings_failures.csv").open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh), start=1):
            key = f"failure-{slugify(row['name'])[:80]}-{row['year']}-{i}"
            _obj, new = Lesson.objects.update_or_create(
                key=key,
                defaults={
                    "kind": Lesson.Kind.FAILURE,
                    "name": row["name"],
                    "country": row["country"],
                    "date_text": row["year"],
                    "year": int(row["year"]) if row["year"].isdigit() else None,
                    "facility_type": "tailings dam",
                    "dam_height_m": _num(row["dam_height_m"]),
                    "total_volume_mm3": _num(row["total_volume_Mm3"]),
                    "released_volume_mm3": _num(row["released_volume_Mm3"]),
                    "runout_km": _num(row["runout_km"]),
                    "sources": row["source"],
                    "confidence": "high",
                },
            )
            created += new
    return created


def load_epr() -> None:
    for code, title, summary in EPR:
        EprRecommendation.objects.get_or_create(
            code=code, defaults={"title": title, "summary": summary}
        )


def load_guidance() -> None:
    for title, org, year, link in GUIDANCE:
        Practice.objects.get_or_create(
            title=title,
            defaults={
                "kind": Practice.Kind.GUIDANCE,
                "organisation": org,
                "year": year,
                "link": link,
            },
        )


def load(users: dict[str, Any] | None) -> None:
    """Reference data (always): lessons, EPR recommendations, international guidance."""
    load_lessons()
    load_epr()
    load_guidance()
