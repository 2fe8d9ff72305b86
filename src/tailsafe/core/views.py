"""Platform views: health check, language switch."""

from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from tailsafe.core import services
from tailsafe.core.models import Heartbeat

SUPPORTED = dict(settings.LANGUAGES)


class _RolledBack(Exception):
    pass


def check_database_writable() -> None:
    """Read, then write a heartbeat row in a transaction that is rolled back: a read-only
    database (a read-only file, a replica, default_transaction_read_only) raises DatabaseError
    here instead of failing every save later. Leaves the database unchanged."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    try:
        with transaction.atomic():
            Heartbeat.objects.create()
            raise _RolledBack
    except _RolledBack:
        pass


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 {"status": "ok", "database": "ok"}; 503 with the reason when the database is down
    or accepts no write (read-only)."""
    try:
        check_database_writable()
    except DatabaseError as exc:
        connection.close()  # a broken connection is not reused: the next check reconnects
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        return JsonResponse({"status": "error", "database": reason}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def ping(request: HttpRequest) -> HttpResponse:
    """The layout and one line, nothing else: the floor every page stands on (session, user,
    menu). The baseline the page timings of bench/bench_load.py are compared with."""
    return render(request, "core/ping.html")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; remembered on the user when signed in (P1)."""
    code = request.POST.get("language", "")
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if code not in SUPPORTED:
        messages.error(
            request,
            _("Unknown language “%(code)s”. Choose one of: %(choices)s.")
            % {"code": code[:20], "choices": ", ".join(SUPPORTED.values())},
        )
        return response
    translation.activate(code)
    if request.user.is_authenticated:
        services.set_user_language(request.user, code)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
    )
    return response
