"""The group's establishment and its terms of reference (G1)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, requires
from tailsafe.core.uploads import attachment
from tailsafe.governance import services
from tailsafe.governance.forms import (
    EstablishmentForm,
    TorVersionForm,
)
from tailsafe.governance.models import (
    Establishment,
    TorVersion,
)

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest

# --- establishment and terms of reference (G1) ----------------------------------------------


@requires(Perm.VIEW_INTERNAL)
def tor_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "governance/tor.html",
        {
            "establishments": Establishment.objects.all(),
            "versions": TorVersion.objects.all(),
        },
    )


@requires(Perm.MANAGE_GOVERNANCE)
def establishment_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = EstablishmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            services.record_establishment(request.user, **form.cleaned_data)
        if outcome:
            messages.success(request, _("Establishment recorded."))
            return redirect("governance:tor")
    return render(
        request,
        "governance/simple_form.html",
        {"form": form, "title": _("Record the establishment"), "multipart": True},
    )


@requires(Perm.MANAGE_GOVERNANCE)
def tor_version_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TorVersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            services.add_tor_version(request.user, **form.cleaned_data)
        if outcome:
            messages.success(request, _("Terms of reference version added."))
            return redirect("governance:tor")
    return render(
        request,
        "governance/simple_form.html",
        {"form": form, "title": _("Add a version of the terms of reference"), "multipart": True},
    )


@requires(Perm.VIEW_INTERNAL)
def tor_document(request: AuthenticatedHttpRequest, kind: str, pk: int) -> FileResponse:
    record: Establishment | TorVersion
    if kind == "establishment":
        record = get_object_or_404(Establishment, pk=pk)
    elif kind == "tor":
        record = get_object_or_404(TorVersion, pk=pk)
    else:
        raise Http404
    return attachment(record.document)
