"""What the inspection pages share."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tailsafe.methodology.models import CATEGORY_CHOICES

CATEGORY_LABELS = dict(CATEGORY_CHOICES)


def _user(request: HttpRequest) -> Any:
    return request.user


def _category_rows(result: Any) -> list[dict[str, Any]]:
    if result is None:
        return []
    return [
        {
            "key": key,
            "label": CATEGORY_LABELS.get(key, key),
            "sl": result.by_category.get(key),
            "coverage": result.coverage_by_category.get(key),
            "band": result.band_by_category.get(key),
        }
        for key in CATEGORY_LABELS
        if key in result.by_category
    ]
