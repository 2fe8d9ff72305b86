"""Facility views (T1, T2, T4, T5): load -> check access -> call a service -> render."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import CharField, TextField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tailsafe.core import once
from tailsafe.core.audit import history_of
from tailsafe.core.forms import add_service_errors
from tailsafe.core.i18n import text_language
from tailsafe.core.permissions import Perm, has_perm, requires
from tailsafe.core.spreadsheet import SafeWriter
from tailsafe.facilities import mapdata, rules, services, sheet
from tailsafe.facilities.forms import FacilityForm, ParameterSetUploadForm
from tailsafe.facilities.indexes import TERM_LABELS, term_rows
from tailsafe.facilities.inventory import source_kind, split_sources
from tailsafe.facilities.models import BASIN_CHOICES, Facility
from tailsafe.facilities.rules import facilities_visible_to
from tailsafe.facilities.screening import percent, runout_context
from tailsafe.methodology import ranking as portfolio_ranking
from tailsafe.methodology import runout, runout_labels
from tailsafe.methodology import services as methodology
from tailsafe.methodology.models import ParameterSet
from tailsafe.methodology.thi import THI_EQUATION, TRI_EQUATION, TRI_TERM_KEYS

FIELD_GROUPS = [
    (
        "identity",
        (
            "code",
            "name_ru",
            "name_tg",
            "name_en",
            "other_names",
            "status",
            "status_note",
            "commodity",
            "operator",
            "operator_note",
        ),
    ),
    (
        "location",
        (
            "region",
            "district",
            "nearest_settlement",
            "latitude",
            "longitude",
            "location_basis",
            "coord_uncertainty_km",
        ),
    ),
    (
        "tailings",
        (
            "volume_m3",
            "pond_volume_m3",
            "volume_basis",
            "volume_unit",
            "mass_t",
            "density_t_m3",
            "throughput_t_per_year",
            "operating_years",
            "area_ha",
            "dam_type",
            "dam_height_m",
            "hazardous_substances",
            "toxicity_scheme",
            "wgk",
            "gost_class",
            "wgk_justification",
            "radioactive",
            "radioactive_justification",
            "management",
            "flood",
            "seismic",
            "dam_condition",
        ),
    ),
    (
        "downstream",
        (
            "river",
            "basin",
            "downstream_countries",
            "distance_to_river_km",
            "distance_to_settlement_km",
            "distance_to_border_km",
            "population_downstream",
            "protected_area_downstream",
            "dam_across_watercourse",
        ),
    ),
    (
        "natech",
        (
            "seismic_msk64",
            "seismic_pga_g",
            "seismic_source",
            "mudflow",
            "flash_flood",
            "landslide",
            "design_flood",
            "design_earthquake",
            "natural_hazards_note",
            "climate_notes",
        ),
    ),
]


def _display(facility: Facility, name: str) -> tuple[str, bool]:
    """(text, known) for one field."""
    value = getattr(facility, name)
    if value is None or value == "":
        return _("unknown"), False
    if isinstance(value, bool):
        return (_("yes") if value else _("no")), True
    field = Facility._meta.get_field(name)
    if getattr(field, "choices", None):
        return str(getattr(facility, f"get_{name}_display")()), True
    if isinstance(value, Decimal):
        return f"{value.normalize():,f}", True
    return str(value), True


def _language(name: str, text: str, known: bool) -> str:
    """The language a row's value is written in, for its ``lang`` mark (WCAG 3.1.2): a name's
    own language (name_ru, name_tg), the letters of a typed text; "" for what the page wrote."""
    if not known:
        return ""
    suffix = name.rsplit("_", 1)[-1]
    if name.startswith("name_") and suffix in ("ru", "tg", "en"):
        return suffix
    field = Facility._meta.get_field(name)
    if getattr(field, "choices", None) or not isinstance(field, CharField | TextField):
        return ""
    return text_language(text)


def field_rows(facility: Facility, names: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = []
    for name in names:
        text, known = _display(facility, name)
        rows.append(
            {
                "name": name,
                "label": Facility._meta.get_field(name).verbose_name,  # type: ignore[union-attr]
                "value": text,
                "known": known,
                "lang": _language(name, text, known),
                "source": facility.source_of(name),
            }
        )
    return rows


RANKING_PAGE = 50
RANKING_FIELDS = ("code", "name_ru", "name_tg", "name_en")  # what ranking.html shows


def _ranked(include_archived: bool = False, user: Any = None) -> list[dict[str, Any]]:
    """Every facility ranked among all of them; with `user`, only the rows they may see
    (facilities.rules.facilities_visible_to), each keeping its rank among all."""
    qs = Facility.objects.select_related("operator")
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    _ranking, rows = portfolio_ranking.ranked_rows(qs)
    if user is not None:
        keep = set(facilities_visible_to(user, qs).values_list("pk", flat=True))
        rows = [r for r in rows if r["facility"].pk in keep]
    for row in rows:
        row["terms"] = term_rows(row["assessment"])
    return rows


def _active() -> ParameterSet:
    return methodology.active_parameter_set()


# --- inventory --------------------------------------------------------------------------------


@requires(Perm.VIEW_INTERNAL)
def facility_list(request: HttpRequest) -> HttpResponse:
    rows = sorted(_ranked(user=request.user), key=lambda r: r["facility"].code)
    return render(
        request,
        "facilities/facility_list.html",
        {"rows": rows, "can_create": has_perm(request.user, Perm.CONFIRM_FACILITY)},
    )


@requires(Perm.VIEW_INTERNAL)
def facility_detail(request: HttpRequest, pk: int) -> HttpResponse:
    facility = get_object_or_404(
        facilities_visible_to(request.user, Facility.objects.select_related("operator")), pk=pk
    )
    ps = _active()
    tab = request.GET.get("tab", "overview")
    portfolio = portfolio_ranking.rank(Facility.objects.filter(archived_at__isnull=True))
    rank_row = portfolio.of(facility.pk)
    assessment = facility.assessments.select_related("parameter_set").order_by("-id").first()
    try:
        gistm = methodology.gistm_class(facility, ps.params)
    except ValueError:
        gistm = None
    context = {
        "facility": facility,
        "tab": tab,
        "groups": [(key, field_rows(facility, names)) for key, names in FIELD_GROUPS],
        "source_list": [
            {"text": s, "kind": source_kind(s)} for s in split_sources(facility.sources)
        ],
        "assessment": assessment,
        "terms": term_rows(assessment),
        "rank": rank_row,
        "parameter_set": assessment.parameter_set if assessment else ps,
        "gistm": gistm,
        **runout_context(facility, ps.params),
        "sheet_languages": [(c, n) for c, n in settings.LANGUAGES if c in sheet.LANGUAGES],
        "thi_equation": THI_EQUATION,
        "tri_equation": TRI_EQUATION,
        "can_edit": services.can_edit(request.user, facility),
        "can_confirm": has_perm(request.user, Perm.CONFIRM_FACILITY),
        "can_publish": rules.can_publish(request.user, facility),
        "derived": (assessment.inputs or {}).get("_derived", {}) if assessment else {},
    }
    if tab == "history":
        context["history"] = history_of(facility)
        context["assessments"] = facility.assessments.select_related("parameter_set")[:100]
    return render(request, "facilities/facility_detail.html", context)


@requires(Perm.VIEW_INTERNAL)
def facility_sheet(request: HttpRequest, pk: int, lang: str) -> HttpResponse:
    """The facility sheet, one A4 page as PDF in ru, tg or en (issue 17, item 7); the same
    visibility as the facility page (facilities_visible_to)."""
    if lang not in sheet.LANGUAGES:
        raise Http404
    facility = get_object_or_404(
        facilities_visible_to(request.user, Facility.objects.select_related("operator")), pk=pk
    )
    response = HttpResponse(
        sheet.facility_sheet_pdf(facility, request.user, lang), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{facility.code}-sheet-{lang}.pdf"'
    return response


@requires(Perm.EDIT_FACILITY)
def facility_edit(request: HttpRequest, pk: int) -> HttpResponse:
    facility = get_object_or_404(Facility, pk=pk)
    if not services.can_edit(request.user, facility):
        raise PermissionDenied(_("You can edit only the facilities of your own institution."))
    operator_user = not rules.can_change_operator(request.user, facility)
    form = FacilityForm(request.POST or None, instance=facility, operator_user=operator_user)
    conflicts: list[dict[str, str]] = []
    stale_error = ""
    status = 200
    if request.method == "POST" and form.is_valid():
        fresh = Facility.objects.get(pk=pk)
        version = form.cleaned_data.get("version")
        try:
            services.update_facility(
                request.user,
                fresh,
                form.values(),
                form.provenance(),
                reason="edited",
                expected_version=-1 if version is None else version,
            )
        except services.StaleFacility as exc:
            # Nothing is lost: the form keeps the user's values, now at the saved version (a
            # second save is a deliberate overwrite), with the saved values shown beside them.
            form, conflicts = _stale_form(request, pk, form, operator_user)
            stale_error = " ".join(exc.messages)
            status = 409
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Facility saved."))
            return redirect("facilities:detail", pk=pk)
    return render(
        request,
        "facilities/facility_form.html",
        {"form": form, "facility": facility, "conflicts": conflicts, "stale_error": stale_error},
        status=status,
    )


def _stale_form(
    request: HttpRequest, pk: int, form: FacilityForm, operator_user: bool
) -> tuple[FacilityForm, list[dict[str, str]]]:
    """The user's form again, at the version now saved, and the fields whose saved value
    differs from the user's (label, saved, yours)."""
    saved = Facility.objects.get(pk=pk)
    mine = copy.copy(saved)
    conflicts = []
    for name, value in form.values().items():
        if (getattr(saved, name) in (None, "")) and value in (None, ""):
            continue
        if getattr(saved, name) == value:
            continue
        setattr(mine, name, value)
        conflicts.append(
            {
                "label": str(form.fields[name].label),
                "saved": _display(saved, name)[0],
                "yours": _display(mine, name)[0],
            }
        )
    data = request.POST.copy()
    data["version"] = str(saved.version)
    again = FacilityForm(data, instance=saved, operator_user=operator_user)
    again.is_valid()
    return again, conflicts


@requires(Perm.CONFIRM_FACILITY)
def facility_create(request: HttpRequest) -> HttpResponse:
    form = FacilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            facility = once.create_once(
                request,
                lambda: services.create_facility(request.user, form.values(), form.provenance()),
                lambda f: reverse("facilities:detail", args=[f.pk]),
            )
        except once.AlreadyCreated as done:
            return once.show_first(request, done)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Facility added as a candidate."))
            return redirect("facilities:detail", pk=facility.pk)
    return render(request, "facilities/facility_form.html", {"form": form, "facility": None})


@require_POST
@requires(Perm.CONFIRM_FACILITY)
def facility_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    facility = get_object_or_404(Facility, pk=pk)
    try:
        services.confirm_facility(request.user, facility)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Facility confirmed."))
    return redirect("facilities:detail", pk=pk)


@require_POST
@requires(Perm.PUBLISH)
def facility_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a facility on the public page or take it off (P4): the secretariat's own action."""
    facility = get_object_or_404(Facility, pk=pk)
    publish = request.POST.get("published") == "1"
    services.set_facility_published(request.user, facility, publish)
    if publish:
        messages.success(request, _("The facility is now on the public page."))
    else:
        messages.success(request, _("The facility is no longer on the public page."))
    return redirect("facilities:detail", pk=pk)


@require_POST
@requires(Perm.CONFIRM_FACILITY)
def facility_archive(request: HttpRequest, pk: int) -> HttpResponse:
    facility = get_object_or_404(Facility, pk=pk)
    services.archive_facility(request.user, facility, reason=request.POST.get("reason", ""))
    messages.success(request, _("Facility archived."))
    return redirect("facilities:list")


# --- ranking, map, basins --------------------------------------------------------------------


@requires(Perm.VIEW_INTERNAL)
def ranking(request: HttpRequest) -> HttpResponse:
    # every facility is ranked, a page of them is built and shown (issue 9: 2,000 rows)
    facilities = Facility.objects.filter(archived_at__isnull=True)
    visible = facilities_visible_to(request.user, facilities).values_list("pk", flat=True)
    portfolio = portfolio_ranking.rank(facilities)
    order = portfolio.among(visible)
    page = Paginator(order, RANKING_PAGE).get_page(request.GET.get("page"))
    rows = portfolio_ranking.with_objects(page, facilities.only(*RANKING_FIELDS))
    for row in rows:
        row["terms"] = term_rows(row["assessment"])
    return render(
        request,
        "facilities/ranking.html",
        {
            "rows": rows,
            "page": page,
            "ranking": portfolio,
            "parameter_set": _active(),
            "term_labels": [TERM_LABELS[k] for k in TRI_TERM_KEYS],
            "thi_equation": THI_EQUATION,
            "tri_equation": TRI_EQUATION,
        },
    )


@requires(Perm.VIEW_INTERNAL)
def map_view(request: HttpRequest) -> HttpResponse:
    rows = _ranked(user=request.user)
    return render(
        request,
        "facilities/map.html",
        {
            "rows": rows,
            "markers": mapdata.markers(rows, lambda f: reverse("facilities:detail", args=[f.pk])),
            "map_labels": mapdata.map_labels(),
            "empty_basins": mapdata.empty_basins(rows),
            "basins": BASIN_CHOICES,
            "parameter_set": _active(),
        },
    )


@requires(Perm.VIEW_INTERNAL)
def basins(request: HttpRequest) -> HttpResponse:
    ps = _active()
    rows = _ranked(user=request.user)
    groups = []
    for key, label in [*BASIN_CHOICES, ("", _("basin unknown"))]:
        items = []
        for row in rows:
            f = row["facility"]
            if f.basin != key:
                continue
            try:
                gistm = methodology.gistm_class(f, ps.params)
                screen = methodology.runout_screen(f, ps.params)
            except ValueError:
                gistm, screen = None, None
            border = screen.verdicts["border"] if screen else "no_volume"
            probability = percent(screen.exceedance.get("border")) if screen else ""
            items.append(
                {
                    **row,
                    "gistm": gistm,
                    "screen": screen,
                    "border_verdict": border,
                    "border_probability": probability,
                    "border_label": (
                        runout_labels.verdict_label(border)
                        if border in runout.VERDICTS
                        else _("volume unknown")
                    ),
                }
            )
        countries = sorted(
            {
                i["facility"].downstream_countries
                for i in items
                if i["facility"].downstream_countries
            }
        )
        groups.append({"key": key, "label": label, "items": items, "countries": countries})
    return render(
        request,
        "facilities/basins.html",
        {
            "groups": groups,
            "parameter_set": ps,
            "runout_note": runout_labels.limits_note(),
            "fit": methodology.current_runout_fit(),
        },
    )


# --- exports ----------------------------------------------------------------------------------

EXPORT_FIELDS = (
    "code",
    "name_en",
    "name_ru",
    "name_tg",
    "status",
    "confirmation",
    "commodity",
    "region",
    "district",
    "nearest_settlement",
    "latitude",
    "longitude",
    "location_basis",
    "coord_uncertainty_km",
    "volume_m3",
    "volume_basis",
    "mass_t",
    "dam_height_m",
    "wgk",
    "radioactive",
    "management",
    "flood",
    "seismic",
    "dam_condition",
    "river",
    "basin",
    "downstream_countries",
    "distance_to_river_km",
    "distance_to_settlement_km",
    "distance_to_border_km",
    "population_downstream",
)


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return "" if value is None else value


def _export_record(row: dict[str, Any]) -> dict[str, Any]:
    f, a = row["facility"], row["assessment"]
    record = {name: _plain(getattr(f, name)) for name in EXPORT_FIELDS}
    record.update(
        {
            "rank": row["rank"] or "",
            "tertile": row["tertile"] or "",
            "thi": _plain(a.thi) if a else "",
            "thi_min": _plain(a.thi_min) if a else "",
            "thi_max": _plain(a.thi_max) if a else "",
            "tri": _plain(a.tri) if a else "",
            "tri_min": _plain(a.tri_min) if a else "",
            "tri_max": _plain(a.tri_max) if a else "",
            "missing_terms": " ".join(a.missing) if a else "",
            "parameter_set": a.parameter_set.name if a else "",
            "provisional": row["provisional"] if a else "",
            "thi_estimate": row["estimate"] if a else "",
            "volume_basis": a.volume_basis if a else "",
            "unranked_reason": row["unranked_reason"] or "",
        }
    )
    return record


@requires(Perm.VIEW_INTERNAL)
def export_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tailsafe-facilities.csv"'
    rows = [_export_record(r) for r in _ranked(user=request.user)]
    fieldnames = [*EXPORT_FIELDS, *[k for k in (rows[0] if rows else {}) if k not in EXPORT_FIELDS]]
    names = fieldnames or list(EXPORT_FIELDS)
    writer = SafeWriter(response)  # no cell runs as a formula in a spreadsheet (OWASP)
    writer.writerow(names)
    for record in rows:
        writer.writerow(record.get(name, "") for name in names)
    return response


@requires(Perm.VIEW_INTERNAL)
def export_geojson(request: HttpRequest) -> HttpResponse:
    """RFC 7946 FeatureCollection; positions are [longitude, latitude] (WGS 84)."""
    features = []
    for row in _ranked(user=request.user):
        f = row["facility"]
        geometry = None
        if f.latitude is not None and f.longitude is not None:
            geometry = {"type": "Point", "coordinates": [float(f.longitude), float(f.latitude)]}
        props = {k: (None if v == "" else v) for k, v in _export_record(row).items()}
        props.pop("latitude", None)
        props.pop("longitude", None)
        features.append(
            {"type": "Feature", "id": f.code, "geometry": geometry, "properties": props}
        )
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/geo+json")
    response["Content-Disposition"] = 'attachment; filename="tailsafe-facilities.geojson"'
    return response


# --- parameter sets ---------------------------------------------------------------------------


@requires(Perm.MANAGE_PARAMETERS)
def parameter_sets(request: HttpRequest) -> HttpResponse:
    _active()
    form = ParameterSetUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > 512 * 1024:
                raise ValidationError(_("The parameter-set file is too large."))
            ps = methodology.load_parameter_set_file(request.user, upload.read())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Parameter set %(name)s loaded (not active yet).") % {"name": ps.name}
            )
            return redirect("facilities:parameter_sets")
    return render(
        request,
        "facilities/parameter_sets.html",
        {"sets": ParameterSet.objects.all(), "form": form},
    )


@require_POST
@requires(Perm.MANAGE_PARAMETERS)
def parameter_set_activate(request: HttpRequest, pk: int) -> HttpResponse:
    ps = get_object_or_404(ParameterSet, pk=pk)
    count = methodology.activate_parameter_set(request.user, ps)
    messages.success(
        request,
        _("Parameter set %(name)s is active; %(n)s facilities recomputed.")
        % {"name": ps.name, "n": count},
    )
    return redirect("facilities:parameter_sets")
