"""ETag and Last-Modified on list endpoints (conditional GET answers 304 Not Modified).

The ETag is a hash of the representation, so it changes whenever anything in the answer does
(including the language and the caller's view of private fields). Last-Modified is the latest
change recorded in the model's audit history, when the model keeps one."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.db.models import Max
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag


def history_last_modified(model: Any) -> datetime | None:
    history = getattr(model, "history", None)
    if history is None:
        return None
    last: datetime | None = history.aggregate(last=Max("history_date"))["last"]
    return last


class ConditionalListMixin:
    """For GET on a list: ETag, Last-Modified and 304 when the client's copy is current."""

    conditional_actions = ("list",)

    def last_modified(self) -> datetime | None:
        qs = self.get_queryset()  # type: ignore[attr-defined]
        return history_last_modified(qs.model)

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        action = getattr(self, "action", None) or getattr(self, "conditional_name", None)
        if (
            request.method not in ("GET", "HEAD")
            or response.status_code != 200
            or action not in self.conditional_actions
        ):
            return response
        if hasattr(response, "render"):
            response.render()
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        last = self.last_modified()
        response["ETag"] = etag
        if last is not None:
            response["Last-Modified"] = http_date(last.timestamp())
        patch_vary_headers(response, ("Accept", "Accept-Language", "Authorization", "Cookie"))
        response.setdefault("Cache-Control", "private, no-cache")
        conditional = get_conditional_response(
            request._request if hasattr(request, "_request") else request,
            etag=etag,
            last_modified=int(last.timestamp()) if last is not None else None,
            response=response,
        )
        return conditional
