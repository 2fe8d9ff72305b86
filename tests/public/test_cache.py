"""The public page, feed and CAP documents are cached and invalidated at once on publish
(issue 19, item 6): public/signals.py receivers bump the cache's version (core.versioned)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tailsafe.public import cache, services

pytestmark = pytest.mark.django_db


def test_cached_until_anything_published_changes(
    api_data: dict[str, Any], users: dict[str, Any]
) -> None:
    calls = []

    def build() -> int:
        calls.append(1)
        return len(calls)

    assert cache.cached("k", build) == 1
    assert cache.cached("k", build) == 1  # served from the cache
    alert = api_data["alert"]
    services.set_published(users["secretariat"], "alert", alert.pk, True)
    assert cache.cached("k", build) == 2  # the publish invalidated it


def test_a_publish_shows_at_once_and_the_csrf_token_is_the_readers(
    api_data: dict[str, Any], users: dict[str, Any]
) -> None:
    alert = api_data["alert"]
    anonymous = Client()
    assert f"/public/alerts/{alert.pk}/cap.xml" not in anonymous.get("/public/").content.decode()
    assert anonymous.get(f"/public/alerts/{alert.pk}/cap.xml").status_code == 404
    services.set_published(users["secretariat"], "alert", alert.pk, True)
    page = anonymous.get("/public/").content.decode()
    assert f"/public/alerts/{alert.pk}/cap.xml" in page
    assert "csrf-placeholder" not in page
    assert anonymous.get(f"/public/alerts/{alert.pk}/cap.xml").status_code == 200
    assert f"/alerts/{alert.pk}/cap.xml" in anonymous.get("/public/alerts.atom").content.decode()


def test_a_readers_message_is_not_cached_for_others(db: None) -> None:
    reader = Client()
    reader.post("/language/", {"language": "xx", "next": "/public/"})
    assert "xx" in reader.get("/public/").content.decode()
    assert "xx" not in Client().get("/public/").content.decode()
