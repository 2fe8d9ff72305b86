"""Pages of the guests (G5)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tailsafe.core import once
from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, requires
from tailsafe.governance import services
from tailsafe.governance.forms import (
    GuestForm,
)
from tailsafe.governance.models import (
    Guest,
)

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest

# --- guests (G5) ------------------------------------------------------------------------------


@requires(Perm.VIEW_INTERNAL)
def guest_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "governance/guest_list.html", {"guests": Guest.active.all()})


@requires(Perm.MANAGE_GOVERNANCE)
def guest_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    guest = get_object_or_404(Guest, pk=pk, archived_at__isnull=True) if pk else None
    form = GuestForm(request.POST or None, instance=guest)
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors(form) as outcome:
                if guest is None:  # a new guest: once per form token
                    once.create_once(
                        request,
                        lambda: services.save_guest(request.user, form.cleaned_data, None),
                        lambda _guest: reverse("governance:guest_list"),
                    )
                else:
                    services.save_guest(request.user, form.cleaned_data, guest)
        except once.AlreadyCreated as done:
            return once.show_first(request, done)
        if outcome:
            messages.success(request, _("Guest saved."))
            return redirect("governance:guest_list")
    return render(request, "governance/guest_form.html", {"form": form, "guest": guest})


@require_POST
@requires(Perm.MANAGE_GOVERNANCE)
def guest_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    services.archive_guest(request.user, get_object_or_404(Guest, pk=pk))
    messages.success(request, _("Guest archived."))
    return redirect("governance:guest_list")
