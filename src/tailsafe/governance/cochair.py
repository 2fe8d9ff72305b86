"""Who co-chairs when (G4, §21-22, §28): the configured rotation and the recorded terms, read.

A recorded term counts only while it names the authority that leads its year under the
current rotation; its official holds the approval rights of that year only while their account
belongs to that authority. ``governance.rules.is_leading_cochair`` is the one check of those
rights; writes are in ``rotation_services``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tailsafe.governance import rotation
from tailsafe.governance.models import CoChairTerm, Institution, RotationConfig

# The five rotating authorities of §21, in the order the paragraph names them.
DEFAULT_ROTATION_ORDER = (
    "energy_water",
    "industry",
    "emergencies",
    "environment",
    "industrial_safety",
)


def rotation_config() -> RotationConfig:
    """The configured rotation; defaults to §21's five authorities from the current year."""
    config = RotationConfig.objects.order_by("id").first()
    if config is None:
        return RotationConfig(
            order=list(DEFAULT_ROTATION_ORDER), start_year=timezone.localdate().year
        )
    return config


def leading_key(year: int, config: RotationConfig | None = None) -> str | None:
    """The key of the authority leading in `year`, or None before the rotation starts."""
    config = config or rotation_config()
    if year < config.start_year or not config.order:
        return None
    return rotation.leading_authority(config.order, config.start_year, year)


def leading_and_next(year: int | None = None) -> tuple[Institution | None, Institution | None]:
    """The leading co-chair authority of `year` (default: this year) and the next one."""
    config = rotation_config()
    year = year or timezone.localdate().year
    if year < config.start_year:
        return None, None
    lead_key = rotation.leading_authority(config.order, config.start_year, year)
    next_key = rotation.leading_authority(config.order, config.start_year, year + 1)
    by_key = Institution.objects.in_bulk([lead_key, next_key], field_name="key")
    return by_key.get(lead_key), by_key.get(next_key)


def rotation_schedule(from_year: int | None = None, years: int = 10) -> list[dict[str, Any]]:
    """Rows (year, leading, next, term) for `years` from `from_year` (default: this year)."""
    config = rotation_config()
    from_year = max(from_year or timezone.localdate().year, config.start_year)
    rows = rotation.schedule(config.order, config.start_year, from_year, years)
    keys = set(config.order)
    by_key = Institution.objects.in_bulk(list(keys), field_name="key")
    terms_by_year = {
        t.year: t
        for t in CoChairTerm.objects.filter(
            year__gte=from_year, year__lt=from_year + years
        ).select_related("senior_official", "institution")
    }
    return [
        {
            "year": y,
            "leading": by_key.get(lead),
            "next": by_key.get(nxt),
            "lead_key": lead,
            "term": terms_by_year.get(y),
        }
        for y, lead, nxt in rows
    ]


def leading_term(on: dt.date | int | None = None) -> CoChairTerm | None:
    """The term in force on a day (or in a year; default today), if one is recorded and it
    still names the authority leading that year under the current rotation (§21-22)."""
    year = on if isinstance(on, int) else (on or timezone.localdate()).year
    term = (
        CoChairTerm.objects.filter(year=year)
        .select_related("institution", "official_user", "senior_official")
        .first()
    )
    if term is None or term.institution.key != leading_key(year):
        return None
    return term


def leading_cochair_user(year: dt.date | int | None = None) -> Any:
    """The user account holding the approval rights of the leading co-chair on a day (or in a
    year; default today): the official of the term in force, while their account belongs to
    the leading authority (§28). None when nobody holds them."""
    term = leading_term(year)
    user = term.official_user if term else None
    if user is None or term is None or user.institution_id != term.institution_id:
        return None
    return user
