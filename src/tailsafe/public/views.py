"""The public page (no login) and the secretariat's publishing switches."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tailsafe.api.serializers import approved_minutes
from tailsafe.core.permissions import Perm, requires
from tailsafe.facilities.models import BASIN_CHOICES, Facility
from tailsafe.followup.models import Recommendation
from tailsafe.meetings.models import Meeting
from tailsafe.methodology import services as methodology
from tailsafe.monitoring.cap import cap_xml
from tailsafe.monitoring.models import AlertEvent
from tailsafe.public import services


def _public_rows() -> list[dict[str, Any]]:
    """Published facilities with their rank among all facilities and the parameter set."""
    all_rows = methodology.rank_facilities(Facility.objects.filter(archived_at__isnull=True))
    keep = set(services.published_facilities().values_list("pk", flat=True))
    return [r for r in all_rows if r["facility"].pk in keep]


def _marker(row: dict[str, Any]) -> dict[str, Any] | None:
    f, a = row["facility"], row["assessment"]
    if f.latitude is None or f.longitude is None:
        return None
    return {
        "code": f.code,
        "name": f.name,
        "lat": float(f.latitude),
        "lon": float(f.longitude),
        "basin": f.basin,
        "tertile": row["tertile"],
        "rank": row["rank"],
        "thi_max": None if a is None or a.thi_max is None else round(a.thi_max, 2),
        "approximate": f.location_basis != Facility.LocationBasis.SURVEYED,
        "url": "#facility-" + f.code,
    }


def index(request: HttpRequest) -> HttpResponse:
    """What the group chose to publish; anyone may read it (Aarhus Convention)."""
    rows = _public_rows()
    meetings = [
        {"meeting": m, "minutes": approved_minutes(m)} for m in services.published_meetings()
    ]
    return render(
        request,
        "public/index.html",
        {
            "rows": rows,
            "markers": [m for m in (_marker(r) for r in rows) if m],
            "basins": BASIN_CHOICES,
            "parameter_set": methodology.active_parameter_set(),
            "meetings": meetings,
            "recommendations": services.published_recommendations(),
            "alerts": services.published_alerts(),
            "total_ranked": rows[0]["total"] if rows else 0,
        },
    )


@requires(Perm.PUBLISH)
def manage(request: HttpRequest) -> HttpResponse:
    """The secretariat's list of switches: what is on the public page."""
    return render(
        request,
        "public/manage.html",
        {
            "facilities": Facility.objects.filter(archived_at__isnull=True).order_by("code"),
            "meetings": Meeting.objects.order_by("-starts_at"),
            "recommendations": Recommendation.objects.filter(
                stage=Recommendation.Stage.ADOPTED
            ).select_related("addressee"),
            "alerts": AlertEvent.objects.exclude(to_level="normal")
            .select_related("series__point", "series__parameter")
            .order_by("-opened_at")[:100],
        },
    )


@require_POST
@requires(Perm.PUBLISH)
def toggle(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    published = request.POST.get("published") == "1"
    try:
        services.set_published(request.user, kind, pk, published)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Published.") if published else _("Withdrawn from the public page.")
        )
    return redirect(reverse("public:manage") + f"#{kind}-{pk}")


def alert_cap(request: HttpRequest, pk: int) -> HttpResponse:
    """A published alert as a CAP 1.2 message, for anyone (public warnings, §27)."""
    event = get_object_or_404(services.published_alerts(), pk=pk)
    response = HttpResponse(cap_xml(event, get_language() or "en"), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="tailsafe-alert-{event.pk}.cap.xml"'
    return response
