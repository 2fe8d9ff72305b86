"""Every view, every role: the permission matrix (P2).

The test walks the URL configuration, so a new view is covered the day it is added: a view either
declares its permission with @requires(...) or is listed here as public on purpose."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tailsafe.core.permissions import ROLE_PERMISSIONS
from tailsafe.core.roles import Role

# Views anyone may open (the log-in page, the health check, language switch, the start page,
# the bare layout page the load benchmark compares with).
PUBLIC = {
    "healthz",
    "ping",
    "set_language",
    "login",
    "logout",
    "dashboard:home",
    "2fa_setup",
    "2fa_verify",
    "meetings:invitation_reply",
}  # the reply link carries its own single-use token
PUBLIC_PREFIXES = (
    "admin:",
    "public:",
    "api:",
)  # tested on their own
SAMPLE_KWARGS = {
    "pk": 999999,
    "year": 2030,
    "kind": "tor",
    "token": "x",
    "lang": "ru",
    "slug": "x",
    "fmt": "csv",
    "key": "x",
    "index": 0,
}


def walk(resolver: URLResolver, prefix: str = "", ns: str = "") -> list[tuple[str, str, Any]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            sub_ns = f"{ns}{entry.namespace}:" if entry.namespace else ns
            found += walk(entry, prefix + str(entry.pattern), sub_ns)
        elif isinstance(entry, URLPattern) and entry.name:
            found.append((f"{ns}{entry.name}", prefix + str(entry.pattern), entry))
    return found


def internal_views() -> list[tuple[str, str, Any]]:
    views = []
    for name, route, pattern in walk(get_resolver()):
        if name in PUBLIC or name.startswith(PUBLIC_PREFIXES):
            continue
        views.append((name, route, pattern))
    return views


def test_every_internal_view_declares_a_permission() -> None:
    missing = [
        name for name, _route, p in internal_views() if not hasattr(p.callback, "required_perm")
    ]
    assert not missing, f"views without @requires: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, *[r.value for r in Role]])
def test_matrix(role: str | None, users: dict[str, Any]) -> None:
    from django.urls import reverse

    client = Client()
    if role:
        client.force_login(users[role])
    failures = []
    for name, _route, pattern in internal_views():
        perm = getattr(pattern.callback, "required_perm", None)
        if perm is None:  # reported by test_every_internal_view_declares_a_permission
            continue
        kwargs = {k: SAMPLE_KWARGS[k] for k in pattern.pattern.regex.groupindex}
        url = reverse(name, kwargs=kwargs)
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url, {})
        allowed = role is not None and perm in ROLE_PERMISSIONS[Role(role)]
        if role is None:
            ok = response.status_code == 302 and "/login/" in response["Location"]
        elif allowed:
            ok = response.status_code not in (403, 500)
        else:
            ok = response.status_code == 403
        if not ok:
            failures.append((name, url, response.status_code, "allowed" if allowed else "denied"))
    assert not failures, failures
