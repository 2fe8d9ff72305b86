"""What the inspection pages share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tailsafe.methodology.models import CATEGORY_CHOICES

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest

CATEGORY_LABELS = dict(CATEGORY_CHOICES)


def _user(request: AuthenticatedHttpRequest) -> Any:
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
