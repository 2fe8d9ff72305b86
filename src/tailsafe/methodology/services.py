"""Named operations on parameter sets and hazard assessments (T2, §8-9).

Every computed index is stored as a :class:`HazardAssessment` row naming the parameter set that
produced it, so each facility keeps the history of its indexes. Parameter sets are data loaded
from a file (methodology.md, "What is known and what is not"); exactly one is active.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from tailsafe.core.audit import save_with_audit
from tailsafe.core.permissions import Perm, require
from tailsafe.core.stored_text import text as stored_text
from tailsafe.methodology import gistm, runout
from tailsafe.methodology.intervals import VolumeRange, compute_interval, volume_range
from tailsafe.methodology.models import HazardAssessment, ParameterSet, RunoutFitVersion
from tailsafe.methodology.params import (
    DEFAULT_PARAMETER_SET,
    ParameterSetError,
    load_parameter_set,
)
from tailsafe.methodology.thi import (
    seismic_class_from_msk,
    seismic_class_from_pga,
    volume_from_mass,
)

if TYPE_CHECKING:
    from tailsafe.core.models import User

MAX_PARAMETER_FILE_BYTES = 512 * 1024


# --- parameter sets ----------------------------------------------------------------------------


def _shipped_text() -> str:
    return (
        resources.files("tailsafe.methodology")
        .joinpath("parameter_sets", f"{DEFAULT_PARAMETER_SET}.yaml")
        .read_text(encoding="utf-8")
    )


def active_parameter_set() -> ParameterSet:
    """The active set; the shipped ``provisional-1`` is loaded and activated if none is."""
    current = ParameterSet.objects.filter(active=True).first()
    if current is not None:
        return current
    with transaction.atomic():
        existing = ParameterSet.objects.filter(name=DEFAULT_PARAMETER_SET).first()
        if existing is None:
            text = _shipped_text()
            data = load_parameter_set(text)
            existing = ParameterSet.objects.create(
                name=data["name"],
                version=str(data["version"]),
                provisional=data["provisional"],
                description=data["description"],
                data=data,
                source_text=text,
            )
        existing.active = True
        existing.save(update_fields=["active"])
        return existing


@transaction.atomic
def load_parameter_set_file(user: User, text: str | bytes) -> ParameterSet:
    """Load a parameter set from YAML or JSON text (methodology.md; admin only).

    All or nothing: a missing term, a non-numeric point or any other problem raises
    ValidationError listing every problem; nothing is saved and the active set stays active.
    The new set is stored inactive; :func:`activate_parameter_set` makes it the one in use.
    """
    require(user, Perm.MANAGE_PARAMETERS)
    if isinstance(text, bytes):
        if len(text) > MAX_PARAMETER_FILE_BYTES:
            raise ValidationError(_("The parameter-set file is too large."))
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError(_("The parameter-set file must be UTF-8 text.")) from None
    try:
        data = load_parameter_set(text)
    except ParameterSetError as exc:
        raise ValidationError(
            [_("The parameter set was not loaded:")] + [str(p) for p in exc.problems]
        ) from None
    if ParameterSet.objects.filter(name=data["name"]).exists():
        raise ValidationError(
            _("A parameter set named %(name)s already exists; give the new one another name.")
            % {"name": data["name"]}
        )
    ps = ParameterSet(
        name=data["name"],
        version=str(data["version"]),
        provisional=bool(data["provisional"]),
        description=str(data.get("description", "")),
        data=data,
        source_text=text,
        loaded_by=user if getattr(user, "is_authenticated", False) else None,
        loaded_at=timezone.now(),
    )
    save_with_audit(ps, user, "parameter set loaded")
    return ps


@transaction.atomic
def activate_parameter_set(user: User, ps: ParameterSet) -> int:
    """Make ``ps`` the set in use and recompute every facility with it; returns how many."""
    require(user, Perm.MANAGE_PARAMETERS)
    for other in ParameterSet.objects.filter(active=True).exclude(pk=ps.pk):
        other.active = False
        save_with_audit(other, user, "parameter set deactivated")
    ps.active = True
    save_with_audit(ps, user, "parameter set activated")
    return recompute_all(reason=f"parameter set {ps.name} activated")


# --- inputs -----------------------------------------------------------------------------------


def effective_inputs(
    facility: Any, params: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The THI/TRI inputs of a facility, with the Natech profile (T4) filling the seismic and
    flood terms when they are not entered directly.

    Returns ``(inputs, derived)``; ``derived`` says, per input, how a value was obtained when it
    was not entered as such (shown next to the term on screen).
    """
    inputs: dict[str, Any] = dict(facility.thi_inputs())
    derived: dict[str, str] = {}
    if inputs.get("volume_m3") is None and facility.mass_t and facility.density_t_m3:
        inputs["volume_m3"] = volume_from_mass(float(facility.mass_t), float(facility.density_t_m3))
        derived["volume_m3"] = "mass / declared density"
    if inputs.get("distance_to_border_km") is None and hasattr(facility, "border_distance"):
        computed = facility.border_distance()
        if computed is not None:
            inputs["distance_to_border_km"] = computed.km
            near, far = computed.min_km, computed.max_km
            derived["distance_to_border_km"] = (
                f"straight line from the coordinates, {near:.1f}-{far:.1f} km"
            )
    if inputs.get("seismic") is None:
        if facility.seismic_msk64 is not None:
            inputs["seismic"] = seismic_class_from_msk(float(facility.seismic_msk64), params)
            derived["seismic"] = f"MSK-64 intensity {facility.seismic_msk64}"
        elif facility.seismic_pga_g is not None:
            inputs["seismic"] = seismic_class_from_pga(float(facility.seismic_pga_g), params)
            derived["seismic"] = f"PGA {facility.seismic_pga_g} g"
    if inputs.get("flood") is None:
        if facility.dam_across_watercourse:
            inputs["flood"] = "valley_bottom"
            derived["flood"] = "dam across a watercourse"
        elif facility.flash_flood in ("moderate", "high") or facility.mudflow in (
            "moderate",
            "high",
        ):
            inputs["flood"] = "prone"
            derived["flood"] = "flash-flood or mudflow exposure in the Natech profile"
    return inputs, derived


# --- assessments ------------------------------------------------------------------------------


def recompute_assessment(
    facility: Any, ps: ParameterSet | None = None, reason: str = ""
) -> HazardAssessment:
    """Compute the facility's THI and TRI with the active set and store them as a new row.

    A facility without a usable volume gets a row with ``error`` set ("tailings volume
    required") and no index: never a zero (methodology.md, THI rules).
    """
    ps = ps or active_parameter_set()
    params = ps.params
    inputs, derived = effective_inputs(facility, params)
    row = HazardAssessment(
        facility=facility,
        parameter_set=ps,
        computed_at=timezone.now(),
        inputs={**inputs, "_derived": derived},
        reason=reason[:200],
    )
    try:
        volume = facility_volume(facility, params)
        result = compute_interval(inputs, volume, params)
    except ValueError as exc:
        row.error = str(exc)
        row.missing = ["capacity"]
    else:
        row.thi, row.thi_min, row.thi_max = result.thi, result.thi_min, result.thi_max
        row.tri, row.tri_min, row.tri_max = result.tri, result.tri_min, result.tri_max
        row.terms = result.terms
        row.missing = result.missing
        row.flags = result.flags
        row.volume_min_m3, row.volume_max_m3 = volume.minimum, volume.maximum
        row.volume_basis = volume.basis
        row.estimate = volume.estimate
        row.inputs["_volume"] = volume.as_dict()
    row.save()
    # The facility points at its newest assessment (the ranking reads it in one query); an
    # older row never replaces a newer one, whatever order concurrent recomputations end in.
    type(facility).objects.filter(pk=facility.pk).filter(
        Q(current_assessment__isnull=True) | Q(current_assessment_id__lt=row.pk)
    ).update(current_assessment=row)
    facility.current_assessment = row
    return row


def facility_volume(facility: Any, params: Mapping[str, Any]) -> VolumeRange:
    """The facility's stored volume as a range (methodology.intervals.volume_range): volume,
    else mass (declared density, else the set's density range), else throughput x years."""

    def num(value: Any) -> float | None:
        return None if value is None else float(value)

    return volume_range(
        volume_m3=num(facility.volume_m3),
        mass_t=num(facility.mass_t),
        density_t_m3=num(facility.density_t_m3),
        throughput_t_per_year=num(facility.throughput_t_per_year),
        operating_years=num(facility.operating_years),
        params=params,
    )


def recompute_all(reason: str = "") -> int:
    """Recompute every facility that is not archived with the active set (after a change)."""
    facility_model = apps.get_model("facilities", "Facility")
    ps = active_parameter_set()
    count = 0
    for facility in facility_model.objects.filter(archived_at__isnull=True):
        recompute_assessment(facility, ps, reason=reason)
        count += 1
    return count


# --- consequence screening --------------------------------------------------------------------


def gistm_class(facility: Any, params: Mapping[str, Any]) -> gistm.ConsequenceResult:
    """GISTM consequence class: population at risk from the population downstream, the other
    four ratings as entered; overall = highest (methodology.md, Consequence screening)."""
    return gistm.consequence_class(
        {
            "population_at_risk": gistm.classify_par(facility.population_downstream, params),
            "loss_of_life": facility.gistm_loss_of_life or None,
            "environment": facility.gistm_environment or None,
            "health_social_cultural": facility.gistm_health_social_cultural or None,
            "infrastructure_economics": facility.gistm_infrastructure_economics or None,
        }
    )


def current_runout_fit() -> runout.RunoutFit:
    """The run-out fit in use: the latest refit (:func:`refit_runout`), else the reference fit
    on the shipped failure table (version 1)."""
    latest = RunoutFitVersion.objects.order_by("-version").first()
    return runout.default_fit() if latest is None else latest.to_fit()


@transaction.atomic
def refit_runout(user: User, failures: Iterable[Mapping[str, Any]]) -> RunoutFitVersion | None:
    """Refit the run-out regression on the shipped table plus ``failures`` (issue 17, item 6).

    ``failures``: the failures the group added to the lessons-learned register, each with
    ``id``, ``name``, ``released_volume_Mm3`` and ``runout_km`` (rows without both positive
    are left out, as in the table). A new version is stored only when the set of failures used
    differs from the latest version's; otherwise nothing is written and None is returned. The
    reference fit (version 1) is never replaced. Called by the knowledge area's services after
    a failure is added, changed or archived (they check the permission).
    """
    used = sorted(
        (
            {
                "id": f.get("id"),
                "name": str(f.get("name") or ""),
                "released_volume_Mm3": float(f["released_volume_Mm3"]),
                "runout_km": float(f["runout_km"]),
            }
            for f in failures
            if (f.get("released_volume_Mm3") or 0) > 0 and (f.get("runout_km") or 0) > 0
        ),
        key=lambda f: (str(f["id"]), f["name"]),
    )
    latest = RunoutFitVersion.objects.select_for_update().order_by("-version").first()
    previous = latest.failures if latest is not None else []
    if used == previous:
        return None
    version = 2 if latest is None else latest.version + 1
    fit = runout.fit_runout(
        [*runout.read_failures(), *used],
        source=runout.FAILURES_CSV,
        version=version,
        added=[str(f["name"]) for f in used],
    )
    row = RunoutFitVersion(
        version=version,
        a=fit.a,
        b=fit.b,
        s=fit.s,
        n=fit.n,
        mean_x=fit.mean_x,
        sxx=fit.sxx,
        t=fit.t,
        level=fit.level,
        source=runout.FAILURES_CSV,
        rows_read=fit.rows_read,
        failures=used,
        reason=stored_text(
            N_("Refitted on the shipped table and %(count)s failure(s) of the register: %(names)s"),
            count=len(used),
            names=[str(f["name"]) for f in used],
        ),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    save_with_audit(row, user, "run-out fit refitted")
    return row


def border_distance_used(facility: Any) -> tuple[float | None, tuple[float, float] | None, str]:
    """(distance km, (near, far) range or None, basis) used for the run-out border verdict.

    A distance along the valley that a source gives wins (a run-out follows the valley);
    otherwise the straight line computed from the coordinates (borders.py), with the location
    uncertainty as the range. Basis: "valley_source", "straight_line" or "unknown".
    """
    if facility.distance_to_border_km is not None:
        return float(facility.distance_to_border_km), None, "valley_source"
    computed = facility.border_distance()
    if computed is None:
        return None, None, "unknown"
    return computed.km, (computed.min_km, computed.max_km), "straight_line"


def runout_screen(
    facility: Any, params: Mapping[str, Any], fit: runout.RunoutFit | None = None
) -> runout.RunoutScreen | None:
    """Run-out screen (runout.md) or None when the stored volume is unknown.

    VT is the tailings volume plus the pond water when known; the fit is the one in use
    (:func:`current_runout_fit`) unless ``fit`` is given.
    """
    inputs, _derived = effective_inputs(facility, params)
    volume = inputs.get("volume_m3")
    if not volume:
        return None

    def km(value: Any) -> float | None:
        return None if value is None else float(value)

    height = km(facility.dam_height_m)
    border, border_range, _basis = border_distance_used(facility)
    return runout.screen(
        volume,
        height,
        {
            "river": km(facility.distance_to_river_km),
            "settlement": km(facility.distance_to_settlement_km),
            "border": border,
        },
        fit=current_runout_fit() if fit is None else fit,
        params=params,
        pond_volume_m3=km(facility.pond_volume_m3),
        border_range_km=border_range,
    )
