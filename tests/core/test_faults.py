"""Faults: the database connections of a running server die (PostgreSQL: their server processes
are terminated). The request in flight gets a clean error page or a 503 from /healthz, nothing is
half-written, and the next request works again. Runs against gunicorn, as in production."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import pytest
from django.db import connection
from django.test import Client

pytestmark = pytest.mark.django_db(transaction=True)


def kill_server_connections() -> None:
    """Terminate every server process of the test database but this test's own."""
    import psycopg

    connection.ensure_connection()
    mine = connection.connection.info.backend_pid
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "localhost",
        port=db["PORT"] or 5432,
        user=db["USER"],
        dbname=db["NAME"],
        autocommit=True,
    ) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> %s",
            [mine],
        )


def fetch(url: str, cookie: str = "", data: dict[str, str] | None = None) -> tuple[int, str]:
    body = None
    headers = {"Cookie": cookie}
    if data is not None:
        body = urllib.parse.urlencode(data).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.fixture
def server() -> Any:
    """gunicorn (one sync worker, as in production) on the test database, with persistent
    connections and no pre-request health check, so a request meets the dead connection."""
    import os
    import socket
    import subprocess
    import sys
    import time
    from pathlib import Path

    if connection.vendor != "postgresql":
        pytest.skip("terminating the server processes needs PostgreSQL")
    db = connection.settings_dict
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    root = Path(__file__).resolve().parents[2]
    env = dict(
        os.environ,
        PYTHONPATH=str(root / "src"),
        DB_CONN_MAX_AGE="600",
        DB_CONN_HEALTH_CHECKS="0",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or 'localhost'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "tailsafe.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "60",
        ],
        env=env,
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def session_cookie(user: Any) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def test_healthz_reports_503_then_recovers(server: str) -> None:
    url = f"{server}/healthz"
    assert fetch(url)[0] == 200
    kill_server_connections()
    status, body = fetch(url)
    assert status == 503
    assert json.loads(body)["status"] == "error"
    assert fetch(url)[0] == 200


def test_a_page_fails_cleanly_then_recovers(server: str, users: dict[str, Any]) -> None:
    url = f"{server}/governance/members/"
    cookie = session_cookie(users["member"])
    assert fetch(url, cookie)[0] == 200
    kill_server_connections()
    status, body = fetch(url, cookie)
    assert status == 500
    assert "Temporary error" in body
    assert "Traceback" not in body
    assert fetch(url, cookie)[0] == 200
