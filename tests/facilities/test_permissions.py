"""The permission matrix restricted to the facilities views (the global one covers all)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from tailsafe.core.permissions import ROLE_PERMISSIONS
from tailsafe.core.roles import Role
from tests.core.test_permission_matrix import SAMPLE_KWARGS, walk


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, *[r.value for r in Role]])
def test_facilities_matrix(role: str | None, users: dict[str, Any]) -> None:
    client = Client()
    if role:
        client.force_login(users[role])
    failures = []
    views = [v for v in walk(get_resolver()) if v[0].startswith("facilities:")]
    assert len(views) >= 12
    for name, _route, pattern in views:
        perm = pattern.callback.required_perm
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
            failures.append((name, url, response.status_code))
    assert not failures, failures
