"""The public page (no login) and the secretariat's publishing switches."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.messages import get_messages
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, get_supported_language_variant
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.http import require_POST

from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, requires
from tailsafe.facilities import mapdata
from tailsafe.facilities.choices import BASIN_CHOICES
from tailsafe.facilities.models import Facility
from tailsafe.followup.models import Recommendation
from tailsafe.meetings.models import Meeting
from tailsafe.meetings.services.queries import approved_minutes
from tailsafe.methodology import ranking
from tailsafe.methodology import services as methodology
from tailsafe.monitoring.models import AlertEvent
from tailsafe.public import cache, services
from tailsafe.transboundary import cap

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest


def _public_rows() -> list[dict[str, Any]]:
    """Published facilities with their rank among all facilities and the parameter set."""
    _ranking, all_rows = ranking.ranked_rows(Facility.objects.filter(archived_at__isnull=True))
    keep = set(services.published_facilities().values_list("pk", flat=True))
    return [r for r in all_rows if r["facility"].pk in keep]


CSRF_PLACEHOLDER = "csrf-placeholder-0d4f7c"


def index(request: HttpRequest) -> HttpResponse:
    """What the group chose to publish; anyone may read it (Aarhus Convention). Anonymous
    readers get the cached page (issue 19, item 6), with their own CSRF token put in."""
    if request.user.is_authenticated or len(get_messages(request)):
        return _index(request)  # a reader's own messages are never cached for others
    language = get_language() or "ru"

    def build() -> tuple[bytes, str]:
        response = _index(request, csrf_token=CSRF_PLACEHOLDER)
        return response.content, response["Content-Type"]

    body, content_type = cache.cached(f"index:{language}", build)
    token = get_token(request).encode()
    return HttpResponse(body.replace(CSRF_PLACEHOLDER.encode(), token), content_type=content_type)


def _index(request: HttpRequest, **extra: Any) -> HttpResponse:
    rows = _public_rows()
    meetings = [
        {"meeting": m, "minutes": approved_minutes(m)} for m in services.published_meetings()
    ]
    return render(
        request,
        "public/index.html",
        {
            "rows": rows,
            "markers": mapdata.markers(rows, lambda f: "#facility-" + f.code),
            "map_labels": mapdata.map_labels(),
            "empty_basins": mapdata.empty_basins(rows),
            "basins": BASIN_CHOICES,
            "parameter_set": methodology.active_parameter_set(),
            "meetings": meetings,
            "recommendations": services.published_recommendations(),
            "alerts": services.published_alerts(),
            "total_ranked": rows[0]["total"] if rows else 0,
            **extra,
        },
    )


@requires(Perm.PUBLISH)
def manage(request: AuthenticatedHttpRequest) -> HttpResponse:
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
            "alerts": AlertEvent.objects.filter(basis=AlertEvent.Basis.TARP)
            .exclude(to_level="normal")
            .select_related("series__point", "series__parameter")
            .order_by("-opened_at")[:100],
        },
    )


@require_POST
@requires(Perm.PUBLISH)
def toggle(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    published = request.POST.get("published") == "1"
    with service_errors(request) as outcome:
        services.set_published(request.user, kind, pk, published)
    if outcome:
        messages.success(
            request, _("Published.") if published else _("Withdrawn from the public page.")
        )
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)  # the page the switch was pressed on (a recommendation's page)
    return redirect(reverse("public:manage") + f"#{kind}-{pk}")


def alert_cap(request: HttpRequest, pk: int) -> HttpResponse:
    """A published alert's current CAP 1.2 message, for anyone (public warnings, §27)."""

    def build() -> bytes | None:
        event = services.published_alerts().filter(pk=pk).first()
        return None if event is None else bytes(cap.current(event).xml)

    body = cache.cached(f"cap:{pk}", build)
    if body is None:
        raise Http404
    response = HttpResponse(body, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="tailsafe-alert-{pk}.cap.xml"'
    return response


def alerts_atom(request: HttpRequest) -> HttpResponse:
    """Atom index of the current public alerts, each entry linking to its CAP document (as
    national alerting authorities publish them)."""

    language = _feed_language(request)

    def build() -> bytes:
        base = request.build_absolute_uri("/").rstrip("/")
        return services.alerts_feed(base, reverse("public:alerts_atom"), language)

    key = f"atom:{language}:{request.get_host()}"
    response = HttpResponse(cache.cached(key, build), content_type="application/atom+xml")
    response["Content-Language"] = language
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


def _feed_language(request: HttpRequest) -> str:
    """The language a feed reader asks for: ``?lang=``, else a signed-in user's saved language
    or the language cookie (as every page), else the Accept-Language header (a feed reader has
    neither account nor cookie), else the page's language."""
    asked = request.GET.get("lang", "")
    if asked in cap.CAP_LANGUAGES:
        return asked
    user = getattr(request, "user", None)
    chosen = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
    chosen = chosen or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in cap.CAP_LANGUAGES:
        return chosen
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            break
        try:
            variant = get_supported_language_variant(code)
        except LookupError:
            continue
        if variant in cap.CAP_LANGUAGES:
            return variant
    return get_language() or settings.LANGUAGE_CODE
