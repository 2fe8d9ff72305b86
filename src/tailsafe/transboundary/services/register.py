"""The register of receiving bodies abroad, their routing rules and contacts (item 1)."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tailsafe.core.audit import save_with_audit
from tailsafe.core.permissions import Perm, require
from tailsafe.facilities.models import Facility
from tailsafe.transboundary import reach
from tailsafe.transboundary.models import (
    EmergencyContact,
    ReceivingBody,
    RoutingRule,
)
from tailsafe.transboundary.services.base import CONTACTS_CSV

if TYPE_CHECKING:
    from tailsafe.core.models import User

# --- the register (item 1) ----------------------------------------------------------------


def seed_bodies() -> int:
    """Load the receiving bodies of the reference list (idempotent; channels untouched)."""
    created = 0
    with CONTACTS_CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            url = row["source_url"].strip()
            _body, new = ReceivingBody.objects.get_or_create(
                country=row["country"].strip(),
                name=row["body"].strip(),
                defaults={
                    "role": row["role"].strip(),
                    "source_url": "" if url == "NOT FOUND" else url,
                    "notes": row["notes"].strip(),
                    "seeded": True,
                },
            )
            created += new
    return created


@transaction.atomic
def save_body(user: User, body: ReceivingBody, data: dict[str, Any]) -> ReceivingBody:
    """The secretariat records a body's channel (e-mail, language) or adds a body."""
    require(user, Perm.MANAGE_CORRESPONDENCE)
    fields = (
        ("email", "language") if body.seeded else ("country", "name", "role", "email", "language")
    )
    changed = False
    for key in fields:
        if key in data and getattr(body, key) != data[key]:
            setattr(body, key, data[key])
            changed = True
    if changed or body.pk is None:
        body.full_clean()
        save_with_audit(body, user, "channel recorded")
    return body


@transaction.atomic
def add_rule(user: User, body: ReceivingBody, data: dict[str, str]) -> RoutingRule:
    """A routing rule: tell ``body`` about facilities of a basin, river or downstream country."""
    require(user, Perm.MANAGE_CORRESPONDENCE)
    rule = RoutingRule(
        body=body,
        basin=data.get("basin", ""),
        river=data.get("river", "").strip(),
        downstream_country=data.get("downstream_country", "").strip(),
    )
    if not (rule.basin or rule.river or rule.downstream_country):
        raise ValidationError(_("Give a basin, a river or a downstream country."))
    rule.full_clean()
    save_with_audit(rule, user, "routing rule added")
    return rule


@transaction.atomic
def add_contact(user: User, facility: Facility, data: dict[str, Any]) -> EmergencyContact:
    """An emergency contact of a facility, by role, in call order."""
    require(user, Perm.MANAGE_CORRESPONDENCE)
    contact = EmergencyContact(facility=facility, **data)
    contact.full_clean()
    save_with_audit(contact, user, "emergency contact added")
    return contact


def bodies_for(facility: Facility) -> list[ReceivingBody]:
    """The bodies whose routing rules match the facility."""
    found: dict[int, ReceivingBody] = {}
    for r in RoutingRule.objects.select_related("body"):
        criteria = {
            "basin": r.basin,
            "river": r.river,
            "downstream_country": r.downstream_country,
        }
        if reach.rule_matches(
            criteria, facility.basin, facility.river, facility.downstream_countries
        ):
            found[r.body_id] = r.body
    return sorted(found.values(), key=lambda b: (b.country, b.name))
