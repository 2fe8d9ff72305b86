"""{% load permissions %}{% can "edit" facility as may_edit %}: the same object rule as the
services and the API (core.permissions.can, registered in each app's rules.py)."""

from __future__ import annotations

from typing import Any

from django import template

from tailsafe.core.permissions import can as _can

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context: Any, verb: str, obj: Any) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return obj is not None and _can(user, verb, obj)
