"""Seed and demo data for governance. Idempotent: running it twice changes nothing."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from tailsafe.governance.models import (
    CoChairTerm,
    Guest,
    Institution,
    LpiChange,
    Membership,
    Person,
    RotationConfig,
)
from tailsafe.governance.services import DEFAULT_ROTATION_ORDER
from tailsafe.governance.terms import add_years

DATA = Path(__file__).resolve().parent / "data"

TYPE_MAP = {
    "ministry": Institution.Type.MINISTRY,
    "committee": Institution.Type.COMMITTEE,
    "state service": Institution.Type.STATE_SERVICE,
    "agency": Institution.Type.AGENCY,
    "academy": Institution.Type.ACADEMY,
    "research institute": Institution.Type.RESEARCH,
    "state body": Institution.Type.STATE_BODY,
    "NGO": Institution.Type.NGO,
}

# A one-page PDF standing in for a scanned letter in the demo data only.
DEMO_LETTER = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

# Fictional people, clearly marked as demo.
DEMO_PEOPLE = [
    ("energy_water", "Демо: Алиев Фаррух", "demo.aliev@example.org"),
    ("industry", "Демо: Каримова Нигина", "demo.karimova@example.org"),
    ("emergencies", "Демо: Рахимов Шерали", "demo.rahimov@example.org"),
    ("environment", "Демо: Саидова Мадина", "demo.saidova@example.org"),
    ("industrial_safety", "Демо: Назаров Джамшед", "demo.nazarov@example.org"),
]


def load_institutions() -> int:
    """The institutions of the reference list with their sources (G2), and their official Tajik
    names where none was entered yet. Existing rows are kept."""
    created = 0
    with open(DATA / "institutions.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            inst, was_created = Institution.objects.get_or_create(
                key=row["key"],
                defaults={
                    "type": TYPE_MAP.get(row["type"].strip(), Institution.Type.STATE_BODY),
                    "name_en": row["name_en"].strip(),
                    "name_ru": row["name_ru"].strip(),
                    "rotating_cochair": row["rotating_cochair"].strip() == "yes",
                    "secretariat": row["secretariat"].strip() == "yes",
                    "role_in_tor": row["role_in_tor"].strip(),
                    "source": row["source"].strip(),
                    "confidence": row["confidence"].strip(),
                    "in_lpi": True,
                },
            )
            if was_created:
                created += 1
                LpiChange.objects.create(
                    institution=inst,
                    kind=LpiChange.Kind.ADDED,
                    effective_on=timezone.localdate(),
                    decided_at="Seed: reference list (shared/data/institutions.csv)",
                )
    apply_tajik_names()
    return created


TAJIK_NAME_REASON = "Tajik name from the reference list"


def apply_tajik_names(institution_model: Any = Institution, history_model: Any = None) -> int:
    """Official Tajik names from ``institutions_tg.csv`` (P1) into ``name_tg``, with where each was
    found. Idempotent, and a Tajik name the secretariat already entered or edited is never
    overwritten: only empty ``name_tg`` fields are filled. Each fill is a history entry of its
    own. A data migration passes its historical models (which record no history by
    themselves). Returns how many names were filled."""
    filled = 0
    with open(DATA / "institutions_tg.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = row["name_tg"].strip()
            inst = institution_model.objects.filter(key=row["id"].strip(), name_tg="").first()
            if not name or inst is None:
                continue
            inst.name_tg = name
            inst.name_tg_source = " | ".join(
                part for part in (row["source_url"].strip(), row["quote"].strip()) if part
            )
            inst.name_tg_confidence = row["confidence"].strip()
            inst._change_reason = TAJIK_NAME_REASON
            inst.save()
            if history_model is not None:
                history_model.objects.create(
                    **{f.attname: getattr(inst, f.attname) for f in inst._meta.concrete_fields},
                    history_date=timezone.now(),
                    history_type="~",
                    history_change_reason=TAJIK_NAME_REASON,
                )
            filled += 1
    return filled


def load_rotation() -> None:
    if not RotationConfig.objects.exists():
        RotationConfig.objects.create(
            order=list(DEFAULT_ROTATION_ORDER), start_year=timezone.localdate().year
        )


@transaction.atomic
def load_demo(users: dict[str, Any]) -> None:
    """Fictional members (one per rotating authority), this year's co-chair term, one guest."""
    today = timezone.localdate()
    start = today.replace(month=1, day=1)
    for key, name, email in DEMO_PEOPLE:
        inst = Institution.objects.get(key=key)
        person, _created = Person.objects.get_or_create(
            full_name=name, defaults={"email": email, "is_demo": True}
        )
        if not Membership.objects.filter(person=person, institution=inst).exists():
            # One term ends within 90 days so the dashboard shows the warning.
            end = (
                (today + dt.timedelta(days=45))
                if key == "environment"
                else (add_years(start, 2) - dt.timedelta(days=1))
            )
            begin = add_years(end + dt.timedelta(days=1), -2)
            membership = Membership(
                person=person,
                institution=inst,
                start_date=begin,
                end_date=end,
                letter_reference="DEMO",
            )
            membership.letter.save(f"demo-letter-{key}.pdf", ContentFile(DEMO_LETTER), save=False)
            membership.save()
    cochair_user = users.get("co_chair")
    config = RotationConfig.objects.order_by("id").first()
    if (
        config
        and today.year >= config.start_year
        and not CoChairTerm.objects.filter(year=today.year).exists()
    ):
        from tailsafe.governance.rotation import leading_authority

        lead = Institution.objects.get(
            key=leading_authority(config.order, config.start_year, today.year)
        )
        official = Person.objects.filter(memberships__institution=lead, is_demo=True).first()
        if official and cochair_user and official.user_id is None:
            official.user = cochair_user
            official.save()
        CoChairTerm.objects.create(
            year=today.year, institution=lead, senior_official=official, official_user=cochair_user
        )
    # The demo guest's account reads the meetings this guest is invited to (matched by e-mail).
    guest_user = users.get("guest")
    guest_email = guest_user.email if guest_user is not None else "demo.guest@example.org"
    guest, _created = Guest.objects.get_or_create(
        name="Демо: Aarhus Centre guest expert",
        defaults={
            "kind": Guest.Kind.PERSON,
            "organisation": "Aarhus Centre Khujand (demo)",
            "email": guest_email,
            "is_demo": True,
        },
    )
    if guest.is_demo and guest.email != guest_email:
        guest.email = guest_email
        guest.save(update_fields=["email"])
