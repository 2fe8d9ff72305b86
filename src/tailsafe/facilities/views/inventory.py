"""Pages of the inventory: list, facility, sheet, edit, create, confirm, publish, archive."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tailsafe.core import once, versioned
from tailsafe.core.audit import history_of
from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, has_perm, requires
from tailsafe.facilities import indexes, rules, services, sheet
from tailsafe.facilities.forms import FacilityForm
from tailsafe.facilities.indexes import term_rows
from tailsafe.facilities.inventory import source_kind, split_sources
from tailsafe.facilities.models import Facility
from tailsafe.facilities.rules import facilities_visible_to
from tailsafe.facilities.screening import runout_context
from tailsafe.facilities.views.base import FIELD_GROUPS, _active, _display, _ranked, field_rows
from tailsafe.methodology import services as methodology
from tailsafe.methodology.thi import THI_EQUATION, TRI_EQUATION

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest

# --- inventory --------------------------------------------------------------------------------


@requires(Perm.VIEW_INTERNAL)
def facility_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = sorted(_ranked(user=request.user), key=lambda r: r["facility"].code)
    return render(
        request,
        "facilities/facility_list.html",
        {"rows": rows, "can_create": has_perm(request.user, Perm.CONFIRM_FACILITY)},
    )


@requires(Perm.VIEW_INTERNAL)
def facility_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    facility = get_object_or_404(
        facilities_visible_to(request.user, Facility.objects.select_related("operator")), pk=pk
    )
    ps = _active()
    tab = request.GET.get("tab", "overview")
    rank_row = indexes.portfolio().of(facility.pk)
    assessment = facility.assessments.select_related("parameter_set").order_by("-id").first()
    try:
        gistm = methodology.gistm_class(facility, ps.params)
    except ValueError:
        gistm = None
    context = {
        "facility": facility,
        "tab": tab,
        # the recorded fields as HTML, until the facility or an institution is saved
        "groups_html": versioned.cached(
            "facilities.fields",
            (facility.pk, get_language()),
            [indexes.RANKING_VERSION],
            lambda: render_to_string(
                "facilities/_field_groups.html",
                {"groups": [(key, field_rows(facility, names)) for key, names in FIELD_GROUPS]},
            ),
        ),
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
def facility_sheet(request: AuthenticatedHttpRequest, pk: int, lang: str) -> HttpResponse:
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
def facility_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
            with service_errors(form, let_through=(services.StaleFacility,)) as outcome:
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
        if outcome:
            messages.success(request, _("Facility saved."))
            return redirect("facilities:detail", pk=pk)
    return render(
        request,
        "facilities/facility_form.html",
        {"form": form, "facility": facility, "conflicts": conflicts, "stale_error": stale_error},
        status=status,
    )


def _stale_form(
    request: AuthenticatedHttpRequest, pk: int, form: FacilityForm, operator_user: bool
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
def facility_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = FacilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors(form) as outcome:
                facility = once.create_once(
                    request,
                    lambda: services.create_facility(
                        request.user, form.values(), form.provenance()
                    ),
                    lambda f: reverse("facilities:detail", args=[f.pk]),
                )
        except once.AlreadyCreated as done:
            return once.show_first(request, done)
        if outcome:
            messages.success(request, _("Facility added as a candidate."))
            return redirect("facilities:detail", pk=facility.pk)
    return render(request, "facilities/facility_form.html", {"form": form, "facility": None})


@require_POST
@requires(Perm.CONFIRM_FACILITY)
def facility_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    facility = get_object_or_404(Facility, pk=pk)
    with service_errors(request, join=True) as outcome:
        services.confirm_facility(request.user, facility)
    if outcome:
        messages.success(request, _("Facility confirmed."))
    return redirect("facilities:detail", pk=pk)


@require_POST
@requires(Perm.PUBLISH)
def facility_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
def facility_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    facility = get_object_or_404(Facility, pk=pk)
    services.archive_facility(request.user, facility, reason=request.POST.get("reason", ""))
    messages.success(request, _("Facility archived."))
    return redirect("facilities:list")
