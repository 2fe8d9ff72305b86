"""Named writes of the co-chair rotation (G4, §21-22, §28): the rotation order and the terms.

The order holds exactly the five rotating authorities; a term's official belongs to the
authority leading that year; a new order recomputes the terms not yet started, so that the
approval rights move with them (``governance.rules.is_leading_cochair``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tailsafe.core.audit import save_if_changed, save_with_audit
from tailsafe.core.permissions import Perm, require
from tailsafe.governance import rotation, signals
from tailsafe.governance.cochair import leading_key, rotation_config
from tailsafe.governance.models import CoChairTerm, Institution, Membership, Person, RotationConfig

if TYPE_CHECKING:
    from tailsafe.core.models import User


def _names(keys: Sequence[str]) -> str:
    by_key = Institution.objects.in_bulk(list(keys), field_name="key")
    return ", ".join(str(by_key[k]) if k in by_key else k for k in keys)


def _check_order(order: list[str]) -> None:
    """Exactly the rotating authorities of §21, each once (issue 15)."""
    if not order:
        raise ValidationError({"order": _("The rotation order is empty.")})
    twice = sorted({key for key in order if order.count(key) > 1})
    if twice:
        raise ValidationError(
            {
                "order": _("An authority appears twice in the rotation order: %(names)s.")
                % {"names": _names(twice)}
            }
        )
    known = set(Institution.active.filter(key__in=order).values_list("key", flat=True))
    unknown = [key for key in order if key not in known]
    if unknown:
        raise ValidationError(
            {"order": _("Unknown institutions: %(keys)s.") % {"keys": ", ".join(unknown)}}
        )
    rotating = set(Institution.active.filter(rotating_cochair=True).values_list("key", flat=True))
    outsiders = [key for key in order if key not in rotating]
    if outsiders:
        raise ValidationError(
            {
                "order": _(
                    "Not a rotating co-chair authority of §21: %(names)s. The rotation holds "
                    "only the five rotating authorities."
                )
                % {"names": _names(outsiders)}
            }
        )
    missing = sorted(rotating - set(order))
    if missing:
        raise ValidationError(
            {
                "order": _(
                    "The rotation holds all five rotating authorities of §21; missing: %(names)s."
                )
                % {"names": _names(missing)}
            }
        )


@transaction.atomic
def configure_rotation(user: User, *, order: Sequence[str], start_year: int) -> RotationConfig:
    """Set the rotation order and start year (§21-22). The order holds exactly the five
    rotating authorities, each once. Terms already started keep their authority (a change
    that would give a started term another authority is refused); the terms not yet started
    are recomputed, their official kept only if they belong to the new authority, so the
    approval rights move with the order. Nothing changes when refused."""
    require(user, Perm.MANAGE_ROTATION)
    order = [key.strip() for key in order if key.strip()]
    _check_order(order)
    if not 1990 <= start_year <= 2200:
        raise ValidationError({"start_year": _("Enter a year between 1990 and 2200.")})
    config = RotationConfig.objects.select_for_update().order_by("id").first() or RotationConfig()
    this_year = timezone.localdate().year
    started = CoChairTerm.objects.filter(year__lte=this_year).select_related("institution")
    for term in started:
        new_key = (
            rotation.leading_authority(order, start_year, term.year)
            if term.year >= start_year
            else None
        )
        if term.year == this_year and new_key != term.institution.key:
            raise ValidationError(
                {
                    "order": _(
                        "The term of %(year)s has started with %(institution)s leading; a new "
                        "order may change only the terms not yet started. Nothing was changed."
                    )
                    % {"year": term.year, "institution": term.institution}
                }
            )
    config.order = list(order)
    config.start_year = start_year
    save_with_audit(config, user, "rotation configured")
    _recompute_future_terms(user, config, this_year)
    transaction.on_commit(lambda: signals.leading_cochair_changed.send(sender=CoChairTerm))
    return config


def _recompute_future_terms(user: User, config: RotationConfig, this_year: int) -> None:
    for term in CoChairTerm.objects.select_for_update().filter(year__gt=this_year):
        key = leading_key(term.year, config)
        if key is None or key == term.institution.key:
            continue
        term.institution = Institution.objects.get(key=key)
        if not _belongs(term.senior_official, term.official_user, term.institution, term.year):
            term.senior_official = None
            term.official_user = None
            term.nominated_on = None
        save_with_audit(term, user, "term recomputed after a change of the rotation order")


def _belongs(person: Person | None, account: Any, institution: Institution, year: int) -> bool:
    """The official belongs to the institution: their account does, or a seat for it held
    during the year (§19, §21)."""
    if person is None and account is None:
        return True
    if account is not None and account.institution_id != institution.pk:
        return False
    if person is None or account is not None:
        return True
    if person.user is not None and person.user.institution_id == institution.pk:
        return True
    return Membership.objects.filter(
        person=person,
        institution=institution,
        archived_at__isnull=True,
        start_date__lte=dt.date(year, 12, 31),
        end_date__gte=dt.date(year, 1, 1),
    ).exists()


@transaction.atomic
def record_cochair_term(
    user: User,
    *,
    year: int,
    senior_official: Person | None,
    official_user: User | None = None,
    nominated_on: dt.date | None = None,
    notes: str = "",
) -> CoChairTerm:
    """Record the senior official nominated by the leading authority of `year` (§21-23). The
    official must belong to that authority (their account, or a seat for it); otherwise the
    term is refused with a message and nothing changes."""
    require(user, Perm.MANAGE_ROTATION)
    config = rotation_config()
    if year < config.start_year:
        raise ValidationError(
            {"year": _("The rotation starts in %(year)s.") % {"year": config.start_year}}
        )
    lead_key = rotation.leading_authority(config.order, config.start_year, year)
    institution = Institution.objects.get(key=lead_key)
    if official_user is None and senior_official is not None:
        official_user = senior_official.user
    if not _belongs(senior_official, official_user, institution, year):
        who = senior_official or official_user
        raise ValidationError(
            {
                "senior_official": _(
                    "%(official)s does not belong to %(institution)s, the leading authority "
                    "of %(year)s: the co-chair of a term is a senior official of the leading "
                    "authority (§21). Nothing was changed."
                )
                % {"official": who, "institution": institution, "year": year}
            }
        )
    term = CoChairTerm.objects.select_for_update().filter(year=year).first() or CoChairTerm(
        year=year
    )
    term.institution = institution
    term.senior_official = senior_official
    term.official_user = official_user
    term.nominated_on = nominated_on
    term.notes = notes
    if save_if_changed(term, user, "co-chair term recorded"):
        transaction.on_commit(lambda: signals.leading_cochair_changed.send(sender=CoChairTerm))
    return term
