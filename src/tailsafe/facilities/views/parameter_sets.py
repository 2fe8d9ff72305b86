"""Pages of the parameter sets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, requires
from tailsafe.facilities.forms import ParameterSetUploadForm
from tailsafe.facilities.views.base import _active
from tailsafe.methodology import services as methodology
from tailsafe.methodology.models import ParameterSet

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest

# --- parameter sets ---------------------------------------------------------------------------


@requires(Perm.MANAGE_PARAMETERS)
def parameter_sets(request: AuthenticatedHttpRequest) -> HttpResponse:
    _active()
    form = ParameterSetUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with service_errors(form) as outcome:
            if upload.size > 512 * 1024:
                raise ValidationError(_("The parameter-set file is too large."))
            ps = methodology.load_parameter_set_file(request.user, upload.read())
        if outcome:
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
def parameter_set_activate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    ps = get_object_or_404(ParameterSet, pk=pk)
    count = methodology.activate_parameter_set(request.user, ps)
    messages.success(
        request,
        _("Parameter set %(name)s is active; %(n)s facilities recomputed.")
        % {"name": ps.name, "n": count},
    )
    return redirect("facilities:parameter_sets")
