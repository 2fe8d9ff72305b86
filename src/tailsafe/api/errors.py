"""Every error under /api/ is JSON, as the OpenAPI document promises (issue 14): a URL the
router does not match (/api/v1/facilities/abc/) is a JSON 404, an unexpected failure a JSON 500.
Other paths keep Django's pages (templates/404.html, 500.html)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def bad_request(request: HttpRequest, exception: Any) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Any) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Not allowed for this role or object."}, status=403)
    return defaults.permission_denied(request, exception)


def not_found(request: HttpRequest, exception: Any) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Internal error; it has been logged."}, status=500)
    return defaults.server_error(request)
