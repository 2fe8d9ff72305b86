"""Helpers for real concurrency tests: each thread has its own database connection (Django's
connections are per thread), so two service calls run in two PostgreSQL transactions at once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections


def needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions on separate connections need PostgreSQL")


class Outcome:
    """What a thread's call returned or raised."""

    def __init__(self) -> None:
        self.value: Any = None
        self.error: BaseException | None = None


def start(fn: Callable[[], Any]) -> tuple[threading.Thread, Outcome]:
    outcome = Outcome()

    def run() -> None:
        try:
            outcome.value = fn()
        except BaseException as exc:  # reported to the test through `outcome`
            outcome.error = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def run_at_once(calls: list[Callable[[], Any]], timeout: float = 30) -> list[Outcome]:
    """Start every call in its own thread, release them together (a barrier), wait for all."""
    barrier = threading.Barrier(len(calls))

    def gated(fn: Callable[[], Any]) -> Callable[[], Any]:
        def go() -> Any:
            barrier.wait(timeout)
            return fn()

        return go

    started = [start(gated(fn)) for fn in calls]
    for thread, _outcome in started:
        thread.join(timeout)
        assert not thread.is_alive(), "a concurrent call hung"
    return [outcome for _thread, outcome in started]


def wait_for_lock_waiters(count: int, timeout: float = 10) -> None:
    """Wait until `count` other sessions of the test database wait for a row lock."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            row = cursor.fetchone()
            if row is not None and row[0] >= count:
                return
            time.sleep(0.05)
    raise AssertionError(f"no {count} session(s) waiting for a lock after {timeout} s")
