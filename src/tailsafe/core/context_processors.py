from typing import Any

from django.conf import settings
from django.http import HttpRequest

from tailsafe.core.permissions import Perm, has_perm


def platform(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "PLATFORM_NAME": settings.PLATFORM_NAME,
        # Each language named in itself, so a reader finds theirs whatever the page shows.
        "LANGUAGE_CHOICES": settings.LANGUAGES,
        "perms_ts": {perm.value: has_perm(user, perm) for perm in Perm},
    }
