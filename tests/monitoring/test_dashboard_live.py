"""The dashboard's alerts panel is always live (issue 20): an alert raised between two visits is
on the second, while the cached panels beside it are served from the cache."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_alert_raised_is_on_the_next_dashboard(
    run_import: Callable[..., Any], programme: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(programme["secretariat"])
    url = reverse("dashboard:home")
    assert "0 open alerts" in client.get(url).content.decode()
    assert "0 open alerts" in client.get(url).content.decode()  # warm: cached panels used
    run_import("point;parameter;taken_at;value\nDN-1;uranium;2025-03-02 10:00;0,05\n")
    body = client.get(url).content.decode()
    assert "2 open alerts" in body
    assert "DN-1 · Uranium" in body
