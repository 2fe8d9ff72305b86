"""Governance views: load -> check access -> call a service -> render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tailsafe.core import once
from tailsafe.core.audit import history_of
from tailsafe.core.forms import add_service_errors
from tailsafe.core.permissions import Perm, requires, sees_nomination_letter
from tailsafe.core.uploads import attachment
from tailsafe.governance import services
from tailsafe.governance.forms import (
    EstablishmentForm,
    GuestForm,
    InstitutionForm,
    NominationForm,
    RenewalForm,
    RotationForm,
    TermForm,
    TorVersionForm,
)
from tailsafe.governance.models import (
    CoChairTerm,
    Establishment,
    Guest,
    Institution,
    LpiChange,
    Membership,
    TorVersion,
)

# --- institutions (G2) ------------------------------------------------------------------------


@requires(Perm.VIEW_INTERNAL)
def institution_list(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "lpi")
    qs = Institution.objects.all()
    if show == "lpi":
        qs = qs.filter(in_lpi=True, archived_at__isnull=True)
    elif show == "archived":
        qs = qs.filter(archived_at__isnull=False)
    else:
        show = "all"
    today = timezone.localdate()
    current = Membership.objects.current(today).select_related("person")
    qs = qs.prefetch_related(Prefetch("memberships", queryset=current, to_attr="current_members"))
    return render(request, "governance/institution_list.html", {"institutions": qs, "show": show})


@requires(Perm.VIEW_INTERNAL)
def institution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inst = get_object_or_404(Institution, pk=pk)
    tab = request.GET.get("tab", "overview")
    context: dict[str, Any] = {
        "institution": inst,
        "tab": tab,
        "memberships": inst.memberships.select_related("person").order_by("-start_date"),
        "lpi_changes": inst.lpi_changes.all(),
    }
    if tab == "history":
        context["history"] = history_of(inst)
    return render(request, "governance/institution_detail.html", context)


@requires(Perm.MANAGE_GOVERNANCE)
def institution_create(request: HttpRequest) -> HttpResponse:
    form = InstitutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != once.FIELD}
        try:
            inst = once.create_once(
                request,
                lambda: services.create_institution(
                    request.user,
                    data,
                    effective_on=data.pop("effective_on", None),
                    decided_at=data.pop("decided_at", ""),
                ),
                lambda inst: reverse("governance:institution_detail", args=[inst.pk]),
            )
        except once.AlreadyCreated as done:
            return once.show_first(request, done)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Institution added."))
            return redirect("governance:institution_detail", pk=inst.pk)
    return render(request, "governance/institution_form.html", {"form": form, "creating": True})


@requires(Perm.MANAGE_GOVERNANCE)
def institution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    inst = get_object_or_404(Institution, pk=pk, archived_at__isnull=True)
    form = InstitutionForm(request.POST or None, instance=Institution.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != once.FIELD}
        try:
            services.update_institution(
                request.user,
                inst,
                data,
                effective_on=data.pop("effective_on", None),
                decided_at=data.pop("decided_at", ""),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("governance:institution_detail", pk=inst.pk)
    return render(request, "governance/institution_form.html", {"form": form, "institution": inst})


@require_POST
@requires(Perm.MANAGE_GOVERNANCE)
def institution_archive(request: HttpRequest, pk: int) -> HttpResponse:
    inst = get_object_or_404(Institution, pk=pk)
    try:
        services.archive_institution(
            request.user, inst, decided_at=request.POST.get("decided_at", "")[:300]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Institution archived."))
    return redirect("governance:institution_detail", pk=inst.pk)


@requires(Perm.VIEW_INTERNAL)
def lpi_changes(request: HttpRequest) -> HttpResponse:
    changes = LpiChange.objects.select_related("institution", "recorded_by")[:500]
    return render(request, "governance/lpi_changes.html", {"changes": changes})


# --- members (G3) -----------------------------------------------------------------------------


@requires(Perm.VIEW_INTERNAL)
def member_list(request: HttpRequest) -> HttpResponse:
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
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
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
def member_nominate(request: HttpRequest) -> HttpResponse:
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
            membership = once.create_once(
                request,
                nominate,
                lambda m: reverse("governance:member_detail", args=[m.pk]),
            )
        except once.AlreadyCreated as done:
            return once.show_first(request, done)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Member nominated."))
            return redirect("governance:member_detail", pk=membership.pk)
    return render(request, "governance/member_form.html", {"form": form})


@requires(Perm.MANAGE_GOVERNANCE)
def member_renew(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk)
    form = RenewalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.renew_membership(request.user, membership, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Term renewed."))
            return redirect("governance:member_detail", pk=new.pk)
    return render(request, "governance/member_renew.html", {"form": form, "m": membership})


@require_POST
@requires(Perm.MANAGE_GOVERNANCE)
def member_archive(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk)
    services.archive_membership(request.user, membership, request.POST.get("reason", "")[:200])
    messages.success(request, _("Membership archived."))
    return redirect("governance:member_detail", pk=pk)


@requires(Perm.VIEW_INTERNAL)
def member_letter(request: HttpRequest, pk: int) -> FileResponse:
    membership = get_object_or_404(Membership, pk=pk)
    if not sees_nomination_letter(request.user, membership.institution_id):
        raise Http404
    return attachment(membership.letter)


# --- rotation (G4) ----------------------------------------------------------------------------


@requires(Perm.VIEW_INTERNAL)
def rotation_view(request: HttpRequest) -> HttpResponse:
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
def rotation_configure(request: HttpRequest) -> HttpResponse:
    config = services.rotation_config()
    form = RotationForm(
        request.POST or None,
        initial={"order": ", ".join(config.order), "start_year": config.start_year},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.configure_rotation(
                request.user,
                order=form.cleaned_data["order"].split(","),
                start_year=form.cleaned_data["start_year"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Rotation saved."))
            return redirect("governance:rotation")
    rotating = Institution.active.filter(rotating_cochair=True)
    return render(request, "governance/rotation_form.html", {"form": form, "rotating": rotating})


@requires(Perm.MANAGE_ROTATION)
def term_edit(request: HttpRequest, year: int) -> HttpResponse:
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
        try:
            services.record_cochair_term(
                request.user,
                year=year,
                senior_official=official,
                official_user=official_user,
                nominated_on=form.cleaned_data["nominated_on"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Co-chair term saved."))
            return redirect("governance:rotation")
    lead, _next = services.leading_and_next(year)
    return render(
        request, "governance/term_form.html", {"form": form, "year": year, "leading": lead}
    )


# --- guests (G5) ------------------------------------------------------------------------------


@requires(Perm.VIEW_INTERNAL)
def guest_list(request: HttpRequest) -> HttpResponse:
    return render(request, "governance/guest_list.html", {"guests": Guest.active.all()})


@requires(Perm.MANAGE_GOVERNANCE)
def guest_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    guest = get_object_or_404(Guest, pk=pk, archived_at__isnull=True) if pk else None
    form = GuestForm(request.POST or None, instance=guest)
    if request.method == "POST" and form.is_valid():
        try:
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
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Guest saved."))
            return redirect("governance:guest_list")
    return render(request, "governance/guest_form.html", {"form": form, "guest": guest})


@require_POST
@requires(Perm.MANAGE_GOVERNANCE)
def guest_archive(request: HttpRequest, pk: int) -> HttpResponse:
    services.archive_guest(request.user, get_object_or_404(Guest, pk=pk))
    messages.success(request, _("Guest archived."))
    return redirect("governance:guest_list")


# --- establishment and terms of reference (G1) ----------------------------------------------


@requires(Perm.VIEW_INTERNAL)
def tor_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "governance/tor.html",
        {
            "establishments": Establishment.objects.all(),
            "versions": TorVersion.objects.all(),
        },
    )


@requires(Perm.MANAGE_GOVERNANCE)
def establishment_create(request: HttpRequest) -> HttpResponse:
    form = EstablishmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_establishment(request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Establishment recorded."))
            return redirect("governance:tor")
    return render(
        request,
        "governance/simple_form.html",
        {"form": form, "title": _("Record the establishment"), "multipart": True},
    )


@requires(Perm.MANAGE_GOVERNANCE)
def tor_version_create(request: HttpRequest) -> HttpResponse:
    form = TorVersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_tor_version(request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Terms of reference version added."))
            return redirect("governance:tor")
    return render(
        request,
        "governance/simple_form.html",
        {"form": form, "title": _("Add a version of the terms of reference"), "multipart": True},
    )


@requires(Perm.VIEW_INTERNAL)
def tor_document(request: HttpRequest, kind: str, pk: int) -> FileResponse:
    record: Establishment | TorVersion
    if kind == "establishment":
        record = get_object_or_404(Establishment, pk=pk)
    elif kind == "tor":
        record = get_object_or_404(TorVersion, pk=pk)
    else:
        raise Http404
    return attachment(record.document)
