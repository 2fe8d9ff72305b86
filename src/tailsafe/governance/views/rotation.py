"""Pages of the co-chair rotation and terms (G4)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, requires
from tailsafe.governance import services
from tailsafe.governance.forms import (
    RotationForm,
    TermForm,
)
from tailsafe.governance.models import (
    CoChairTerm,
    Institution,
)

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest

# --- rotation (G4) ----------------------------------------------------------------------------


@requires(Perm.VIEW_INTERNAL)
def rotation_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    years = 10
    raw = request.GET.get("years", "10")
    if raw.isdigit() and 1 <= int(raw) <= 50:
        years = int(raw)
    config = services.rotation_config()
    this_year = timezone.localdate().year
    return render(
        request,
        "governance/rotation.html",
        {
            "config": config,
            "schedule": services.rotation_schedule(this_year, years),
            "this_year": this_year,
            "years": years,
            "authorities": Institution.objects.in_bulk(config.order, field_name="key"),
            "past_terms": CoChairTerm.objects.filter(year__lt=this_year)
            .select_related("institution", "senior_official")
            .order_by("-year"),
        },
    )


@requires(Perm.MANAGE_ROTATION)
def rotation_configure(request: AuthenticatedHttpRequest) -> HttpResponse:
    config = services.rotation_config()
    form = RotationForm(
        request.POST or None,
        initial={"order": ", ".join(config.order), "start_year": config.start_year},
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            services.configure_rotation(
                request.user,
                order=form.cleaned_data["order"].split(","),
                start_year=form.cleaned_data["start_year"],
            )
        if outcome:
            messages.success(request, _("Rotation saved."))
            return redirect("governance:rotation")
    rotating = Institution.active.filter(rotating_cochair=True)
    return render(request, "governance/rotation_form.html", {"form": form, "rotating": rotating})


@requires(Perm.MANAGE_ROTATION)
def term_edit(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    term = CoChairTerm.objects.filter(year=year).first()
    config = services.rotation_config()
    if year < config.start_year or year > config.start_year + 200:
        raise Http404
    initial = {}
    if term:
        initial = {
            "senior_official": term.senior_official_id,
            "nominated_on": term.nominated_on,
            "notes": term.notes,
        }
    form = TermForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        official = form.cleaned_data["senior_official"]
        official_user = official.user if official else None
        if term is not None and getattr(official, "pk", None) == term.senior_official_id:
            official_user = term.official_user  # same official: the form does not show it
        with service_errors(form) as outcome:
            services.record_cochair_term(
                request.user,
                year=year,
                senior_official=official,
                official_user=official_user,
                nominated_on=form.cleaned_data["nominated_on"],
                notes=form.cleaned_data["notes"],
            )
        if outcome:
            messages.success(request, _("Co-chair term saved."))
            return redirect("governance:rotation")
    lead, _next = services.leading_and_next(year)
    return render(
        request, "governance/term_form.html", {"form": form, "year": year, "leading": lead}
    )
