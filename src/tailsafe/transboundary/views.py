"""Thin views: load, check access, call a service, render (issue 19)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, requires
from tailsafe.facilities.choices import BASIN_CHOICES
from tailsafe.facilities.models import Facility
from tailsafe.monitoring import rules as monitoring_rules
from tailsafe.monitoring.models import AlertEvent
from tailsafe.transboundary import cap, rules, services
from tailsafe.transboundary.models import Drill, EmergencyContact, Notice, ReceivingBody

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest


@requires(Perm.VIEW_INTERNAL)
def alert_cap(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The current CAP message of an alert the user sees (Restricted while unpublished)."""
    event = get_object_or_404(
        monitoring_rules.alerts_visible_to(
            request.user,
            AlertEvent.objects.select_related("series__point__facility", "series__parameter"),
        ),
        pk=pk,
    )
    if event.to_level == "normal" or event.basis != AlertEvent.Basis.TARP:
        raise Http404
    response = HttpResponse(bytes(cap.current(event).xml), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="tailsafe-alert-{event.pk}.cap.xml"'
    return response


def _error(request: AuthenticatedHttpRequest, exc: PermissionDenied) -> None:
    """A refused step (a ValidationError is shown by ``service_errors(request)``)."""
    messages.error(request, str(exc) or _("Not allowed."))


@requires(Perm.VIEW_INTERNAL)
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    notices = rules.notices_visible_to(request.user).select_related(
        "event__series__point__facility"
    )
    return render(
        request,
        "transboundary/index.html",
        {
            "notices": notices[:100],
            "followups_due": services.pending_followups(),
            "drills": Drill.objects.select_related("facility")[:20],
            "facilities": Facility.objects.filter(archived_at__isnull=True).order_by("code"),
            "can_manage": rules.can_manage(request.user),
            "stats": services.statistics(),
        },
    )


@requires(Perm.VIEW_INTERNAL)
def bodies(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The register of receiving bodies and their routing rules."""
    if request.method == "POST":
        try:
            with service_errors(request) as outcome:
                body = get_object_or_404(ReceivingBody, pk=request.POST.get("body"))
                if request.POST.get("action") == "rule":
                    services.add_rule(request.user, body, request.POST.dict())
                else:
                    language = request.POST.get("language", "ru")
                    if language not in ("ru", "en"):
                        raise ValidationError(_("Choose Russian or English."))
                    services.save_body(
                        request.user,
                        body,
                        {"email": request.POST.get("email", "").strip(), "language": language},
                    )
        except PermissionDenied as exc:
            _error(request, exc)
        if outcome:
            messages.success(request, _("Saved."))
        return redirect("transboundary:bodies")
    return render(
        request,
        "transboundary/bodies.html",
        {
            "bodies": ReceivingBody.objects.prefetch_related("rules"),
            "basins": BASIN_CHOICES,
            "can_manage": rules.can_manage(request.user),
        },
    )


@requires(Perm.VIEW_INTERNAL)
def contacts(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Emergency contacts of a facility, in call order."""
    facility = get_object_or_404(Facility, pk=pk)
    if request.method == "POST":
        try:
            with service_errors(request) as outcome:
                order = int(request.POST.get("call_order") or 1)
                services.add_contact(
                    request.user,
                    facility,
                    {
                        "role": request.POST.get("role", "").strip(),
                        "name": request.POST.get("name", "").strip(),
                        "phone": request.POST.get("phone", "").strip(),
                        "email": request.POST.get("email", "").strip(),
                        "call_order": order,
                    },
                )
        except ValueError:
            messages.error(request, _("The call order is a whole number."))
        except PermissionDenied as exc:
            _error(request, exc)
        if outcome:
            messages.success(request, _("Saved."))
        return redirect("transboundary:contacts", pk=pk)
    return render(
        request,
        "transboundary/contacts.html",
        {
            "facility": facility,
            "contacts": EmergencyContact.objects.filter(facility=facility),
            "can_manage": rules.can_manage(request.user),
        },
    )


def _notice(request: AuthenticatedHttpRequest, pk: int) -> Notice:
    return get_object_or_404(
        rules.notices_visible_to(request.user).select_related(
            "event__series__point__facility", "event__series__parameter", "letter"
        ),
        pk=pk,
    )


@requires(Perm.VIEW_INTERNAL)
def notice(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    n = _notice(request, pk)
    return render(
        request,
        "transboundary/notice.html",
        {
            "notice": n,
            "texts": [("ru", n.rendered("ru")), ("en", n.rendered("en")), ("tg", n.rendered("tg"))],
            "deliveries": n.deliveries.select_related("body"),
            "followups": n.followups.all(),
            "can_manage": rules.can_manage(request.user),
            "can_approve": rules.can_approve(request.user, n),
            "kinds": [(k, v) for k, v in Notice.Kind.choices if k != Notice.Kind.EARLY_WARNING],
            "alert_open": n.event.status != AlertEvent.Status.RESOLVED,
        },
    )


@require_POST
@requires(Perm.VIEW_INTERNAL)
def submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    n = _notice(request, pk)
    try:
        with service_errors(request) as outcome:
            services.submit_notice(request.user, n)
    except PermissionDenied as exc:
        _error(request, exc)
    if outcome:
        messages.success(request, _("Sent to the leading co-chair for approval."))
    return redirect("transboundary:notice", pk=pk)


@requires(Perm.VIEW_INTERNAL)
def approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The co-chair's phone screen: tap 1 "Approve", tap 2 "Confirm and send"."""
    n = _notice(request, pk)
    if request.method == "POST":
        try:
            with service_errors(request) as outcome:
                services.approve_and_send(request.user, n)
        except PermissionDenied as exc:
            _error(request, exc)
        if not outcome:
            return redirect("transboundary:approve", pk=pk)
        messages.success(request, _("Approved and sent."))
        return redirect("transboundary:notice", pk=pk)
    return render(
        request,
        "transboundary/approve.html",
        {
            "notice": n,
            "confirm": request.GET.get("confirm") == "1",
            "can_approve": rules.can_approve(request.user, n),
            "summary": n.rendered(
                request.LANGUAGE_CODE if request.LANGUAGE_CODE in ("ru", "en", "tg") else "ru"
            ),
        },
    )


@require_POST
@requires(Perm.VIEW_INTERNAL)
def followup(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    first = _notice(request, pk)
    try:
        with service_errors(request) as outcome:
            new = services.draft_notice(
                request.user,
                first.event,
                request.POST.get("kind", Notice.Kind.INFORMATION),
                first=first.first or first,
                measures=request.POST.get("measures", "").strip(),
                assistance=request.POST.get("assistance", "").strip(),
            )
    except ValueError:
        messages.error(request, _("Unknown kind of notification."))
    except PermissionDenied as exc:
        _error(request, exc)
    if not outcome:
        return redirect("transboundary:notice", pk=pk)
    messages.success(request, _("Follow-up drafted."))
    return redirect("transboundary:notice", pk=new.pk)


@require_POST
@requires(Perm.VIEW_INTERNAL)
def start_drill(request: AuthenticatedHttpRequest) -> HttpResponse:
    facility = get_object_or_404(Facility, pk=request.POST.get("facility") or 0)
    try:
        with service_errors(request) as outcome:
            drill = services.start_drill(request.user, facility)
    except PermissionDenied as exc:
        _error(request, exc)
    if not outcome:
        return redirect("transboundary:index")
    messages.success(request, _("EXERCISE started."))
    return redirect("transboundary:drill", pk=drill.pk)


@requires(Perm.VIEW_INTERNAL)
def drill(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    d = get_object_or_404(Drill.objects.select_related("facility", "event"), pk=pk)
    return render(request, "transboundary/drill.html", services.drill_report(d))
