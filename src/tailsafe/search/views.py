"""The search page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.shortcuts import render

from tailsafe.core.permissions import Perm, requires
from tailsafe.search import engine, stems

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest


@requires(Perm.VIEW_INTERNAL)
def search(request: AuthenticatedHttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:200]
    results = engine.search(query, user=request.user) if query else {}
    return render(
        request,
        "search/search.html",
        {
            "query": query,
            "results": results,
            "total": sum(len(v) for v in results.values()),
            "too_short": bool(query) and not stems.words_of(query),
        },
    )
