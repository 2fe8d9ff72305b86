"""Pages of the imports of readings and their reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, requires
from tailsafe.monitoring import rules, services
from tailsafe.monitoring.forms import (
    ImportForm,
    MappingForm,
    ObservationForm,
)
from tailsafe.monitoring.models import (
    ColumnMapping,
    ImportBatch,
)

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest

# --- imports ---------------------------------------------------------------------------------


@requires(Perm.SUBMIT_OBSERVATIONS)
def import_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            batch = services.create_import(
                request.user, form.cleaned_data["file"], mapping=form.cleaned_data["mapping"]
            )
        if outcome:
            return redirect("monitoring:import_detail", pk=batch.pk)
    services.fail_stale_imports()
    batches = services.visible_batches(request.user)[:20]
    return render(
        request,
        "monitoring/import_upload.html",
        {"form": form, "batches": batches, "mappings": ColumnMapping.objects.all()},
    )


def _batch(request: AuthenticatedHttpRequest, pk: int) -> ImportBatch:
    try:
        return services.visible_batches(request.user).get(pk=pk)
    except ImportBatch.DoesNotExist:
        raise Http404 from None


@requires(Perm.SUBMIT_OBSERVATIONS)
def import_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    services.fail_stale_imports()
    batch = _batch(request, pk)
    return render(request, "monitoring/import_detail.html", {"batch": batch})


@requires(Perm.SUBMIT_OBSERVATIONS)
def import_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    services.fail_stale_imports()
    batch = _batch(request, pk)
    response = render(request, "monitoring/_import_progress.html", {"batch": batch})
    if batch.finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@requires(Perm.SUBMIT_OBSERVATIONS)
def mapping_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    instance = get_object_or_404(ColumnMapping, pk=pk) if pk else ColumnMapping()
    if pk and not rules.can_edit_mapping(request.user, instance):
        # Another institution's mapping: used as it is, or copied under a new name (issue 14).
        instance = ColumnMapping(
            lab="",
            columns=dict(instance.columns or {}),
            encoding=instance.encoding,
            decimal=instance.decimal,
            delimiter=instance.delimiter,
            date_format=instance.date_format,
        )
        if request.method != "POST":
            messages.info(
                request,
                _(
                    "This column mapping belongs to another institution. Save it under a new "
                    "laboratory name to make your own copy, or ask the secretariat to change it."
                ),
            )
    form = MappingForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            services.save_mapping(request.user, form.save(commit=False))
        if outcome:
            messages.success(request, _("Column mapping saved."))
            return redirect("monitoring:import_upload")
    return render(
        request, "monitoring/form.html", {"form": form, "title": _("Laboratory column mapping")}
    )


@requires(Perm.SUBMIT_OBSERVATIONS)
def observation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    initial = {}
    if request.GET.get("series", "").isdigit():
        initial["series"] = request.GET["series"]
    form = ObservationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors(form) as outcome:
            report = services.record_observation(
                request.user,
                data["series"],
                taken_at=data["taken_at"],
                value=data["value"],
                unit=data["unit"],
                detection_limit=data["detection_limit"],
                quantification_limit=data["quantification_limit"],
            )
        if outcome:
            if report.events:
                messages.warning(request, _("Reading saved; the TARP level changed."))
            elif report.exceeding:
                messages.warning(request, _("Reading saved; it exceeds the norm."))
            elif report.inconclusive:
                messages.warning(
                    request,
                    _("Reading saved; it cannot be compared with the norm (inconclusive)."),
                )
            else:
                messages.success(request, _("Reading saved."))
            return redirect("monitoring:point_detail", pk=data["series"].point_id)
    return render(request, "monitoring/form.html", {"form": form, "title": _("Enter a reading")})
