"""Named write operations on the facility inventory (T1, T4; §8-9).

Each checks permission (operators only their own facility: ``facility.operator`` is the
operator user's institution), validates, records the audit entry and recomputes the hazard
indexes whenever an input changed, in one transaction.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tailsafe.core.audit import save_with_audit
from tailsafe.core.permissions import Perm, require, require_can
from tailsafe.facilities import rules
from tailsafe.facilities.models import MAX_VOLUME_M3, Facility
from tailsafe.methodology import services as methodology

if TYPE_CHECKING:
    from tailsafe.core.models import User

EDITABLE_FIELDS = tuple(
    f.name
    for f in Facility._meta.get_fields()
    if getattr(f, "editable", False)
    # `published` is its own action with the publish right (publish_facility), never an edit
    # field: an operator could otherwise put an unconfirmed facility on the public page.
    and f.name not in ("id", "archived_at", "confirmation", "is_demo", "provenance", "published")
    and not f.auto_created
)

ASSESSMENT_INPUTS = frozenset(
    {
        "volume_m3",
        "mass_t",
        "density_t_m3",
        "dam_height_m",
        "wgk",
        "gost_class",
        "radioactive",
        "throughput_t_per_year",
        "operating_years",
        "management",
        "flood",
        "seismic",
        "dam_condition",
        "seismic_msk64",
        "seismic_pga_g",
        "mudflow",
        "flash_flood",
        "population_downstream",
        "distance_to_river_km",
        "distance_to_border_km",
        # the computed border distance (borders.py) follows the position and the country
        "latitude",
        "longitude",
        "coord_uncertainty_km",
        "downstream_countries",
        "protected_area_downstream",
        "dam_across_watercourse",
    }
)
"""Fields whose change triggers a new hazard assessment."""

CONFIDENCES = ("high", "medium", "low")


def can_edit(user: User, facility: Facility) -> bool:
    """Secretariat and admin edit any facility; an operator only one run by their institution
    (the rule lives in facilities.rules)."""
    return rules.can_edit(user, facility)


def _check_values(values: dict[str, Any]) -> None:
    """Plausibility checks with clear messages (issue 4, bad input)."""
    errors: dict[str, list[str]] = {}

    def dec(name: str) -> Decimal | None:
        raw = values.get(name)
        if raw is None or raw == "":
            return None
        try:
            return Decimal(str(raw))
        except InvalidOperation:
            errors.setdefault(name, []).append(_("Enter a number."))
            return None

    volume = dec("volume_m3")
    if volume is not None:
        if volume <= 0:
            errors.setdefault("volume_m3", []).append(
                _("The stored volume must be greater than 0 m³; leave it empty if unknown.")
            )
        elif volume > MAX_VOLUME_M3:
            errors.setdefault("volume_m3", []).append(
                _("%(v)s m³ is not plausible: the largest accepted volume is 10¹⁰ m³.")
                % {"v": f"{volume:,.0f}"}
            )
    for name, limit in (("latitude", 90), ("longitude", 180)):
        value = dec(name)
        if value is not None and not -limit <= value <= limit:
            errors.setdefault(name, []).append(
                _("Must be between -%(limit)s and %(limit)s degrees.") % {"limit": limit}
            )
    if errors:
        raise ValidationError(errors)


def _check_provenance(provenance: dict[str, Any]) -> dict[str, dict[str, str]]:
    clean: dict[str, dict[str, str]] = {}
    for field, entry in provenance.items():
        if not isinstance(entry, dict):
            continue
        confidence = str(entry.get("confidence", "") or "")
        if confidence and confidence not in CONFIDENCES:
            raise ValidationError(
                _("Confidence of %(field)s must be high, medium or low.") % {"field": field}
            )
        clean[field] = {
            "source": str(entry.get("source", "") or "")[:1000],
            "confidence": confidence,
            "note": str(entry.get("note", "") or "")[:1000],
        }
    return clean


def _check_override(facility: Facility, before: tuple[Any, str] | None) -> None:
    """The radioactive toxicity override needs a written justification (methodology.md: WGK
    covers no radioactivity). Refused when a change sets it, or empties the justification;
    a facility imported without one can still be edited, and its page says it is missing."""
    now = (facility.radioactive, facility.radioactive_justification.strip())
    if facility.radioactive_justification_missing and (before is None or before != now):
        raise ValidationError(
            {
                "radioactive_justification": _(
                    "Radioactive tailings take the toxicity override (WGK covers no "
                    "radioactivity): write why, with its source."
                )
            }
        )


@transaction.atomic
def create_facility(
    user: User, values: dict[str, Any], provenance: dict[str, Any] | None = None
) -> Facility:
    """Add a facility to the inventory as a candidate (secretariat, T1)."""
    require(user, Perm.CONFIRM_FACILITY)
    _check_values(values)
    facility = Facility(**{k: v for k, v in values.items() if k in EDITABLE_FIELDS})
    facility.provenance = _check_provenance(provenance or {})
    _check_override(facility, None)
    facility.record_toxicity_scheme()
    facility.full_clean()
    save_with_audit(facility, user, "facility created")
    methodology.recompute_assessment(facility, reason="facility created")
    return facility


class StaleFacility(ValidationError):
    """Someone else saved the facility after the editor read it (its version moved on)."""


@transaction.atomic
def update_facility(
    user: User,
    facility: Facility,
    values: dict[str, Any],
    provenance: dict[str, Any] | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> Facility:
    """Change a facility's values (operators: own facility only, T1).

    An operator's change puts the facility back to "candidate" until the secretariat confirms
    it; a change of any THI/TRI input stores a new hazard assessment.

    Optimistic locking (issue 9, no lost update): the change is made only if the facility is
    still at `expected_version` (by default the version of `facility` as the caller read it);
    if anyone saved it since, nothing is written and StaleFacility is raised. The row is locked
    while the version is compared, so two concurrent saves of the same version cannot both pass.
    """
    require(user, Perm.EDIT_FACILITY)
    expected = facility.version if expected_version is None else expected_version
    locked = Facility.objects.select_for_update().filter(pk=facility.pk)
    current = locked.values_list("version", flat=True).first()
    if current is None or current != expected:
        raise StaleFacility(
            _(
                "Someone else saved this facility while you were editing. Nothing was "
                "overwritten: your values are kept in the form below, next to the values now "
                "saved where they differ. Check them, then save again."
            ),
            code="stale",
        )
    if facility.version != current:
        facility.refresh_from_db()
    require_can(
        user, "edit", facility, _("You can edit only the facilities of your own institution.")
    )
    new_operator = values.get("operator")
    if (
        not rules.can_change_operator(user, facility)
        and "operator" in values
        and (new_operator.pk if new_operator else None) != facility.operator_id
    ):
        raise PermissionDenied(_("An operator cannot change a facility's operator."))
    _check_values(values)
    before = {name: getattr(facility, name) for name in ASSESSMENT_INPUTS}
    override = (facility.radioactive, facility.radioactive_justification.strip())
    for key, value in values.items():
        if key in EDITABLE_FIELDS:
            setattr(facility, key, value)
    if provenance is not None:
        merged = dict(facility.provenance or {})
        merged.update(_check_provenance(provenance))
        facility.provenance = merged
    if not rules.can_confirm(user, facility):
        facility.confirmation = Facility.Confirmation.CANDIDATE
    _check_override(facility, override)
    if (facility.wgk, facility.gost_class) != (before["wgk"], before["gost_class"]):
        facility.record_toxicity_scheme()
    facility.full_clean()
    save_with_audit(facility, user, reason or "facility updated")
    changed = [n for n in ASSESSMENT_INPUTS if getattr(facility, n) != before[n]]
    if changed:
        methodology.recompute_assessment(facility, reason="changed: " + ", ".join(sorted(changed)))
    return facility


@transaction.atomic
def confirm_facility(user: User, facility: Facility) -> Facility:
    """The secretariat confirms a candidate or an operator's changes (T1)."""
    require(user, Perm.CONFIRM_FACILITY)
    if facility.is_archived:
        raise ValidationError(_("An archived facility cannot be confirmed."))
    facility.confirmation = Facility.Confirmation.CONFIRMED
    save_with_audit(facility, user, "confirmed by the secretariat")
    return facility


@transaction.atomic
def set_facility_published(user: User, facility: Facility, published: bool) -> Facility:
    """Publish a facility on the public page, or take it off (P4): a separate action with the
    publish right (the secretariat), never a field of the edit form (issue 14)."""
    locked: Facility = Facility.objects.select_for_update().get(pk=facility.pk)
    require_can(user, "publish", locked, _("Only the secretariat publishes facilities."))
    if locked.published == published:
        return locked
    locked.published = published
    save_with_audit(locked, user, "published" if published else "unpublished")
    return locked


@transaction.atomic
def archive_facility(user: User, facility: Facility, reason: str = "") -> Facility:
    """Archive (never delete) a facility: a duplicate, or recorded in error (P3)."""
    require(user, Perm.CONFIRM_FACILITY)
    if not facility.is_archived:
        facility.mark_archived()
        save_with_audit(facility, user, reason or "archived")
    return facility
