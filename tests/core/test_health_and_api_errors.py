"""/healthz proves the database accepts a write, and every /api/ error is JSON (issue 14)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client

from tailsafe.core.models import Heartbeat


@pytest.mark.django_db
def test_healthz_ok_and_leaves_no_heartbeat_row() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert Heartbeat.objects.count() == 0  # the write was rolled back


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query_only pragma")
def test_healthz_503_when_sqlite_is_read_only() -> None:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA query_only = ON")
    try:
        response = Client().get("/healthz")
    finally:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = OFF")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert "readonly" in body["database"].replace(" ", "").lower()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL read-only transactions")
def test_healthz_503_when_postgresql_is_read_only() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET default_transaction_read_only = on")
    try:
        response = Client().get("/healthz")
    finally:
        connection.close()  # the next connection has the server's default (read-write)
    assert response.status_code == 503
    assert "read-only" in response.json()["database"]
    assert Client().get("/healthz").status_code == 200  # and it recovers


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/facilities/abc/",
        "/api/v1/alerts/1e9/",
        "/api/v1/nothing-here/",
        "/api/v1/public/facilities/%00/",
        "/api/v1/meetings/99999999999999999999999/",
    ],
)
def test_api_404_is_json(url: str, client_as: Any) -> None:
    for client in (Client(), client_as("secretariat")):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["detail"]


@pytest.mark.django_db
def test_web_404_stays_a_page(client_as: Any) -> None:
    response = client_as("secretariat").get("/facilities/abc/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_api_500_is_json(client_as: Any, monkeypatch: Any) -> None:
    from tailsafe.api import views

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(views.InstitutionViewSet, "list", broken)
    client = client_as("secretariat")
    client.raise_request_exception = False
    response = client.get("/api/v1/institutions/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert "a bug" not in response.content.decode()  # no internals leak
