"""Demo accounts, one per role, for trying the platform on a laptop (never in production)."""

from __future__ import annotations

import os
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from tailsafe.core.roles import Role
from tailsafe.governance.models import Institution, RotationConfig
from tailsafe.governance.rotation import leading_authority

DEMO_PASSWORD_ENV = "TAILSAFE_DEMO_PASSWORD"  # noqa: S105 (the name of a variable, not a secret)
# The demo accounts' documented password (README); demo data only, never a real account.
DEFAULT_DEMO_PASSWORD = "tailsafe-demo-2026"  # noqa: S105


def demo_password() -> str:
    return os.environ.get(DEMO_PASSWORD_ENV, DEFAULT_DEMO_PASSWORD)


def _lead_key() -> str:
    config = RotationConfig.objects.order_by("id").first()
    year = timezone.localdate().year
    if config is None or year < config.start_year:
        return "industrial_safety"
    return leading_authority(config.order, config.start_year, year)


def ensure_demo_users() -> dict[str, Any]:
    """Create (once) the users demo-secretariat, demo-co_chair, ... and return them by role."""
    user_model = get_user_model()
    institution_for = {
        Role.SECRETARIAT: "industrial_safety",
        Role.CO_CHAIR: _lead_key(),
        Role.MEMBER: "academy",
        Role.OPERATOR: None,
        Role.INSPECTOR: "industrial_safety",
        Role.GUEST: None,
        Role.ADMIN: None,
    }
    users: dict[str, Any] = {}
    for role, key in institution_for.items():
        username = f"demo-{role.value}"
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model(
                username=username,
                role=role.value,
                is_demo=True,
                first_name="Demo",
                last_name=role.value.replace("_", "-"),
                email=f"{username}@example.org",
            )
            user.institution = Institution.objects.filter(key=key).first() if key else None
            if role is Role.ADMIN:
                user.is_staff = True
                user.is_superuser = True
            user.set_password(demo_password())
            user.save()
        users[role.value] = user
    return users
