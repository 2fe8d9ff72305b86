from typing import Any

from django.conf import settings
from django.http import HttpRequest

from tailsafe.core.permissions import Perm, has_perm


def platform(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "PLATFORM_NAME": settings.PLATFORM_NAME,
        "perms_ts": {perm.value: has_perm(user, perm) for perm in Perm},
    }
