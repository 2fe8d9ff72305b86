"""Pages of the members (G3)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tailsafe.core import once
from tailsafe.core.audit import history_of
from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, requires, sees_nomination_letter
from tailsafe.core.uploads import attachment
from tailsafe.governance import services
from tailsafe.governance.forms import (
    NominationForm,
    RenewalForm,
)
from tailsafe.governance.models import (
    Membership,
)

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest

# --- members (G3) -----------------------------------------------------------------------------


@requires(Perm.VIEW_INTERNAL)
def member_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    base = Membership.objects.select_related("person", "institution")
    return render(
        request,
        "governance/member_list.html",
        {
            "current": base.current(today).order_by("institution__name_ru", "person__full_name"),
            "past": base.past(today).order_by("-end_date")[:200],
            "expiring": services.expiring_memberships(today),
            "without_member": services.institutions_without_member(today),
            "today": today,
        },
    )


@requires(Perm.VIEW_INTERNAL)
def member_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("person", "institution", "renewal_of"), pk=pk
    )
    tab = request.GET.get("tab", "overview")
    context: dict[str, Any] = {
        "m": membership,
        "tab": tab,
        "renewed_by": Membership.objects.filter(renewal_of=membership).first(),
        "may_read_letter": sees_nomination_letter(request.user, membership.institution_id),
    }
    if tab == "history":
        context["history"] = history_of(membership)
    return render(request, "governance/member_detail.html", context)


@requires(Perm.MANAGE_GOVERNANCE)
def member_nominate(request: AuthenticatedHttpRequest) -> HttpResponse:
    initial = {}
    if "institution" in request.GET and request.GET["institution"].isdigit():
        initial["institution"] = request.GET["institution"]
    form = NominationForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def nominate() -> Any:
            person = data["person"]
            if person is None:
                person = services.create_person(
                    request.user,
                    {
                        "full_name": data["new_person_name"].strip(),
                        "email": data["new_person_email"],
                        "position_title": data["new_person_position"],
                        "language": data.get("new_person_language", ""),
                    },
                )
            return services.nominate_member(
                request.user,
                person=person,
                institution=data["institution"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                letter=data["letter"],
                letter_reference=data["letter_reference"],
                seat=data["seat"],
            )

        try:
            with service_errors(form) as outcome:
                membership = once.create_once(
                    request,
                    nominate,
                    lambda m: reverse("governance:member_detail", args=[m.pk]),
                )
        except once.AlreadyCreated as done:
            return once.show_first(request, done)
        if outcome:
            messages.success(request, _("Member nominated."))
            return redirect("governance:member_detail", pk=membership.pk)
    return render(request, "governance/member_form.html", {"form": form})


@requires(Perm.MANAGE_GOVERNANCE)
def member_renew(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk)
    form = RenewalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            new = services.renew_membership(request.user, membership, **form.cleaned_data)
        if outcome:
            messages.success(request, _("Term renewed."))
            return redirect("governance:member_detail", pk=new.pk)
    return render(request, "governance/member_renew.html", {"form": form, "m": membership})


@require_POST
@requires(Perm.MANAGE_GOVERNANCE)
def member_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk)
    services.archive_membership(request.user, membership, request.POST.get("reason", "")[:200])
    messages.success(request, _("Membership archived."))
    return redirect("governance:member_detail", pk=pk)


@requires(Perm.VIEW_INTERNAL)
def member_letter(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    membership = get_object_or_404(Membership, pk=pk)
    if not sees_nomination_letter(request.user, membership.institution_id):
        raise Http404
    return attachment(membership.letter)
