"""Named write operations for governance. Each checks permission, applies the rule, records the
audit entry (django-simple-history with the acting user) and runs in one transaction."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tailsafe.core.audit import save_if_changed, save_with_audit
from tailsafe.core.permissions import Perm, require
from tailsafe.core.uploads import validate_document
from tailsafe.governance import terms
from tailsafe.governance.cochair import (
    DEFAULT_ROTATION_ORDER,
    leading_and_next,
    leading_cochair_user,
    leading_term,
    rotation_config,
    rotation_schedule,
)
from tailsafe.governance.models import (
    Establishment,
    Guest,
    Institution,
    LpiChange,
    Membership,
    Person,
    TorVersion,
)
from tailsafe.governance.rotation_services import configure_rotation, record_cochair_term

if TYPE_CHECKING:
    from tailsafe.core.models import User

__all__ = [
    "DEFAULT_ROTATION_ORDER",
    "configure_rotation",
    "leading_and_next",
    "leading_cochair_user",
    "leading_term",
    "record_cochair_term",
    "rotation_config",
    "rotation_schedule",
]

INSTITUTION_FIELDS = (
    "key",
    "type",
    "name_ru",
    "name_tg",
    "name_en",
    "short_name",
    "in_lpi",
    "rotating_cochair",
    "secretariat",
    "role_in_tor",
    "email",
    "source",
    "confidence",
)


# --- G1 establishment and terms of reference -------------------------------------------------


@transaction.atomic
def record_establishment(
    user: User,
    *,
    basis: str,
    adopted_on: dt.date,
    act: str,
    document: UploadedFile[bytes],
    notes: str = "",
) -> Establishment:
    """Record the legal basis chosen among the options of §16-18 with its founding document."""
    require(user, Perm.MANAGE_GOVERNANCE)
    validate_document(document, ("pdf",))
    est = Establishment(basis=basis, adopted_on=adopted_on, act=act, document=document, notes=notes)
    est.full_clean()
    save_with_audit(est, user, "establishment recorded")
    return est


@transaction.atomic
def add_tor_version(
    user: User,
    *,
    version: str,
    adopted_on: dt.date,
    adopting_act: str,
    document: UploadedFile[bytes],
    notes: str = "",
) -> TorVersion:
    """Add a revision of the terms of reference with the act that adopted it (§29)."""
    require(user, Perm.MANAGE_GOVERNANCE)
    validate_document(document, ("pdf",))
    if TorVersion.objects.filter(version=version).exists():
        raise ValidationError({"version": _("This version already exists.")})
    tor = TorVersion(
        version=version,
        adopted_on=adopted_on,
        adopting_act=adopting_act,
        document=document,
        notes=notes,
    )
    tor.full_clean()
    save_with_audit(tor, user, "terms of reference version added")
    return tor


# --- G2 institutions and the LPI ---------------------------------------------------------------


@transaction.atomic
def create_institution(
    user: User, data: dict[str, Any], *, effective_on: dt.date | None = None, decided_at: str = ""
) -> Institution:
    """Add an institution; if it joins the LPI, the change is dated and tied to a meeting (§19)."""
    require(user, Perm.MANAGE_GOVERNANCE)
    inst = Institution(**{k: v for k, v in data.items() if k in INSTITUTION_FIELDS})
    inst.full_clean()
    save_with_audit(inst, user, "institution created")
    if inst.in_lpi:
        _lpi_change(user, inst, LpiChange.Kind.ADDED, effective_on, decided_at)
    return inst


@transaction.atomic
def update_institution(
    user: User,
    inst: Institution,
    data: dict[str, Any],
    *,
    effective_on: dt.date | None = None,
    decided_at: str = "",
    note: str = "",
) -> Institution:
    """Change an institution's details; joining or leaving the LPI is recorded as an LPI change."""
    require(user, Perm.MANAGE_GOVERNANCE)
    locked: Institution = Institution.objects.select_for_update().get(pk=inst.pk)
    was_in_lpi = locked.in_lpi
    changed = [k for k in INSTITUTION_FIELDS if k in data and getattr(locked, k) != data[k]]
    for key in changed:
        setattr(locked, key, data[key])
    if not changed:
        return locked
    locked.full_clean()
    save_with_audit(locked, user, note or "institution updated")
    if locked.in_lpi != was_in_lpi:
        kind = LpiChange.Kind.ADDED if locked.in_lpi else LpiChange.Kind.REMOVED
        _lpi_change(user, locked, kind, effective_on, decided_at, note)
    elif locked.in_lpi and decided_at:
        _lpi_change(user, locked, LpiChange.Kind.UPDATED, effective_on, decided_at, note)
    return locked


@transaction.atomic
def archive_institution(user: User, inst: Institution, *, decided_at: str = "") -> Institution:
    """Archive (never delete) an institution; it leaves the LPI."""
    require(user, Perm.MANAGE_GOVERNANCE)
    locked: Institution = Institution.objects.select_for_update().get(pk=inst.pk)
    if locked.is_archived:
        return locked
    if Membership.objects.current().filter(institution=locked).exists():
        raise ValidationError(
            _("This institution still has current members. End or archive their memberships first.")
        )
    was_in_lpi = locked.in_lpi
    locked.mark_archived()
    locked.in_lpi = False
    save_with_audit(locked, user, "institution archived")
    if was_in_lpi:
        _lpi_change(user, locked, LpiChange.Kind.REMOVED, None, decided_at)
    return locked


def _lpi_change(
    user: User,
    inst: Institution,
    kind: str,
    effective_on: dt.date | None,
    decided_at: str,
    note: str = "",
) -> LpiChange:
    return LpiChange.objects.create(
        institution=inst,
        kind=kind,
        effective_on=effective_on or timezone.localdate(),
        decided_at=decided_at,
        note=note,
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
    )


# --- G3 members and nominations -----------------------------------------------------------------


def _check_term(start: dt.date, end: dt.date) -> None:
    if not terms.is_long_enough(start, end):
        raise ValidationError(
            {
                "end_date": _(
                    "A membership term must last at least two years (§19): a term starting on "
                    "%(start)s must end on %(min_end)s or later."
                )
                % {"start": date_format(start), "min_end": date_format(terms.minimum_end(start))}
            }
        )


def _check_one_seat(
    person: Person,
    institution: Institution,
    start: dt.date,
    end: dt.date,
    exclude: Membership | None = None,
) -> None:
    overlapping = Membership.objects.filter(
        person=person,
        institution=institution,
        archived_at__isnull=True,
        start_date__lte=end,
        end_date__gte=start,
    )
    if exclude is not None:
        overlapping = overlapping.exclude(pk=exclude.pk)
    if overlapping.exists():
        raise ValidationError(
            {
                "person": _(
                    "%(person)s already holds a seat for %(institution)s in this period "
                    "(one seat per institution, §19)."
                )
                % {"person": person, "institution": institution}
            }
        )


@transaction.atomic
def nominate_member(
    user: User,
    *,
    person: Person,
    institution: Institution,
    start_date: dt.date,
    end_date: dt.date,
    letter: UploadedFile[bytes],
    letter_reference: str = "",
    seat: str = Membership.Seat.MEMBER,
) -> Membership:
    """Record a nomination from an official letter: term of at least two years, one seat per
    person and institution at a time (§19)."""
    require(user, Perm.MANAGE_GOVERNANCE)
    if institution.is_archived:
        raise ValidationError({"institution": _("This institution is archived.")})
    try:
        validate_document(letter)
    except ValidationError as exc:
        raise ValidationError({"letter": exc.messages}) from exc
    _check_term(start_date, end_date)
    # Lock the person's rows so two simultaneous nominations cannot both pass the seat check.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    _check_one_seat(person, institution, start_date, end_date)
    membership = Membership(
        person=person,
        institution=institution,
        seat=seat,
        start_date=start_date,
        end_date=end_date,
        letter=letter,
        letter_reference=letter_reference,
    )
    membership.full_clean()
    save_with_audit(membership, user, "nominated")
    return membership


@transaction.atomic
def renew_membership(
    user: User,
    membership: Membership,
    *,
    end_date: dt.date,
    letter: UploadedFile[bytes],
    letter_reference: str = "",
) -> Membership:
    """Renew a term from a new nomination letter; renewals are not limited (§19). The new term
    starts the day after the old one ends."""
    require(user, Perm.MANAGE_GOVERNANCE)
    old = Membership.objects.select_for_update().get(pk=membership.pk)
    if old.is_archived:
        raise ValidationError(_("An archived membership cannot be renewed."))
    if Membership.objects.filter(renewal_of=old).exists():
        raise ValidationError(_("This term has already been renewed."))
    start = old.end_date + dt.timedelta(days=1)
    try:
        validate_document(letter)
    except ValidationError as exc:
        raise ValidationError({"letter": exc.messages}) from exc
    _check_term(start, end_date)
    _check_one_seat(old.person, old.institution, start, end_date)
    new = Membership(
        person=old.person,
        institution=old.institution,
        seat=old.seat,
        start_date=start,
        end_date=end_date,
        letter=letter,
        letter_reference=letter_reference,
        renewal_of=old,
    )
    new.full_clean()
    save_with_audit(new, user, "renewed")
    return new


@transaction.atomic
def archive_membership(user: User, membership: Membership, reason: str = "") -> Membership:
    """Archive a membership recorded in error or withdrawn; nothing is deleted (P3)."""
    require(user, Perm.MANAGE_GOVERNANCE)
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if not locked.is_archived:
        locked.mark_archived()
        save_with_audit(locked, user, reason or "archived")
    return locked


@transaction.atomic
def create_person(user: User, data: dict[str, Any]) -> Person:
    require(user, Perm.MANAGE_GOVERNANCE)
    person = Person(
        **{
            k: data[k]
            for k in ("full_name", "position_title", "email", "phone", "language")
            if k in data
        }
    )
    person.full_clean()
    save_with_audit(person, user, "person created")
    return person


def institutions_without_member(today: dt.date | None = None) -> list[Institution]:
    """LPI institutions with no current member (G3)."""
    with_member = Membership.objects.current(today).values("institution_id")
    return list(Institution.active.filter(in_lpi=True).exclude(pk__in=with_member))


def expiring_memberships(
    today: dt.date | None = None, within_days: int = terms.EXPIRY_WARNING_DAYS
) -> list[Membership]:
    """Current terms that end within `within_days` and have not been renewed (G3)."""
    today = today or timezone.localdate()
    limit = today + dt.timedelta(days=within_days)
    return list(
        Membership.objects.current(today)
        .filter(end_date__lte=limit, renewed_by__isnull=True)
        .select_related("person", "institution")
        .order_by("end_date")
    )


# --- G4 co-chair rotation: governance/cochair.py (reads), governance/rotation_services.py ----


# --- G5 guests --------------------------------------------------------------------------------

GUEST_FIELDS = ("kind", "name", "organisation", "position_title", "email", "phone", "notes")


@transaction.atomic
def save_guest(user: User, data: dict[str, Any], guest: Guest | None = None) -> Guest:
    """Add or edit a guest of the reusable directory (§20)."""
    require(user, Perm.MANAGE_GOVERNANCE)
    guest = guest or Guest()
    for key in GUEST_FIELDS:
        if key in data:
            setattr(guest, key, data[key])
    guest.full_clean()
    save_if_changed(guest, user, "guest saved")
    return guest


@transaction.atomic
def archive_guest(user: User, guest: Guest) -> Guest:
    require(user, Perm.MANAGE_GOVERNANCE)
    if not guest.is_archived:
        guest.mark_archived()
        save_with_audit(guest, user, "guest archived")
    return guest
